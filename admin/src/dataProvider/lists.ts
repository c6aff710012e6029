import type { GetListParams, GetListResult, RaRecord } from 'react-admin';
import { graphql } from './graphqlClient';

export interface Connection<T> {
  totalCount?: number;
  pageInfo: { hasNextPage: boolean; endCursor?: string | null };
  edges: { cursor?: string; node: T }[];
}

/**
 * react-admin asks for page N; Relay connections page with cursors. The end cursor of each page seen
 * is remembered (per list, filter and sort), so moving forward costs one request; jumping ahead walks
 * the missing pages asking only for their cursors.
 */
const cursorCache = new Map<string, (string | null)[]>();

export interface ConnectionListOptions {
  /** The operation: takes $first and $after plus whatever `variables` adds; selects the connection. */
  query: string;
  /** The variables the filter and sort turn into (besides first/after). */
  variables: Record<string, unknown>;
  /** Reads the connection from the data. */
  pick: (data: any) => Connection<any>;
  /** Same operation selecting only the cursors, for pages skipped over. */
  cursorQuery?: string;
  map?: (node: any) => RaRecord;
}

export async function listFromConnection(key: string, params: GetListParams, options: ConnectionListOptions): Promise<GetListResult> {
  const { page = 1, perPage = 25 } = params.pagination ?? {};
  const cacheKey = `${key}:${perPage}:${JSON.stringify(options.variables)}`;
  const cursors = cursorCache.get(cacheKey) ?? [null];
  cursorCache.set(cacheKey, cursors);
  // cursors[i] is the cursor after which page i+1 starts.
  for (let index = cursors.length; index < page; index++) {
    const data = await graphql<any>(options.cursorQuery ?? options.query, { ...options.variables, first: perPage, after: cursors[index - 1] });
    const connection = options.pick(data);
    if (!connection.pageInfo.hasNextPage) return { data: [], total: connection.totalCount ?? (index - 1) * perPage };
    cursors[index] = connection.pageInfo.endCursor ?? null;
  }
  const data = await graphql<any>(options.query, { ...options.variables, first: perPage, after: cursors[page - 1] ?? null });
  const connection = options.pick(data);
  if (connection.pageInfo.endCursor) cursors[page] = connection.pageInfo.endCursor;
  const records = connection.edges.map((edge) => (options.map ? options.map(edge.node) : edge.node));
  const total = connection.totalCount;
  if (typeof total === 'number') return { data: records, total };
  return {
    data: records,
    pageInfo: { hasNextPage: connection.pageInfo.hasNextPage, hasPreviousPage: page > 1 },
  };
}

/** Forget remembered cursors after a write, since rows may have moved. */
export function forgetCursors(key?: string) {
  if (!key) return cursorCache.clear();
  for (const cacheKey of cursorCache.keys()) if (cacheKey.startsWith(`${key}:`)) cursorCache.delete(cacheKey);
}

function valueAt(record: Record<string, any>, path: string): unknown {
  return path.split('.').reduce<any>((value, key) => (value == null ? undefined : value[key]), record);
}

function compare(a: unknown, b: unknown): number {
  if (a == null && b == null) return 0;
  if (a == null) return 1;
  if (b == null) return -1;
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  return String(a).localeCompare(String(b), undefined, { numeric: true, sensitivity: 'base' });
}

/**
 * Lists the API returns whole (providers, benchmarks, families: tens of rows) are filtered, sorted
 * and paged here. `q` searches the given text fields; other filters compare for equality.
 */
export function listFromArray(records: RaRecord[], params: GetListParams, searchFields: string[] = ['name']): GetListResult {
  const { page = 1, perPage = 25 } = params.pagination ?? {};
  const { field = 'id', order = 'ASC' } = params.sort ?? {};
  const { q, ...filters } = params.filter ?? {};
  let rows = records;
  if (q) {
    const needle = String(q).toLowerCase();
    rows = rows.filter((record) => searchFields.some((f) => String(valueAt(record, f) ?? '').toLowerCase().includes(needle)));
  }
  for (const [field, wanted] of Object.entries(filters)) {
    if (wanted === undefined || wanted === '' || wanted === null) continue;
    rows = rows.filter((record) => {
      const value = valueAt(record, field);
      return Array.isArray(wanted) ? wanted.includes(value) : value === wanted || String(value) === String(wanted);
    });
  }
  rows = [...rows].sort((a, b) => compare(valueAt(a, field), valueAt(b, field)) * (order === 'DESC' ? -1 : 1));
  return { data: rows.slice((page - 1) * perPage, page * perPage), total: rows.length };
}
