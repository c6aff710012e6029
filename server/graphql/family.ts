import { builder } from './builder.ts';
import { createFamily, updateFamily } from '../catalog/entries.ts';
import { familySchema } from '../catalog/entryInputs.ts';
import { rowIdOf } from '../catalog/ids.ts';
import { expectedVersion, parseInput } from '../catalog/inputs.ts';
import { write } from '../catalog/write.ts';
import { isPublicFamilyRow, isPublicModelRow, published } from '../catalog/visibility.ts';
import { PublicationState } from './enums.ts';
import { writeErrors } from './errors.ts';
import { appliedOrPending, payload, sentForReview, versionArgs } from './payload.ts';
import { entryEditorFields, listedStates, publicationArgDescription, publicationField } from './publication.ts';
import { revisableWriteErrors } from './revision.ts';

export const ModelFamily = builder.drizzleNode('modelFamilies', {
  name: 'ModelFamily',
  description: "A provider's line of related models (e.g. OpenAI's o-series reasoning models).",
  id: { column: (family) => family.id },
  select: {},
  fields: (t) => ({
    slug: t.exposeString('slug'),
    name: t.exposeString('name'),
    description: t.exposeString('description', { nullable: true }),
    // A public family's provider is public (the rule in visibility.ts requires it).
    provider: t.relation('provider'),
    models: t.relation('models', {
      description: 'Published members, in family order.',
      query: (_args, ctx) => ({
        where: ctx.viewer ? published : { RAW: (model) => isPublicModelRow(model) },
        orderBy: { familyPosition: 'asc', id: 'asc' },
      }),
    }),
  }),
});

builder.queryFields((t) => ({
  families: t.drizzleField({
    type: ['modelFamilies'],
    args: { provider: t.arg.string({ description: 'Provider slug.' }), publication: t.arg({ type: [PublicationState], description: publicationArgDescription }) },
    resolve: (query, _parent, args, ctx) =>
      ctx.db.query.modelFamilies.findMany(
        query({
          where: {
            publication: { in: listedStates(ctx, args.publication) },
            ...(ctx.viewer ? {} : { RAW: (family) => isPublicFamilyRow(family) }),
            ...(args.provider ? { provider: { slug: args.provider } } : {}),
          },
          orderBy: { name: 'asc', id: 'asc' },
        }),
      ),
  }),
  family: t.drizzleField({
    type: 'modelFamilies',
    nullable: true,
    args: { slug: t.arg.string({ required: true }) },
    resolve: (query, _parent, args, ctx) =>
      ctx.db.query.modelFamilies.findFirst(query({ where: { slug: args.slug, RAW: (family) => isPublicFamilyRow(family) } })),
  }),
}));

// Editing (server/catalog/entries.ts).

builder.drizzleObjectFields(ModelFamily, (t) => entryEditorFields(t));

const FamilyInput = (name: string, required: boolean) =>
  builder.inputType(name, {
    fields: (t) => ({
      slug: t.string({ required }),
      name: t.string({ required }),
      provider: t.string({ required, description: 'Provider slug.' }),
      description: t.string(),
    }),
  });

builder.mutationField('createFamily', (t) =>
  t.field({
    type: payload('CreateFamilySuccess', 'family', ModelFamily),
    description: "Adds a provider's model family as a draft.",
    authScopes: { editor: true },
    errors: { types: writeErrors, directResult: true },
    args: { input: t.arg({ type: FamilyInput('CreateFamilyInput', true), required: true }) },
    resolve: async (_root, args, ctx) => {
      const input = parseInput(familySchema, args.input);
      return { family: await write(ctx, (w) => createFamily(w, input)) };
    },
  }),
);

builder.mutationField('updateFamily', (t) =>
  t.field({
    type: payload('UpdateFamilySuccess', 'family', ModelFamily),
    authScopes: { editor: true },
    description: `Changes a family. ${sentForReview}`,
    errors: { types: revisableWriteErrors, directResult: true },
    args: { ...versionArgs(t), patch: t.arg({ type: FamilyInput('UpdateFamilyInput', false), required: true }) },
    resolve: async (_root, args, ctx) => {
      const { id } = rowIdOf(String(args.id), 'ModelFamily');
      const version = parseInput(expectedVersion, args.expectedVersion);
      const patch = parseInput(familySchema.partial(), args.patch);
      return appliedOrPending('family', await write(ctx, (w) => updateFamily(w, id, version, patch)));
    },
  }),
);

const family = { type: ModelFamily, field: 'family' };
builder.mutationField('publishFamily', (t) => publicationField(t, 'ModelFamily', { ...family, success: 'PublishFamilySuccess', to: 'PUBLISHED' }));
builder.mutationField('retireFamily', (t) => publicationField(t, 'ModelFamily', { ...family, success: 'RetireFamilySuccess', to: 'RETIRED' }));
