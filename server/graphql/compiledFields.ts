/**
 * The answer of a compiled document (server/graphql/compiled.ts), built along the document as
 * graphql-js's execution would: its collectFields and completeValue for the types a compiled document
 * may use (objects, lists, scalars, enums), with the schema's own resolvers (Pothos keeps each
 * field's resolver before its plugins wrap it) and arguments coerced once. Whatever the general path
 * would report as an error throws here (NotCompiled), and the request takes the general path.
 */
import {
  defaultFieldResolver,
  getArgumentValues,
  getNamedType,
  getNullableType,
  GraphQLEnumType,
  GraphQLList,
  GraphQLNonNull,
  GraphQLObjectType,
  GraphQLScalarType,
  Kind,
  type FieldNode,
  type FragmentDefinitionNode,
  type GraphQLOutputType,
  type GraphQLResolveInfo,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type SelectionSetNode,
} from 'graphql';
import type { Context } from '../context.ts';

/** Why a document or an answer is left to the general path. */
export class NotCompiled extends Error {}

/** What the compiled answer's resolvers may use of a request (the rest of Context is not there). */
export type CompiledContext = Pick<Context, 'db' | 'meta' | 'viewer' | 'requestId' | 'log'>;

export type Complete = (value: unknown, ctx: CompiledContext) => unknown;
export type Resolve = (parent: unknown, args: Record<string, unknown>, ctx: CompiledContext, info: GraphQLResolveInfo) => unknown;
export type FieldWriter = (parent: unknown, ctx: CompiledContext) => unknown;

export const typeText = (type: { kind: Kind; type?: unknown; name?: { value: string } }): string =>
  type.kind === Kind.NON_NULL_TYPE ? `${typeText(type.type as never)}!` : type.kind === Kind.LIST_TYPE ? `[${typeText(type.type as never)}]` : type.name!.value;

export interface Scope {
  schema: GraphQLSchema;
  operation: OperationDefinitionNode;
  fragments: Map<string, FragmentDefinitionNode>;
}

/**
 * What a resolver is told of its field: the same for every request (no resolver on a compiled page
 * reads more than its field's name and types; none reads the path).
 */
export function infoOf(scope: Scope, parentType: GraphQLObjectType, fieldNodes: FieldNode[]): GraphQLResolveInfo {
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
export function resolverOf(type: GraphQLObjectType, name: string): Resolve {
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

export const isThenable = (value: unknown): value is PromiseLike<unknown> => typeof (value as { then?: unknown } | null)?.then === 'function';

export function completeField(value: unknown, complete: Complete, ctx: CompiledContext): unknown {
  return isThenable(value) ? Promise.resolve(value).then((settled) => complete(settled, ctx)) : complete(value, ctx);
}

/** An object of the answer, key by key in the document's order; a promise when a field's value is one. */
export function buildObject(fields: [string, FieldWriter][], parent: unknown, ctx: CompiledContext): unknown {
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
export function completer(type: GraphQLOutputType, nodes: FieldNode[], scope: Scope): Complete {
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
export function collectFields(type: GraphQLObjectType, selectionSets: SelectionSetNode[], fragments: Map<string, FragmentDefinitionNode>, into = new Map<string, FieldNode[]>(), seen = new Set<string>()): Map<string, FieldNode[]> {
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
