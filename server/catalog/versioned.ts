import type { Transaction } from '../../db/client.ts';
import { and, eq, sql, type SQL } from 'drizzle-orm';
import type { PgColumn, PgTable } from 'drizzle-orm/pg-core';
import { ConflictError, NotFoundError } from '../errors.ts';

export type VersionedTable = PgTable & { id: PgColumn; version: PgColumn; updatedAt: PgColumn };
export type Row<T extends VersionedTable> = T extends { $inferSelect: infer R } ? R : never;

/**
 * The columns every change of a versioned row sets: the next version and the time. Each writer
 * (updateVersioned, supersede, approve, the importer) moves a row on through this, never by hand.
 */
export function bumpVersion(table: { version: PgColumn; updatedAt: PgColumn }) {
  return { version: sql`${table.version} + 1`, updatedAt: sql`now()` };
}

/**
 * The row, locked until the transaction ends (concurrent writers of the same row queue here). NO KEY
 * UPDATE: rows are changed, never deleted nor re-keyed, so a row that merely refers to this one (a
 * foreign key's KEY SHARE, e.g. a compare-with suggestion naming a model being retired) need not
 * wait; waiting there deadlocked two retirements in one family.
 */
export async function lockRow<T extends VersionedTable>(tx: Transaction, table: T, id: number): Promise<Row<T>> {
  const [row] = await (tx.select().from(table as PgTable) as any).where(eq(table.id, id)).for('no key update');
  if (!row) throw new NotFoundError();
  return row as Row<T>;
}

/** How a version-checked update refuses, and what else its row must satisfy. */
export interface UpdateOptions {
  /** The audit entity type of the row, so a conflict can name who changed it and when. */
  entityType?: string;
  /** A further condition of the UPDATE; when it does not hold, `refused()` is thrown (a conflict otherwise). */
  where?: SQL;
  refused?: () => Error;
}

/**
 * Applies `values` to a row this transaction has locked (`lockRow`) only if it is at `expectedVersion`,
 * in one statement (`UPDATE … WHERE id = $1 AND version = $2`), and moves the version on. No second
 * lock: the row read under the lock is the "before" of the audit diff. A stale version is a
 * ConflictError carrying the current one.
 */
export async function updateLocked<T extends VersionedTable>(
  tx: Transaction,
  table: T,
  locked: Row<T>,
  expectedVersion: number | null,
  values: Record<string, unknown>,
  options: UpdateOptions = {},
): Promise<{ before: Row<T>; after: Row<T> }> {
  const { id, version: current } = locked as { id: number; version: number };
  if (expectedVersion !== null && current !== expectedVersion) throw new ConflictError(current).about(options.entityType, id);
  const [after] = await (tx.update(table as PgTable) as any)
    .set({ ...values, ...bumpVersion(table) })
    .where(and(eq(table.id, id), eq(table.version, current), options.where))
    .returning();
  if (!after) throw options.refused?.() ?? new ConflictError(current).about(options.entityType, id);
  return { before: locked, after: after as Row<T> };
}

/** `updateLocked` of a row not locked yet: locks it (once), then applies `values` at `expectedVersion`. */
export async function updateVersioned<T extends VersionedTable>(
  tx: Transaction,
  table: T,
  id: number,
  expectedVersion: number | null,
  values: Record<string, unknown>,
  /** The audit entity type of the row, so a conflict can name who changed it and when. */
  entityType?: string,
): Promise<{ before: Row<T>; after: Row<T> }> {
  return updateLocked(tx, table, await lockRow(tx, table, id), expectedVersion, values, { entityType });
}
