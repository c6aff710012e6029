import { eq } from 'drizzle-orm';
import { z } from 'zod';
import { benchmarks, sources, type EvidenceStatus as EvidenceStatusValue } from '../../db/schema/index.ts';
import { rowIdOf } from '../catalog/ids.ts';
import { boundedNumber, mayBeEmptyText, parseInput } from '../catalog/inputs.ts';
import { factValue } from '../catalog/numbers.ts';
import { judge, latestCapture, valueOfFact } from '../evidence/evaluate.ts';
import { findValue, renderingsOf, textFragmentUrl, type ValueToFind } from '../evidence/valueMatch.ts';
import { NotFoundError, ValidationError } from '../errors.ts';
import type { Context } from '../context.ts';
import { builder } from './builder.ts';
import { EvidenceStatus } from './enums.ts';
import { ModelFactKind } from './modelFact.ts';
import { SourceSnapshot, snapshotById } from './snapshot.ts';

// The check of a number against its source's latest capture before it is saved, so an editor sees
// as they type whether the page says it. It is the check a save makes (evaluateClaim): a number not
// saved yet has no earlier evidence, so it is never PAGE_CHANGED.

interface EvidenceCheckData {
  status: EvidenceStatusValue;
  excerpt: string | null;
  highlight: { start: number; end: number } | null;
  explanation: string;
  renderings: string[];
  snapshotId: number | null;
  quoteUrl: string;
}

const TextSpan = builder.objectRef<{ start: number; end: number }>('TextSpan').implement({
  description: 'A span of a text by UTF-16 offsets: start inclusive, end exclusive (as String.prototype.slice takes them).',
  fields: (t) => ({ start: t.exposeInt('start'), end: t.exposeInt('end') }),
});

const EvidenceCheck = builder.objectRef<EvidenceCheckData>('EvidenceCheck').implement({
  description: "A number checked against its source's latest capture before it is saved (nothing is written).",
  fields: (t) => ({
    status: t.field({ type: EvidenceStatus, description: 'As the save would record it (never PAGE_CHANGED: an unsaved number has no earlier evidence).', resolve: (check) => check.status }),
    excerpt: t.string({ nullable: true, description: 'The captured text around the number where it was found (null when it was not).', resolve: (check) => check.excerpt }),
    highlight: t.field({ type: TextSpan, nullable: true, description: 'Where the number is inside `excerpt`.', resolve: (check) => check.highlight }),
    explanation: t.exposeString('explanation', { description: 'Where the number was found, or why it was not, in one sentence.' }),
    renderings: t.exposeStringList('renderings', { description: 'The ways of writing the number that were looked for, e.g. 81.4, 81.4%, 0.814.' }),
    snapshot: t.field({
      type: SourceSnapshot,
      nullable: true,
      description: 'The capture the number was checked against (null when the source was never captured).',
      resolve: (check, _args, ctx) => snapshotById(ctx, check.snapshotId),
    }),
    quoteUrl: t.exposeString('quoteUrl', { description: 'The live page, opened at the quote where the browser supports text fragments.' }),
  }),
});

const ScoreValueToCheck = builder.inputType('ScoreValueToCheck', {
  fields: (t) => ({
    benchmark: t.id({ required: true, description: "Global ID of the Benchmark: its scale says how the score may be written (81.4 or 0.814)." }),
    value: t.float({ required: true }),
  }),
});
const FactValueToCheck = builder.inputType('FactValueToCheck', {
  fields: (t) => ({
    fact: t.field({ type: ModelFactKind, required: true }),
    value: t.string({ required: true, description: 'Dates as YYYY-MM or YYYY-MM-DD; token counts as whole numbers.' }),
  }),
});
const ValueToCheck = builder.inputType('ValueToCheck', {
  description: 'The number to look for: exactly one of a score, a price or a model fact.',
  isOneOf: true,
  fields: (t) => ({
    score: t.field({ type: ScoreValueToCheck }),
    usdPerMillionTokens: t.float({ description: 'A price, in USD per million tokens.' }),
    fact: t.field({ type: FactValueToCheck }),
  }),
});

