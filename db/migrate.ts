import { fileURLToPath } from 'node:url';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import { migrate as migratePostgres } from 'drizzle-orm/postgres-js/migrator';
import type { DatabaseHandle } from './client.ts';

export const migrationsFolder = fileURLToPath(new URL('./migrations', import.meta.url));

/** Applies pending migrations. On PostgreSQL an advisory lock keeps two starting instances apart. */
export async function migrateDatabase(handle: DatabaseHandle): Promise<void> {
  if (handle.driver === 'pglite') {
    await migratePglite(handle.db as never, { migrationsFolder });
    return;
  }
  await handle.raw.query('select pg_advisory_lock(727274)');
  try {
    await migratePostgres(handle.db as never, { migrationsFolder });
  } finally {
    await handle.raw.query('select pg_advisory_unlock(727274)');
  }
}
