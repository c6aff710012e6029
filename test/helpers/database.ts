import { randomBytes } from 'node:crypto';
import postgres from 'postgres';
import { createDatabase, type DatabaseHandle, type DatabaseOptions } from '../../db/client.ts';
import { migrateDatabase } from '../../db/migrate.ts';
import { dropDatabaseAndAppRole } from '../../db/roles.ts';

/** The PostgreSQL server tests run against when DATABASE_URL is set; PGlite in memory otherwise. */
export const testDatabaseUrl = process.env.DATABASE_URL || undefined;

/**
 * Test databases are named after DATABASE_URL's own (`<database>_t_<random>`), so whoever gave that
 * database (CI, a developer) finds and drops every one a crashed run left behind by its prefix.
 */
export function testDatabaseName(): string {
  const base = decodeURIComponent(new URL(testDatabaseUrl!).pathname.slice(1)) || 'postgres';
  const plain = base.toLowerCase().replace(/[^a-z0-9_]+/g, '_').slice(0, 40);
  return `${/^[a-z_]/.test(plain) ? plain : `db_${plain}`}_t_${randomBytes(6).toString('hex')}`;
}

/**
 * Drops a test database and the application role a server started on it created (`<database>_app`,
 * db/roles.ts), connected to DATABASE_URL's database.
 */
export async function dropTestDatabase(name: string): Promise<void> {
  const cleanup = postgres(testDatabaseUrl!, { max: 1, onnotice: () => {} });
  try {
    await dropDatabaseAndAppRole((sql) => cleanup.unsafe(sql), name);
  } finally {
    await cleanup.end();
  }
}

export interface TestDatabase extends DatabaseHandle {
  /** postgres:// URL of this test's own database (undefined on PGlite). */
  url?: string;
  /** Closes the handle and drops the database and its application role, if a server made one. */
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
  const name = testDatabaseName();
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
      await dropTestDatabase(name);
    },
  };
}
