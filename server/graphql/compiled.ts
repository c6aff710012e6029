/**
 * Known documents planned once. The general path (Yoga, graphql-js, Pothos) plans a page's SQL from
 * the selection and calls a resolver per field on every request: about three quarters of the
 * uncached model page's time, for a statement PostgreSQL runs in about a millisecond. A known
 * document (the persisted contract's ModelPage) is planned here once, at the first request:
 *
 * - its statement is the one Pothos plans: the document is executed once in planning mode, and the
 *   root field hands its relational query over instead of running it (`Context.planning`, see
 *   the `model` field). The slug becomes a placeholder; Drizzle builds the SQL text and its row
 *   mapper once, and each request binds the slug to the prepared statement;
 * - its answer is built from the row by the schema's own resolvers (Pothos keeps each field's
 *   resolver before its plugins wrap it), walked along the document planned once: no execution
 *   context, info objects or per-field plugin wrappers.
 *
 * The answer is the general path's to the byte (test/api/compiled.test.ts checks every demo model on
 * both databases). Anything unusual — a null where the schema says non-null, a resolver that throws
 * or needs more than the row — makes `run` answer null, and the request takes the general path,
 * which gives the proper answer or error. Only documents whose every field is safe to serve this way
 * are compiled: object and scalar types only, constant arguments, no directives, and no field or type
 * with auth scopes (the general path's scope checks do not run here).
 */
import { sql } from 'drizzle-orm';
import {
  defaultFieldResolver,
  execute,
  getArgumentValues,
  getNamedType,
  getNullableType,
  GraphQLEnumType,
  GraphQLList,
  GraphQLNonNull,
  GraphQLObjectType,
  GraphQLScalarType,
  Kind,
  parse,
  type FieldNode,
  type FragmentDefinitionNode,
  type GraphQLOutputType,
  type GraphQLResolveInfo,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type SelectionSetNode,
} from 'graphql';
import { inlineConstants, type DatabaseHandle } from '../../db/client.ts';
import type { Context } from '../context.ts';

/** Why a document or an answer is left to the general path. */
export class NotCompiled extends Error {}

/** What the compiled answer's resolvers may use of a request (the rest of Context is not there). */
export type CompiledContext = Pick<Context, 'db' | 'meta' | 'viewer' | 'requestId' | 'log'>;

type Complete = (value: unknown, ctx: CompiledContext) => unknown;
type Resolve = (parent: unknown, args: Record<string, unknown>, ctx: CompiledContext, info: GraphQLResolveInfo) => unknown;

/** Drizzle's prepared form of the planned statement: SQL text with a slug placeholder, and its row mapper. */
interface PreparedShape {
  query: { sql: string; params: unknown[] };
  mapper?: (rows: unknown[]) => unknown;
  mode: string;
}
interface Session {
  prepareQuery(query: PreparedShape['query'], mode: string, name: false, mapper: PreparedShape['mapper']): { execute(values: Record<string, unknown>): Promise<unknown> };
}

/** The one root field planned as SQL, and the root fields answered from the request's context alone. */
const plannedRootField = 'model';
const contextRootFields = new Set(['methodology']);
/** A slug no request can send (NUL is refused in variables), so the planned query is recognisable. */
const planningSlug = '\u0000planned-slug';

export interface CompiledAnswer {
  /** `{"data":…}`, as the general path would have sent it. */
  body: string;
  /** The model the page shows (its row id), or null when no published model has the slug. */
  modelId: number | null;
}

export class CompiledOperation {
  constructor(
    private readonly shape: PreparedShape,
    private readonly root: (row: unknown, ctx: CompiledContext) => unknown,
  ) {}

  /** The answer for a slug, or null when the general path must answer (see the module comment). */
  async run(slug: string, ctx: CompiledContext): Promise<CompiledAnswer | null> {
    const session = (ctx.db as unknown as { session: Session }).session;
    const row = (await session.prepareQuery(this.shape.query, this.shape.mode, false, this.shape.mapper).execute({ slug })) as { id?: number } | undefined;
    try {
      const data = await this.root(row ?? null, ctx);
      return { body: JSON.stringify({ data }), modelId: typeof row?.id === 'number' ? row.id : null };
    } catch {
      return null;
    }
  }
}

/**
 * Plans a document (the text a client sends) once: null when it is not one this module can answer
 * (see the module comment). `db` is used to plan, never to read.
 */
