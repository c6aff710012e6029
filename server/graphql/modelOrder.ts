import { sql, type SQL } from 'drizzle-orm';
import { z } from 'zod';
import type { models } from '../../db/schema/index.ts';
import { isRowId } from '../catalog/ids.ts';
import { ValidationError } from '../errors.ts';
import { builder } from './builder.ts';
import { OrderDirection } from './enums.ts';

// How the models list is ordered and paged: the order input, its sort keys, and the cursors of each
// order checked before they reach SQL.

const ModelOrderField = builder.enumType('ModelOrderField', {
  values: ['RELEASE_DATE', 'NAME', 'CONTEXT_WINDOW', 'INPUT_PRICE', 'OUTPUT_PRICE', 'SCORE'] as const,
});

export const ModelOrder = builder.inputType('ModelOrder', {
  fields: (t) => ({
    field: t.field({ type: ModelOrderField, required: true }),
    direction: t.field({ type: OrderDirection, defaultValue: 'DESC' }),
    benchmark: t.string({ description: 'Benchmark slug; required when ordering by SCORE.' }),
  }),
  // Every field listed: the validated object replaces the input, and a key left out here is dropped
  // (an unlisted `direction` once made every order descending).
  validate: z
    .object({ field: z.string(), direction: z.enum(['ASC', 'DESC']).nullish(), benchmark: z.string().nullish() })
    .refine((order) => order.field !== 'SCORE' || !!order.benchmark, {
      message: 'Ordering by SCORE needs a benchmark slug',
      path: ['benchmark'],
    }),
});

// Sort keys never NULL, so every row can be paged past; the same expressions as the partial indexes.
export const sortKeys = {
  RELEASE_DATE: (table: typeof models) => sql`coalesce(${table.releaseDate}, '0001-01-01'::date)`,
  CONTEXT_WINDOW: (table: typeof models) => sql`coalesce(${table.contextWindow}, 0)`,
  INPUT_PRICE: (table: typeof models) => sql`coalesce(${table.inputPrice}, 0)`,
  OUTPUT_PRICE: (table: typeof models) => sql`coalesce(${table.outputPrice}, 0)`,
};

const isoDay = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/;
const decimal = /^-?\d{1,20}(\.\d{1,20})?$/;
export type OrderField = 'RELEASE_DATE' | 'NAME' | 'CONTEXT_WINDOW' | 'INPUT_PRICE' | 'OUTPUT_PRICE' | 'SCORE';

/** Whether a tagged cursor chunk (`S:…`, `N:…`) holds a sort value of this order, as its column would. */
function isSortChunk(chunk: unknown, field: OrderField): boolean {
  if (typeof chunk !== 'string' || chunk.length > 1000) return false;
  const [tag, value] = [chunk.slice(0, 2), chunk.slice(2)];
  switch (field) {
    case 'NAME':
      return tag === 'S:';
    case 'RELEASE_DATE':
      // '0001-01-01' is what a model without a date sorts as; a day that is no day is refused.
      return tag === 'S:' && isoDay.test(value) && value >= '0001-01-01' && new Date(`${value}T00:00:00Z`).toISOString().startsWith(value);
    case 'CONTEXT_WINDOW':
      return tag === 'N:' && Number.isSafeInteger(Number(value)) && Math.abs(Number(value)) <= 2_147_483_647;
    case 'INPUT_PRICE':
    case 'OUTPUT_PRICE':
      return (tag === 'N:' || tag === 'S:') && decimal.test(value);
    case 'SCORE':
      return tag === 'N:' && (Number.isFinite(Number(value)) || value === 'Infinity' || value === '-Infinity');
  }
}

/**
 * A cursor of the drizzle plugin for this order (`DC:T:["S:2025-12-03","N:7"]`): the sort value and
 * the row id. A forged one would reach PostgreSQL as a date or number it cannot read (an internal
 * error), so it is refused here as bad input. Returns the sort value.
 */
export function cursorSortValue(cursor: string | null | undefined, field: OrderField, argument: 'after' | 'before'): string | number | null {
  if (cursor == null) return null;
  let chunks: unknown;
  try {
    const decoded = Buffer.from(cursor, 'base64').toString('utf8');
    chunks = decoded.startsWith('DC:T:') ? JSON.parse(decoded.slice('DC:T:'.length)) : null;
  } catch {
    chunks = null;
  }
  const [sort, id] = Array.isArray(chunks) && chunks.length === 2 ? chunks : [];
  const rowId = typeof id === 'string' && id.startsWith('N:') ? Number(id.slice(2)) : Number.NaN;
  if (!isSortChunk(sort, field) || !isRowId(rowId)) {
    throw ValidationError.field(argument, 'This cursor does not come from this list in this order; start again from the first page.');
  }
  const value = (sort as string).slice(2);
  return (sort as string).startsWith('N:') ? Number(value) : value;
}

/**
 * The plugin pages with `key < $1 or (key = $1 and id < $2)`, which PostgreSQL cannot use to start an
 * index scan: it reads and drops every earlier row (page 400 took 2.9× page 1 on 100k models). A
 * redundant `key <= $1` beside it lets the scan start at the cursor.
 */
export function keysetBound(key: SQL, bound: string | number | null, direction: 'asc' | 'desc'): SQL | undefined {
  if (bound === null) return undefined;
  return direction === 'desc' ? sql`${key} <= ${bound}` : sql`${key} >= ${bound}`;
}

/** The answer to ordering by a benchmark the viewer cannot see: the same whether it is missing or hidden. */
export function unknownBenchmark(slug: string): ValidationError {
  const message = `No published benchmark ${JSON.stringify(slug.length > 100 ? `${slug.slice(0, 100)}…` : slug)}.`;
  return new ValidationError([{ path: 'orderBy.benchmark', message }], message);
}