// The bounds of the inputs a save takes (server/catalog/numbers.ts and inputs.ts).
const checkInput = z.object({
  // Either may be empty while the editor types.
  quote: mayBeEmptyText(1000)
    .transform((value) => value || null)
    .nullish(),
  locator: mayBeEmptyText(500).nullish(),
  value: z.object({
    score: z.object({ benchmark: z.string().max(200), value: boundedNumber() }).nullish(),
    usdPerMillionTokens: z.number().refine(Number.isFinite, 'Must be a finite number.').min(0, 'A price cannot be negative.').max(1e7, 'Too large.').nullish(),
    fact: z
      .object({ fact: z.string(), value: z.string().max(20, 'Too long.') })
      .superRefine((input, ctx) => {
        const problem = factValue(input.fact, input.value);
        if (problem) ctx.addIssue({ code: 'custom', path: ['value'], message: problem });
      })
      .nullish(),
  }),
});
type CheckInput = z.output<typeof checkInput>;

async function valueToFind(ctx: Context, value: CheckInput['value']): Promise<ValueToFind> {
  if (value.score) {
    const { id } = rowIdOf(value.score.benchmark, 'Benchmark');
    const [benchmark] = await ctx.db.select({ scaleMax: benchmarks.scaleMax }).from(benchmarks).where(eq(benchmarks.id, id));
    if (!benchmark) throw new NotFoundError('No Benchmark has this id.');
    return { kind: 'SCORE', value: value.score.value, scaleMax: Number(benchmark.scaleMax) };
  }
  if (value.usdPerMillionTokens != null) return { kind: 'PRICE', value: value.usdPerMillionTokens };
  if (value.fact) return valueOfFact(value.fact.fact, value.fact.value.trim());
  throw ValidationError.field('value', 'Give a score, a price or a fact to look for.');
}

builder.queryField('checkEvidence', (t) =>
  t.field({
    type: EvidenceCheck,
    description:
      "Checks a number against its source's latest capture before it is saved, as the save will: whether the page says it where the quote or locator points. Writes nothing; signed-in editors only.",
    authScopes: { editor: true },
    args: {
      source: t.arg.id({ required: true, description: 'Global ID of the cited Source.' }),
      value: t.arg({ type: ValueToCheck, required: true }),
      quote: t.arg.string({ description: 'The exact words around the number in the source (at most 1000 characters).' }),
      locator: t.arg.string({ description: 'Where in the source the number appears (at most 500 characters).' }),
    },
    resolve: async (_root, args, ctx) => {
      const input = parseInput(checkInput, { quote: args.quote, locator: args.locator, value: args.value });
      const { id: sourceId } = rowIdOf(String(args.source), 'Source');
      const [source] = await ctx.db.select({ url: sources.url }).from(sources).where(eq(sources.id, sourceId));
      if (!source) throw new NotFoundError('No Source has this id.');
      const value = await valueToFind(ctx, input.value);
      const quote = input.quote ?? null;
      const locator = input.locator ?? '';
      const capture = await latestCapture(ctx.db, sourceId);
      const result = judge({ value, quote, locator, evidenceStatus: 'UNCHECKED', evidenceSnapshotSha256: null }, capture);
      // judge gives the verdict a save records; only a match has a span to highlight, found again here.
      const highlight = result.status === 'FOUND' && capture?.text ? findValue(capture.text, value, { quote, locator }).highlight : null;
      let renderings: string[] = [];
      try {
        renderings = renderingsOf(value);
      } catch {
        // A value that cannot be searched for has no renderings; judge has said why (UNCHECKABLE).
      }
      return {
        status: result.status,
        excerpt: result.excerpt,
        highlight,
        explanation: result.explanation,
        renderings,
        snapshotId: result.snapshotId,
        quoteUrl: quote ? textFragmentUrl(source.url, quote) : source.url,
      };
    },
  }),
);
