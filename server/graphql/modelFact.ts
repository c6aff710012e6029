import { modelFactKinds } from '../../db/schema/index.ts';
import { rowIdOf } from '../catalog/ids.ts';
import { citeRule, expectedVersion, parseInput } from '../catalog/inputs.ts';
import { createModelFact, modelFactPatchSchema, modelFactSchema, updateModelFact } from '../catalog/numbers.ts';
import { write } from '../catalog/write.ts';
import { builder } from './builder.ts';
import { Citation, CitationInput, citationOf, citationSelection } from './citation.ts';
import { rejectClaimField, retireClaimField, verifyClaimField } from './claimWorkflow.ts';
import { versionedWriteErrors, writeErrors } from './errors.ts';
import { payload, versionArgs } from './payload.ts';

export const ModelFactKind = builder.enumType('ModelFactKind', { values: modelFactKinds });

/** A cited fact about a model as editors enter it; the public reads the verified one on Model. */
export const ModelFact = builder.drizzleNode('modelFacts', {
  name: 'ModelFact',
  description: 'A claim about a model (release date, knowledge cutoff, context window, max output tokens) with its citation.',
  id: { column: (fact) => fact.id },
  authScopes: { editor: true },
  fields: (t) => ({
    fact: t.expose('fact', { type: ModelFactKind }),
    value: t.exposeString('value', { description: 'Dates as YYYY-MM[-DD], token counts as digits.' }),
    model: t.relation('model'),
    citation: t.field({ type: Citation, select: citationSelection, resolve: citationOf }),
  }),
});

// Entering a fact, correcting it, and its review (server/catalog/numbers.ts and claims.ts).

export const ModelFactInput = builder.inputType('ModelFactInput', {
  fields: (t) => ({
    fact: t.field({ type: ModelFactKind, required: true }),
    value: t.string({ required: true, description: 'Dates as YYYY-MM or YYYY-MM-DD; token counts as whole numbers.' }),
    citation: t.field({ type: CitationInput, description: `Required. ${citeRule}` }),
    note: t.string(),
  }),
});
const CreateModelFactInput = builder.inputType('CreateModelFactInput', {
  fields: (t) => ({
    model: t.string({ required: true, description: 'Model slug.' }),
    fact: t.field({ type: ModelFactKind, required: true }),
    value: t.string({ required: true }),
    citation: t.field({ type: CitationInput, description: `Required. ${citeRule}` }),
    note: t.string(),
    submitForReview: t.boolean(),
  }),
});
const UpdateModelFactInput = builder.inputType('UpdateModelFactInput', {
  fields: (t) => ({ value: t.string(), citation: t.field({ type: CitationInput }), note: t.string() }),
});

builder.mutationField('createModelFact', (t) =>
  t.field({
    type: payload('CreateModelFactSuccess', 'fact', ModelFact),
    description: `Enters a fact about a model (release date, knowledge cutoff, context window, max output tokens). ${citeRule}`,
    authScopes: { editor: true },
    errors: { types: writeErrors, directResult: true },
    args: { input: t.arg({ type: CreateModelFactInput, required: true }) },
    resolve: async (_root, args, ctx) => {
      const input = parseInput(modelFactSchema, args.input);
      return { fact: await write(ctx, (w) => createModelFact(w, input)) };
    },
  }),
);

builder.mutationField('updateModelFact', (t) =>
  t.field({
    type: payload('UpdateModelFactSuccess', 'fact', ModelFact),
    authScopes: { editor: true },
    errors: { types: versionedWriteErrors, directResult: true },
    args: { ...versionArgs(t), patch: t.arg({ type: UpdateModelFactInput, required: true }) },
    resolve: async (_root, args, ctx) => {
      const patch = parseInput(modelFactPatchSchema, args.patch);
      const { id } = rowIdOf(String(args.id), 'ModelFact');
      const version = parseInput(expectedVersion, args.expectedVersion);
      return { fact: await write(ctx, (w) => updateModelFact(w, id, version, patch)) };
    },
  }),
);

const fact = { type: ModelFact, field: 'fact' };
builder.mutationField('verifyModelFact', (t) => verifyClaimField(t, 'ModelFact', { ...fact, success: 'VerifyModelFactSuccess' }));
builder.mutationField('rejectModelFact', (t) => rejectClaimField(t, 'ModelFact', { ...fact, success: 'RejectModelFactSuccess' }));
builder.mutationField('retireModelFact', (t) => retireClaimField(t, 'ModelFact', { ...fact, success: 'RetireModelFactSuccess' }));
