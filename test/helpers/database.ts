import { randomBytes } from 'node:crypto';
import postgres from 'postgres';
import { createDatabase, type DatabaseHandle, type DatabaseOptions } from '../../db/client.ts';
import { migrateDatabase } from '../../db/migrate.ts';

/** The PostgreSQL server tests run against when DATABASE_URL is set; PGlite in memory otherwise. */
export const testDatabaseUrl = process.env.DATABASE_URL || undefined;

export interface TestDatabase extends DatabaseHandle {
  /** postgres:// URL of this test's own database (undefined on PGlite). */
  url?: string;
  /** Closes the handle and drops the database. */
  destroy(): Promise<void>;
}

/**
 * A fresh, migrated, empty database of its own: a new PostgreSQL database when DATABASE_URL is set,
 * an in-memory PGlite otherwise.
 */
export async function freshDatabase(options: Omit<DatabaseOptions, 'url' | 'dataDir' | 'pglite'> = {}): Promise<TestDatabase> {
  if (!testDatabaseUrl) {
    const handle = await createDatabase({ ...options, dataDir: 'memory://' });
    await migrateDatabase(handle);
    return { ...handle, destroy: () => handle.close() };
  }
  const name = `sourced_test_${randomBytes(6).toString('hex')}`;
  const admin = postgres(testDatabaseUrl, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database ${name}`);
  await admin.end();
  const url = new URL(testDatabaseUrl);
  url.pathname = `/${name}`;
  const handle = await createDatabase({ ...options, url: url.toString() });
  await migrateDatabase(handle);
  return {
    ...handle,
    url: url.toString(),
    async destroy() {
      await handle.close();
      const cleanup = postgres(testDatabaseUrl!, { max: 1, onnotice: () => {} });
      await cleanup.unsafe(`drop database if exists ${name} with (force)`);
      await cleanup.end();
    },
  };
}
