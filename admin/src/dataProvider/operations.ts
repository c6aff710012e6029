import type { Identifier, RaRecord } from 'react-admin';
import { graphql } from './graphqlClient';
import { unwrap, type Payload } from './payload';

/**
 * One mutation of the editor API (a document of ./documents): `result: name(…)` is a union of
 * `NameSuccess { key { … } }` and typed errors. Resolves the changed record, or rejects with the
 * typed error mapped for react-admin.
 */
export async function runMutation<T = RaRecord>(options: {
  document: string;
  /** The success payload's field holding the record, e.g. `model`. */
  key: string;
  values: Record<string, unknown>;
  /** Maps API field-error paths to form paths, e.g. `{ 'citation.sourceId': 'citation.sourceId' }`. */
  renames?: Record<string, string>;
}): Promise<T> {
  const data = await graphql<{ result: Payload }>(options.document, options.values);
  const payload = unwrap(data.result, options.renames);
  return payload[options.key] as T;
}

/** A `node(id:)` query (e.g. ModelNode): one record by global ID, null when hidden or missing. */
export async function fetchNode<T = RaRecord>(document: string, id: Identifier): Promise<T | null> {
  const data = await graphql<{ node: T | null }>(document, { id });
  return data.node;
}

/** A `nodes(ids:)` query (e.g. ModelNodes): several records by global ID in one request (references in lists). */
export async function fetchNodes<T = RaRecord>(document: string, ids: Identifier[]): Promise<T[]> {
  if (ids.length === 0) return [];
  const data = await graphql<{ nodes: (T | null)[] }>(document, { ids: [...new Set(ids.map(String))] });
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