export async function compileOperation(schema: GraphQLSchema, handle: DatabaseHandle, context: Omit<CompiledContext, 'db'>, text: string): Promise<CompiledOperation | null> {
  try {
    const document = parse(text);
    const operations = document.definitions.filter((definition): definition is OperationDefinitionNode => definition.kind === Kind.OPERATION_DEFINITION);
    const operation = operations[0];
    if (operations.length !== 1 || !operation || operation.operation !== 'query') return null;
    const fragments = new Map<string, FragmentDefinitionNode>();
    for (const definition of document.definitions) if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments.set(definition.name.value, definition);
    const [variable, ...others] = operation.variableDefinitions ?? [];
    if (!variable || others.length || variable.variable.name.value !== 'slug' || typeText(variable.type) !== 'String!' || variable.defaultValue) return null;

    const queryType = schema.getQueryType()!;
    const scope: Scope = { schema, operation, fragments };
    const rootFields = collectFields(queryType, [operation.selectionSet], fragments);
    const planned = rootFields.get(plannedRootField);
    for (const [key, nodes] of rootFields) {
      const name = nodes[0]!.name.value;
      if (key !== name || (name !== plannedRootField && !contextRootFields.has(name) && name !== '__typename')) return null;
    }
    const slugArgument = planned?.[0]?.arguments ?? [];
    if (!planned || planned.length !== 1 || slugArgument.length !== 1 || slugArgument[0]!.name.value !== 'slug' || slugArgument[0]!.value.kind !== Kind.VARIABLE) return null;

    // The statement Pothos plans for this selection, with the slug as a placeholder.
    let kept: { where?: Record<string, unknown> } | undefined;
    const planning = { ...context, db: handle.db, planning: { keep: (field: string, query: object) => field === plannedRootField && (kept = query) } };
    const result = await execute({ schema, document, variableValues: { slug: planningSlug }, contextValue: planning });
    if (result.errors?.length || !kept || kept.where?.slug !== planningSlug) return null;
    const query = handle.db.query.models.findFirst({ ...kept, where: { ...kept.where, slug: sql.placeholder('slug') } } as never) as unknown as { _prepare(): PreparedShape };
    const { query: built, mapper, mode } = query._prepare();
    // The constants inlined once (db/client.ts would do it on every execution otherwise).
    const [inlined, params] = inlineConstants(built.sql, built.params);
    const statement = { sql: inlined, params };

    const fields = [...rootFields].map(([key, nodes]): [string, (row: unknown, ctx: CompiledContext) => unknown] => {
      const name = nodes[0]!.name.value;
      if (name === '__typename') return [key, () => queryType.name];
      const field = queryType.getFields()[name]!;
      const complete = completer(field.type, nodes, scope);
      if (name === plannedRootField) return [key, (row, ctx) => complete(row, ctx)];
      const resolve = resolverOf(queryType, name);
      const info = infoOf(scope, queryType, nodes);
      return [key, (_row, ctx) => completeField(resolve(undefined, {}, ctx, info), complete, ctx)];
    });
    return new CompiledOperation({ query: statement, mapper, mode }, (row, ctx) => buildObject(fields, row, ctx));
  } catch (error) {
    if (error instanceof NotCompiled) return null;
    throw error;
  }
}

const typeText = (type: { kind: Kind; type?: unknown; name?: { value: string } }): string =>
  type.kind === Kind.NON_NULL_TYPE ? `${typeText(type.type as never)}!` : type.kind === Kind.LIST_TYPE ? `[${typeText(type.type as never)}]` : type.name!.value;

interface Scope {
  schema: GraphQLSchema;
  operation: OperationDefinitionNode;
  fragments: Map<string, FragmentDefinitionNode>;
}

/**
 * What a resolver is told of its field: the same for every request (no resolver on a compiled page
 * reads more than its field's name and types; none reads the path).
 */
function infoOf(scope: Scope, parentType: GraphQLObjectType, fieldNodes: FieldNode[]): GraphQLResolveInfo {
  const fieldName = fieldNodes[0]!.name.value;
  return {
    fieldName,
    fieldNodes,
    returnType: parentType.getFields()[fieldName]!.type,
    parentType,
    path: { prev: undefined, key: fieldNodes[0]!.alias?.value ?? fieldName, typename: parentType.name },
    schema: scope.schema,
    fragments: Object.fromEntries(scope.fragments),
    rootValue: undefined,
    operation: scope.operation,
    variableValues: {},
  };
}

/** The schema's own resolver of a field, before Pothos's plugins wrap it; refused where scopes apply. */
function resolverOf(type: GraphQLObjectType, name: string): Resolve {
  const field = type.getFields()[name];
  const options = field?.extensions.pothosOptions as { authScopes?: unknown; grantScopes?: unknown } | undefined;
  const typeOptions = type.extensions.pothosOptions as { authScopes?: unknown; grantScopes?: unknown } | undefined;
  const resolve = field?.extensions.pothosOriginalResolve;
  if (!field || typeof resolve !== 'function' || options?.authScopes || options?.grantScopes || typeOptions?.authScopes || typeOptions?.grantScopes) {
    throw new NotCompiled(`${type.name}.${name}`);
  }
  // graphql-js's default resolver reads the property named like the field (its info is not needed).
  if (resolve === defaultFieldResolver) return (parent) => (parent as Record<string, unknown>)[name];
  return resolve as Resolve;
}

const isThenable = (value: unknown): value is PromiseLike<unknown> => typeof (value as { then?: unknown } | null)?.then === 'function';

