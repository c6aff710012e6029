import type { Identifier, RaRecord } from 'react-admin';
import { graphql } from './graphqlClient';
import { errorFields, unwrap, type Payload } from './payload';

/**
 * One mutation of the editor API: `name(args)` returning `NameResult = NameSuccess { key { … } } | errors`.
 * Resolves the changed record, or rejects with the typed error mapped for react-admin.
 */
export async function runMutation<T = RaRecord>(options: {
  name: string;
  /** Variable declarations, e.g. `$id: ID!, $patch: UpdateModelInput!`. */
  variables: string;
  /** The field's arguments, e.g. `id: $id, patch: $patch`. */
  args: string;
  /** The success payload's field holding the record, e.g. `model`. */
  key: string;
  /** Selection of the record. */
  fields: string;
  values: Record<string, unknown>;
  /** Maps API field-error paths to form paths, e.g. `{ 'citation.sourceId': 'citation.sourceId' }`. */
  renames?: Record<string, string>;
  /** Whether the result union holds ConflictError (by default: when the mutation takes an expected version). */
  versioned?: boolean;
}): Promise<T> {
  const success = `${options.name[0]!.toUpperCase()}${options.name.slice(1)}Success`;
  const document = `mutation ${success.replace(/Success$/, '')}(${options.variables}) {
    result: ${options.name}(${options.args}) {
      ${errorFields(options.versioned ?? options.variables.includes('$expectedVersion'))}
      ... on ${success} { ${options.key} { ${options.fields} } }
    }
  }`;
  const data = await graphql<{ result: Payload }>(document, options.values);
  const payload = unwrap(data.result, options.renames);
  return payload[options.key] as T;
}

/** `node(id:)` with a type condition: one record by global ID, null when hidden or missing. */
export async function fetchNode<T = RaRecord>(typename: string, fields: string, id: Identifier): Promise<T | null> {
  const data = await graphql<{ node: T | null }>(`query Node($id: ID!) { node(id: $id) { id ... on ${typename} { ${fields} } } }`, { id });
  return data.node;
}

/** `nodes(ids:)`: several records by global ID in one request (references in lists). */
export async function fetchNodes<T = RaRecord>(typename: string, fields: string, ids: Identifier[]): Promise<T[]> {
  if (ids.length === 0) return [];
  const data = await graphql<{ nodes: (T | null)[] }>(`query Nodes($ids: [ID!]!) { nodes(ids: $ids) { id ... on ${typename} { ${fields} } } }`, {
    ids: [...new Set(ids.map(String))],
  });
  return data.nodes.filter((node): node is T => node !== null);
}

/** The fields of `data` that differ from `previousData`, limited to those the API lets change. */
export function changedFields(data: Record<string, any>, previousData: Record<string, any> | undefined, fields: readonly string[]) {
  const patch: Record<string, unknown> = {};
  for (const field of fields) {
    if (!(field in data)) continue;
    const now = data[field] === '' ? null : data[field];
    const before = previousData?.[field] === '' ? null : previousData?.[field];
    if (JSON.stringify(now ?? null) !== JSON.stringify(before ?? null)) patch[field] = now ?? null;
  }
  return patch;
}

/** Empty strings from cleared inputs become null, which the API reads as "no value". */
export function blankToNull<T extends Record<string, unknown>>(values: T): T {
  return Object.fromEntries(Object.entries(values).map(([key, value]) => [key, value === '' ? null : value])) as T;
}
