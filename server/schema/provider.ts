import { builder } from './builder.ts';
import { PublicationState } from './enums.ts';
import { listedStates, publicationArgDescription } from './publication.ts';

export const Provider = builder.drizzleNode('providers', {
  name: 'Provider',
  description: 'A company that makes and serves models.',
  id: { column: (provider) => provider.id },
  select: {},
  fields: (t) => ({
    slug: t.exposeString('slug'),
    name: t.exposeString('name'),
    website: t.exposeString('website', { nullable: true }),
    docsUrl: t.exposeString('docsUrl', { nullable: true }),
    api: t.field({
      type: ProviderApi,
      description: 'What a client needs to call the provider; code snippets are built from it.',
      select: { columns: { apiBaseUrl: true, apiKeyEnv: true, npmPackage: true, pythonPackage: true } },
      resolve: (provider) => provider,
    }),
    models: t.relatedConnection('models', {
      description: 'Published models of this provider, newest first.',
      totalCount: true,
      query: () => ({ where: { publication: 'PUBLISHED' }, orderBy: { id: 'desc' } }),
    }),
  }),
});

const ProviderApi = builder
  .objectRef<{ apiBaseUrl: string | null; apiKeyEnv: string | null; npmPackage: string | null; pythonPackage: string | null }>(
    'ProviderApi',
  )
  .implement({
    fields: (t) => ({
      baseUrl: t.exposeString('apiBaseUrl', { nullable: true }),
      apiKeyEnv: t.exposeString('apiKeyEnv', { nullable: true }),
      npmPackage: t.exposeString('npmPackage', { nullable: true }),
      pythonPackage: t.exposeString('pythonPackage', { nullable: true }),
    }),
  });

builder.queryFields((t) => ({
  providers: t.drizzleField({
    type: ['providers'],
    description: 'Published providers by name.',
    args: { publication: t.arg({ type: [PublicationState], description: publicationArgDescription }) },
    resolve: (query, _parent, args, ctx) =>
      ctx.db.query.providers.findMany(
        query({ where: { publication: { in: listedStates(ctx, args.publication) } }, orderBy: { name: 'asc', id: 'asc' } }),
      ),
  }),
  provider: t.drizzleField({
    type: 'providers',
    nullable: true,
    args: { slug: t.arg.string({ required: true }) },
    resolve: (query, _parent, args, ctx) =>
      ctx.db.query.providers.findFirst(query({ where: { slug: args.slug, publication: 'PUBLISHED' } })),
  }),
}));
