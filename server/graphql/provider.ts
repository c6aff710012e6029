import { and, eq } from 'drizzle-orm';
import { models } from '../../db/schema/index.ts';
import { isRowId } from '../catalog/ids.ts';
import { ValidationError } from '../errors.ts';
import { createProvider, updateProvider } from '../catalog/entries.ts';
import { providerSchema } from '../catalog/entryInputs.ts';
import { rowIdOf } from '../catalog/ids.ts';
import { expectedVersion, parseInput } from '../catalog/inputs.ts';
import { write } from '../catalog/write.ts';
import { builder } from './builder.ts';
import { PublicationState } from './enums.ts';
import { writeErrors } from './errors.ts';
import { appliedOrPending, payload, sentForReview, versionArgs } from './payload.ts';
import { entryEditorFields, listedStates, publicationArgDescription, publicationField } from './publication.ts';
import { revisableWriteErrors } from './revision.ts';
import { isPublished, published } from '../catalog/visibility.ts';

export const Provider = builder.drizzleNode('providers', {
  name: 'Provider',
  description: 'A company that makes and serves models.',
  id: { column: (provider) => provider.id },
  // The id, for the count of its models.
  select: { columns: { id: true } },
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
    // The plugin's own `totalCount: true` renders its join condition as a list of chunks on
    // drizzle-orm 1.0.0-rc.5 (invalid SQL), so the count is a statement of its own, asked only when wanted.
    models: t.relatedConnection(
      'models',
      {
        description: 'Published models of this provider, newest first.',
        query: (args) => {
          idCursor(args.after, 'after');
          idCursor(args.before, 'before');
          return { where: published, orderBy: { id: 'desc' } };
        },
      },
      {
        fields: (connection) => ({
          totalCount: connection.int({
            resolve: (page, _args, ctx) => {
              const provider = (page as unknown as { parent: { id: number } }).parent;
              return ctx.db.$count(models, and(eq(models.providerId, provider.id), isPublished(models.publication)));
            },
          }),
        }),
      },
    ),
  }),
});

/** A cursor of a list ordered by id (`DC:N:7`); a forged one would reach PostgreSQL as no integer. */
function idCursor(cursor: string | null | undefined, argument: 'after' | 'before') {
  if (cursor == null) return;
  const match = /^DC:N:(\d{1,10})$/.exec(Buffer.from(cursor, 'base64').toString('utf8'));
  if (!match || !isRowId(Number(match[1]))) {
    throw ValidationError.field(argument, 'This cursor does not come from this list; start again from the first page.');
  }
}

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
      ctx.db.query.providers.findFirst(query({ where: { slug: args.slug, ...published } })),
  }),
}));

// Editing (server/catalog/entries.ts).

builder.drizzleObjectFields(Provider, (t) => entryEditorFields(t));

const ProviderInput = (name: string, required: boolean) =>
  builder.inputType(name, {
    fields: (t) => ({
      slug: t.string({ required }),
      name: t.string({ required }),
      website: t.string(),
      docsUrl: t.string(),
      apiBaseUrl: t.string(),
      apiKeyEnv: t.string(),
      npmPackage: t.string(),
      pythonPackage: t.string(),
    }),
  });

builder.mutationField('createProvider', (t) =>
  t.field({
    type: payload('CreateProviderSuccess', 'provider', Provider),
    description: 'Adds a provider as a draft.',
    authScopes: { editor: true },
    errors: { types: writeErrors, directResult: true },
    args: { input: t.arg({ type: ProviderInput('CreateProviderInput', true), required: true }) },
    resolve: async (_root, args, ctx) => {
      const input = parseInput(providerSchema, args.input);
      return { provider: await write(ctx, (w) => createProvider(w, input)) };
    },
  }),
);

builder.mutationField('updateProvider', (t) =>
  t.field({
    type: payload('UpdateProviderSuccess', 'provider', Provider),
    authScopes: { editor: true },
    description: `Changes a provider. ${sentForReview}`,
    errors: { types: revisableWriteErrors, directResult: true },
    args: { ...versionArgs(t), patch: t.arg({ type: ProviderInput('UpdateProviderInput', false), required: true }) },
    resolve: async (_root, args, ctx) => {
      const { id } = rowIdOf(String(args.id), 'Provider');
      const version = parseInput(expectedVersion, args.expectedVersion);
      const patch = parseInput(providerSchema.partial(), args.patch);
      return appliedOrPending('provider', await write(ctx, (w) => updateProvider(w, id, version, patch)));
    },
  }),
);

const provider = { type: Provider, field: 'provider' };
builder.mutationField('publishProvider', (t) => publicationField(t, 'Provider', { ...provider, success: 'PublishProviderSuccess', to: 'PUBLISHED' }));
builder.mutationField('retireProvider', (t) => publicationField(t, 'Provider', { ...provider, success: 'RetireProviderSuccess', to: 'RETIRED' }));
