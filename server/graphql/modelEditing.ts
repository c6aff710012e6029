import { createModel, updateModel } from '../catalog/entries.ts';
import { modelSchema, newModelSchema } from '../catalog/entryInputs.ts';
import { rowIdOf } from '../catalog/ids.ts';
import { expectedVersion, parseInput } from '../catalog/inputs.ts';
import { write } from '../catalog/write.ts';
import { builder } from './builder.ts';
import { ModelStatus } from './enums.ts';
import { writeErrors } from './errors.ts';
import { Model } from './model.ts';
import { ModelFactInput } from './modelFact.ts';
import { appliedOrPending, payload, sentForReview, versionArgs } from './payload.ts';
import { entryEditorFields, publicationField } from './publication.ts';
import { revisableWriteErrors } from './revision.ts';

// Editing (server/catalog/entries.ts): what editors see of a model, and its mutations.

const editorOnly = { authScopes: { editor: true }, nullable: true } as const;
builder.drizzleObjectFields(Model, (t) => ({
  ...entryEditorFields(t),
  curated: t.exposeBoolean('curated', { ...editorOnly, description: 'Edited by people: imports hold their values for review.' }),
  scoreEntries: t.relation('scores', {
    ...editorOnly,
    description: 'Every score entry of the model in any state (drafts, pending, history).',
    query: { orderBy: { id: 'asc' } },
  }),
  priceEntries: t.relation('prices', { ...editorOnly, description: 'Every price entry in any state.', query: { orderBy: { id: 'asc' } } }),
  factEntries: t.relation('facts', { ...editorOnly, description: 'Every fact entry in any state.', query: { orderBy: { id: 'asc' } } }),
}));

const modelFields = (t: any, required: boolean) => ({
  slug: t.string({ required }),
  name: t.string({ required }),
  provider: t.string({ required, description: 'Provider slug.' }),
  family: t.string({ description: 'Family slug.' }),
  familyPosition: t.int(),
  apiModelId: t.string(),
  tagline: t.string(),
  about: t.string({ description: 'Markdown.' }),
  status: t.field({ type: ModelStatus }),
  licenseName: t.string(),
  openWeights: t.boolean(),
  inputModalities: t.stringList(),
  outputModalities: t.stringList(),
  strengths: t.stringList(),
  weaknesses: t.stringList(),
});
const CreateModelInput = builder.inputType('CreateModelInput', {
  fields: (t) => ({
    ...modelFields(t, true),
    facts: t.field({ type: [ModelFactInput], description: 'Cited facts entered with the model (as drafts).' }),
  }),
});
const UpdateModelInput = builder.inputType('UpdateModelInput', {
  description: 'Only the fields given change; facts, prices and scores are entries of their own.',
  fields: (t) => modelFields(t, false),
});

builder.mutationField('createModel', (t) =>
  t.field({
    type: payload('CreateModelSuccess', 'model', Model),
    description: 'Adds a model as a draft, with the cited facts given (as draft entries for review).',
    authScopes: { editor: true },
    errors: { types: writeErrors, directResult: true },
    args: { input: t.arg({ type: CreateModelInput, required: true }) },
    resolve: async (_root, args, ctx) => {
      const input = parseInput(newModelSchema, args.input);
      return { model: await write(ctx, (w) => createModel(w, input)) };
    },
  }),
);

builder.mutationField('updateModel', (t) =>
  t.field({
    type: payload('UpdateModelSuccess', 'model', Model),
    description: `Changes a model. Facts, prices and scores are separate, cited entries. ${sentForReview}`,
    authScopes: { editor: true },
    errors: { types: revisableWriteErrors, directResult: true },
    args: { ...versionArgs(t), patch: t.arg({ type: UpdateModelInput, required: true }) },
    resolve: async (_root, args, ctx) => {
      const { id } = rowIdOf(String(args.id), 'Model');
      const version = parseInput(expectedVersion, args.expectedVersion);
      const patch = parseInput(modelSchema.partial(), args.patch);
      return appliedOrPending('model', await write(ctx, (w) => updateModel(w, id, version, patch)));
    },
  }),
);

const model = { type: Model, field: 'model' };
builder.mutationField('publishModel', (t) => publicationField(t, 'Model', { ...model, success: 'PublishModelSuccess', to: 'PUBLISHED' }));
builder.mutationField('retireModel', (t) => publicationField(t, 'Model', { ...model, success: 'RetireModelSuccess', to: 'RETIRED' }));
