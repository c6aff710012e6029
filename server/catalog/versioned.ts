import type { Transaction } from '../../db/client.ts';
import { and, eq, sql } from 'drizzle-orm';
import type { PgColumn, PgTable } from 'drizzle-orm/pg-core';
import { ConflictError, NotFoundError } from '../errors.ts';

type VersionedTable = PgTable & { id: PgColumn; version: PgColumn; updatedAt: PgColumn };
type Row<T extends VersionedTable> = T extends { $inferSelect: infer R } ? R : never;

/**
 * The columns every change of a versioned row sets: the next version and the time. Each writer
 * (updateVersioned, supersede, approve, the importer) moves a row on through this, never by hand.
 */
export function bumpVersion(table: { version: PgColumn; updatedAt: PgColumn }) {
  return { version: sql`${table.version} + 1`, updatedAt: sql`now()` };
}

/** The row, locked until the transaction ends (concurrent writers of the same row queue here). */
export async function lockRow<T extends VersionedTable>(tx: Transaction, table: T, id: number): Promise<Row<T>> {
  const [row] = await (tx.select().from(table as PgTable) as any).where(eq(table.id, id)).for('update');
  if (!row) throw new NotFoundError();
  return row as Row<T>;
}

/**
 * Applies `values` only if the row is still at `expectedVersion`, in one statement
 * (`UPDATE … WHERE id = $1 AND version = $2`), and moves the version on. Returns the row before and
 * after for the audit diff; a stale version is a ConflictError carrying the current one.
 */
export async function updateVersioned<T extends VersionedTable>(
  tx: Transaction,
  table: T,
  id: number,
  expectedVersion: number | null,
  values: Record<string, unknown>,
  /** The audit entity type of the row, so a conflict can name who changed it and when. */
  entityType?: string,
): Promise<{ before: Row<T>; after: Row<T> }> {
  const before = await lockRow(tx, table, id);
  const current = (before as { version: number }).version;
  if (expectedVersion !== null && current !== expectedVersion) throw new ConflictError(current).about(entityType, id);
  const [after] = await (tx.update(table as PgTable) as any)
    .set({ ...values, ...bumpVersion(table) })
    .where(and(eq(table.id, id), eq(table.version, current)))
    .returning();
  if (!after) throw new ConflictError(current).about(entityType, id);
  return { before, after: after as Row<T> };
}
