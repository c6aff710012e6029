import SchemaBuilder from '@pothos/core';
import DrizzlePlugin from '@pothos/plugin-drizzle';
import ErrorsPlugin from '@pothos/plugin-errors';
import RelayPlugin, { resolveNodes } from '@pothos/plugin-relay';
import ScopeAuthPlugin from '@pothos/plugin-scope-auth';
import ValidationPlugin, { InputValidationError } from '@pothos/plugin-validation';
import { getTableConfig } from 'drizzle-orm/pg-core';
import { DateTimeResolver, JSONResolver, LocalDateResolver } from 'graphql-scalars';
import { GraphQLError, GraphQLScalarType, Kind, type GraphQLResolveInfo } from 'graphql';
import { relations } from '../../db/schema/index.ts';
import { isReviewer } from '../auth/viewer.ts';
import type { Context } from '../context.ts';
import { NotAuthorizedError } from '../errors.ts';
import { maxListLength, ListTooLongError } from '../http/security.ts';
import { visibleNodes } from '../catalog/visibility.ts';

export const builder = new SchemaBuilder<{
  Context: Context;
  DrizzleRelations: typeof relations;
  Scalars: {
    DateTime: { Input: Date; Output: string | Date };
    Date: { Input: string; Output: string };
    PartialDate: { Input: string; Output: string };
    JSON: { Input: unknown; Output: unknown };
  };
  AuthScopes: { editor: boolean; reviewer: boolean; admin: boolean };
  DefaultFieldNullability: false;
}>({
  // scope-auth early; relay before it so scopes see parsed global IDs; errors before it so a refused
  // mutation answers NotAuthorizedError in its result union (error types carry nothing private).
  plugins: [RelayPlugin, ErrorsPlugin, ScopeAuthPlugin, ValidationPlugin, DrizzlePlugin],
  defaultFieldNullability: false,
  drizzle: {
    client: (ctx) => ctx.db,
    getTableConfig,
    relations,
    defaultConnectionSize: 20,
    maxConnectionSize: 100,
  },
  relay: {
    clientMutationId: 'omit',
    cursorType: 'String',
    // A global ID is not proof of permission: node lookups apply the same rule as the lists
    // (server/catalog/visibility.ts), one statement per node type.
    nodeQueryOptions: {
      resolve: async (_root, { id }, ctx, _info, resolveNode) => ((await visibleNodes(ctx, [id]))[0] ? resolveNode(id) : null),
    },
    nodesQueryOptions: {
      args: { ids: { description: `At most ${maxListLength} global IDs.` } },
      resolve: (_root, { ids }, ctx, info) => resolveVisibleNodes(ids, ctx, info),
    },
  },
  scopeAuth: {
    authScopes: (ctx) => ({
      editor: ctx.viewer !== null,
      reviewer: isReviewer(ctx.viewer),
      admin: ctx.viewer?.role === 'ADMIN',
    }),
    unauthorizedError: (_parent, ctx) =>
      ctx.viewer
        ? new NotAuthorizedError('Your role does not allow this.')
        : new NotAuthorizedError('Sign in to do this.', false),
  },
  // An argument that fails its `validate` schema is the client's mistake: a typed BAD_USER_INPUT, with
  // the plugin's own message (not in any result union, so mutations answer it as before).
  validation: {
    validationError: (failure) =>
      new GraphQLError(new InputValidationError(failure).message, { extensions: { code: 'BAD_USER_INPUT' } }),
  },
  errors: {
    defaultTypes: [],
    // Mutation results are unions named after the field: CreateScoreResult = CreateScoreSuccess | errors.
    defaultUnionOptions: { name: ({ fieldName }) => `${fieldName[0]!.toUpperCase()}${fieldName.slice(1)}Result` },
  },
});

builder.addScalarType('DateTime', DateTimeResolver);
builder.addScalarType('JSON', JSONResolver);
builder.addScalarType('Date', LocalDateResolver, { description: 'A calendar date, YYYY-MM-DD.' });

const partialDatePattern = /^\d{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?)?$/;
builder.addScalarType(
  'PartialDate',
  new GraphQLScalarType({
    name: 'PartialDate',
    description: 'A calendar date to the precision its source gives: YYYY, YYYY-MM or YYYY-MM-DD.',
    serialize: (value) => String(value),
    parseValue: (value) => {
      if (typeof value !== 'string' || !partialDatePattern.test(value)) {
        throw new TypeError('PartialDate must be YYYY, YYYY-MM or YYYY-MM-DD');
      }
      return value;
    },
    parseLiteral: (ast) => {
      if (ast.kind !== Kind.STRING || !partialDatePattern.test(ast.value)) {
        throw new TypeError('PartialDate must be YYYY, YYYY-MM or YYYY-MM-DD');
      }
      return ast.value;
    },
  }),
);

builder.queryType({});
builder.mutationType({});

/**
 * `nodes(ids:)`: the plugin's own resolveNodes callback loads every requested id whatever it is given,
 * so its exported resolveNodes is called with hidden ids replaced by null (their rows are never
 * loaded), and every hidden slot is nulled again by index.
 */
async function resolveVisibleNodes(ids: readonly { id: string; typename: string }[], ctx: Context, info: GraphQLResolveInfo): Promise<unknown[]> {
  if (ids.length > maxListLength) throw new ListTooLongError('ids', ids.length);
  const shown = await visibleNodes(ctx, ids);
  const nodes = await resolveNodes(builder as never, ctx, info, ids.map((id, index) => (shown[index] ? id : null)) as never);
  return nodes.map((node, index) => (shown[index] ? node : null));
}