function completeField(value: unknown, complete: Complete, ctx: CompiledContext): unknown {
  return isThenable(value) ? Promise.resolve(value).then((settled) => complete(settled, ctx)) : complete(value, ctx);
}

/** An object of the answer, key by key in the document's order; a promise when a field's value is one. */
function buildObject(fields: [string, (parent: unknown, ctx: CompiledContext) => unknown][], parent: unknown, ctx: CompiledContext): unknown {
  const out: Record<string, unknown> = {};
  let pending: Promise<unknown>[] | undefined;
  for (const [key, field] of fields) {
    const value = field(parent, ctx);
    out[key] = value;
    if (isThenable(value)) (pending ??= []).push(Promise.resolve(value).then((settled) => (out[key] = settled)));
  }
  return pending ? Promise.all(pending).then(() => out) : out;
}

/** graphql-js's completeValue for the types a compiled document may use; throws where the general path would report an error. */
function completer(type: GraphQLOutputType, nodes: FieldNode[], scope: Scope): Complete {
  if (type instanceof GraphQLNonNull) {
    const inner = completer(type.ofType, nodes, scope);
    return (value, ctx) => {
      if (value == null) throw new NotCompiled('null in a non-null field');
      return inner(value, ctx);
    };
  }
  const inner = nonNullCompleter(getNullableType(type), nodes, scope);
  return (value, ctx) => (value == null ? null : inner(value, ctx));
}

function nonNullCompleter(type: GraphQLOutputType, nodes: FieldNode[], scope: Scope): Complete {
  if (type instanceof GraphQLList) {
    const item = completer(type.ofType, nodes, scope);
    return (value, ctx) => {
      if (!Array.isArray(value)) throw new NotCompiled('not a list');
      const items = value.map((entry) => completeField(entry, item, ctx));
      return items.some(isThenable) ? Promise.all(items) : items;
    };
  }
  if (type instanceof GraphQLScalarType || type instanceof GraphQLEnumType) {
    return (value) => {
      const serialized = type.serialize(value);
      if (serialized == null) throw new NotCompiled('not serialisable');
      return serialized;
    };
  }
  if (!(type instanceof GraphQLObjectType)) throw new NotCompiled(`abstract type ${getNamedType(type).name}`);
  const selected = collectFields(type, nodes.map((node) => node.selectionSet!), scope.fragments);
  const fields = [...selected].map(([key, fieldNodes]): [string, (parent: unknown, ctx: CompiledContext) => unknown] => {
    const name = fieldNodes[0]!.name.value;
    if (name === '__typename') return [key, () => type.name];
    const resolve = resolverOf(type, name);
    const field = type.getFields()[name]!;
    const args = constantArguments(field, fieldNodes);
    const complete = completer(field.type, fieldNodes, scope);
    const info = infoOf(scope, type, fieldNodes);
    return [key, (parent, ctx) => completeField(resolve(parent, args, ctx, info), complete, ctx)];
  });
  return (value, ctx) => buildObject(fields, value, ctx);
}

/** The arguments of a field asked with constants only (coerced as graphql-js does), the same for every request. */
function constantArguments(field: Parameters<typeof getArgumentValues>[0], nodes: FieldNode[]): Record<string, unknown> {
  const [node, ...others] = nodes;
  const printed = (candidate: FieldNode) => JSON.stringify(candidate.arguments ?? []);
  if (!node || others.some((other) => printed(other) !== printed(node))) throw new NotCompiled('arguments differ');
  if ((node.arguments ?? []).some((argument) => JSON.stringify(argument.value).includes('"Variable"'))) throw new NotCompiled('variable argument');
  return getArgumentValues(field, node, {});
}

/** graphql-js's collectFields for an object type, without directives (a document using one is not compiled). */
function collectFields(type: GraphQLObjectType, selectionSets: SelectionSetNode[], fragments: Map<string, FragmentDefinitionNode>, into = new Map<string, FieldNode[]>(), seen = new Set<string>()): Map<string, FieldNode[]> {
  for (const selectionSet of selectionSets) {
    for (const selection of selectionSet.selections) {
      if (selection.directives?.length) throw new NotCompiled('directive');
      if (selection.kind === Kind.FIELD) {
        const key = selection.alias?.value ?? selection.name.value;
        const list = into.get(key);
        if (list) list.push(selection);
        else into.set(key, [selection]);
      } else if (selection.kind === Kind.INLINE_FRAGMENT) {
        if (selection.typeCondition && selection.typeCondition.name.value !== type.name) throw new NotCompiled('type condition');
        collectFields(type, [selection.selectionSet], fragments, into, seen);
      } else {
        const fragment = fragments.get(selection.name.value);
        if (!fragment || fragment.directives?.length || fragment.typeCondition.name.value !== type.name) throw new NotCompiled('fragment');
        if (seen.has(fragment.name.value)) continue;
        seen.add(fragment.name.value);
        collectFields(type, [fragment.selectionSet], fragments, into, seen);
      }
    }
  }
  return into;
}
