import { rowIdOf } from '../catalog/ids.ts';
import { citeRule, expectedVersion, parseInput } from '../catalog/inputs.ts';
import { createScore, scorePatchSchema, scoreSchema, updateScore } from '../catalog/numbers.ts';
import { write } from '../catalog/write.ts';
import { builder } from './builder.ts';
import { Citation, CitationInput, citationOf, citationSelection } from './citation.ts';
import { rejectClaimField, retireClaimField, verifyClaimField } from './claimWorkflow.ts';
import { versionedWriteErrors, writeErrors } from './errors.ts';
import { scoreDetailFields, scoreDetailInputFields } from './scoreConditions.ts';
import { payload, versionArgs } from './payload.ts';

export const Score = builder.drizzleNode('scores', {
  name: 'Score',
  description: "A model's result on a benchmark under a setting, with its citation.",
  id: { column: (score) => score.id },
  select: {},
  fields: (t) => ({
    value: t.exposeFloat('value'),
    setting: t.string({
      nullable: true,
      description: 'How the score was obtained, e.g. "pass@1, no tools".',
      select: { columns: { setting: true } },
      resolve: (score) => score.setting || null,
    }),
    model: t.relation('model'),
    benchmark: t.relation('benchmark'),
    ...scoreDetailFields(t),
    citation: t.field({ type: Citation, select: citationSelection, resolve: citationOf }),
    recordedIn: t.field({
      type: Citation,
      nullable: true,
      description:
        'For a score read from a dataset (models.dev): the dataset file it was read from, with its own evidence. The citation above is the page the dataset names.',
      select: { with: { datasetCitation: { with: { source: true } } } },
      resolve: (score) => (score.datasetCitation ? citationOf({ ...score.datasetCitation, quote: null }) : null),
    }),
  }),
});

/** A row of a leaderboard: a published score with its rank (ties share a rank). */
export const LeaderboardEntry = builder.drizzleObject('scores', {
  variant: 'LeaderboardEntry',
  select: {},
  fields: (t) => ({
    rank: t.int({ resolve: (entry) => Number((entry as unknown as { rank: number }).rank) }),
    value: t.exposeFloat('value'),
    setting: t.string({
      nullable: true,
      select: { columns: { setting: true } },
      resolve: (score) => score.setting || null,
    }),
    ...scoreDetailFields(t),
    model: t.relation('model'),
    benchmark: t.relation('benchmark'),
    citation: t.field({ type: Citation, select: citationSelection, resolve: citationOf }),
  }),
});

// Entering a score, correcting it, and its review (server/catalog/numbers.ts and claims.ts).

const CreateScoreInput = builder.inputType('CreateScoreInput', {
  fields: (t) => ({
    model: t.string({ required: true, description: 'Model slug, e.g. "o4-mini".' }),
    benchmark: t.string({ required: true, description: 'Benchmark slug, e.g. "gpqa-diamond".' }),
    value: t.float({ required: true, description: "Within the benchmark's scale." }),
    setting: t.string({ description: 'How it was obtained as a label, e.g. "pass@1, no tools" (read into conditions); prefer `conditions`.' }),
    ...scoreDetailInputFields(t),
    citation: t.field({ type: CitationInput, description: `Required. ${citeRule}` }),
    note: t.string(),
    submitForReview: t.boolean({ description: 'Put it straight into the review queue instead of keeping a draft.' }),
  }),
});
const UpdateScoreInput = builder.inputType('UpdateScoreInput', {
  description: 'Only the fields given change.',
  fields: (t) => ({
    value: t.float(),
    setting: t.string(),
    ...scoreDetailInputFields(t),
    citation: t.field({ type: CitationInput }),
    note: t.string(),
  }),
});

builder.mutationField('createScore', (t) =>
  t.field({
    type: payload('CreateScoreSuccess', 'score', Score),
    description: `Enters a benchmark score as a draft (or straight for review). ${citeRule}`,
    authScopes: { editor: true },
    errors: { types: writeErrors, directResult: true },
    args: { input: t.arg({ type: CreateScoreInput, required: true }) },
    resolve: async (_root, args, ctx) => {
      const input = parseInput(scoreSchema, args.input);
      return { score: await write(ctx, (w) => createScore(w, input)) };
    },
  }),
);

builder.mutationField('updateScore', (t) =>
  t.field({
    type: payload('UpdateScoreSuccess', 'score', Score),
    description: 'Edits a draft, pending or rejected score (a rejected one goes back to draft).',
    authScopes: { editor: true },
    errors: { types: versionedWriteErrors, directResult: true },
    args: { ...versionArgs(t), patch: t.arg({ type: UpdateScoreInput, required: true }) },
    resolve: async (_root, args, ctx) => {
      const patch = parseInput(scorePatchSchema, args.patch);
      const { id } = rowIdOf(String(args.id), 'Score');
      const version = parseInput(expectedVersion, args.expectedVersion);
      return { score: await write(ctx, (w) => updateScore(w, id, version, patch)) };
    },
  }),
);

const score = { type: Score, field: 'score' };
builder.mutationField('verifyScore', (t) => verifyClaimField(t, 'Score', { ...score, success: 'VerifyScoreSuccess' }));
builder.mutationField('rejectScore', (t) => rejectClaimField(t, 'Score', { ...score, success: 'RejectScoreSuccess' }));
builder.mutationField('retireScore', (t) => retireClaimField(t, 'Score', { ...score, success: 'RetireScoreSuccess' }));
