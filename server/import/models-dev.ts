import { sql } from 'drizzle-orm';
import type { DatabaseHandle } from '../../db/client.ts';
import { ImportInputError } from './dataset.ts';
import { importUnlocked, type ImportOptions } from './run.ts';
import type { ImportSummary } from './summary.ts';

// The models.dev importer (`npm run catalog:import`, the demo seed), in three steps:
//   read  (read.ts, modelFile.ts, tree.ts, formats.ts): the tree's TOML files, checked entry by entry, as models;
//   plan  (plan.ts): each model's facts, prices and scores compared with the live claims in the database;
//   apply (apply.ts, model.ts, providers.ts, sharedRows.ts): written in transactions, with audit events.
// run.ts runs them in order; summary.ts counts and formats what a run did.

export type { DatasetInfo } from './dataset.ts';
export { familySlug } from './families.ts';
export { maxUnknownKeysListed } from './modelFile.ts';
export { maxSlugLength, readCatalog, slugForId } from './read.ts';
export type { ImportOptions } from './run.ts';
export { formatSummary, importHasProblems, type Count, type ImportSummary, type Problem, type Skipped } from './summary.ts';
export { maxDepth, maxFileBytes } from './tree.ts';

/** pg_try_advisory_xact_lock key held by a running import ("imp" in ASCII). */
export const importLockKey = 0x696d70;

/**
 * Imports a models.dev tree. One import at a time per database: on PostgreSQL the run holds an
 * advisory lock (importLockKey) and a second run is refused at once; PGlite's data directory is
 * opened by one process only (db/dataDirLock.ts).
 */
export async function importModelsDev(handle: DatabaseHandle, root: string, options: ImportOptions = {}): Promise<ImportSummary> {
  const unlock = await takeImportLock(handle);
  try {
    return await importUnlocked(handle, root, options);
  } finally {
    await unlock();
  }
}

/** Holds importLockKey in a transaction kept open on its own connection for the run; the release commits it. */
async function takeImportLock(handle: DatabaseHandle): Promise<() => Promise<void>> {
  if (handle.driver !== 'postgres') return async () => {};
  let release!: () => void;
  const released = new Promise<void>((resolve) => (release = resolve));
  let answer!: (locked: boolean) => void;
  const answered = new Promise<boolean>((resolve) => (answer = resolve));
  const holder = handle.db.transaction(async (tx) => {
    // The transaction waits, idle, for the whole run: the pool's idle-in-transaction limit must not end it.
    await tx.execute(sql`set local idle_in_transaction_session_timeout = 0`);
    const result = await tx.execute(sql`select pg_try_advisory_xact_lock(${importLockKey}) as locked`);
    const rows = (Array.isArray(result) ? result : (result as { rows: unknown[] }).rows) as { locked: boolean }[];
    const locked = rows[0]?.locked === true;
    answer(locked);
    if (locked) await released;
  });
  const locked = await Promise.race([answered, holder.then(() => false)]);
  if (!locked) {
    await holder;
    throw new ImportInputError('another catalog import is running on this database: one at a time, try again when it has finished');
  }
  return async () => {
    release();
    // A lost connection only ended the lock early: the run itself is done.
    await holder.catch(() => {});
  };
}
