import { builder } from './builder.ts';
import { isPublicFamilyRow, isPublicModelRow } from '../catalog/visibility.ts';
import { PublicationState } from './enums.ts';
import { listedStates, publicationArgDescription } from './publication.ts';

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
        where: ctx.viewer ? { publication: 'PUBLISHED' } : { RAW: (model) => isPublicModelRow(model) },
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
