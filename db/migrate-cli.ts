import { loadConfig } from '../server/config.ts';
import { createDatabase, DataDirLockError, type DatabaseHandle } from './client.ts';
import { migrateDatabase } from './migrate.ts';

// `npm run db:migrate`: apply pending migrations to DATABASE_URL, or to the PGlite database in DATA_DIR.
const config = loadConfig();
let handle: DatabaseHandle;
try {
  handle = await createDatabase({ url: config.DATABASE_URL, dataDir: config.DATA_DIR });
} catch (error) {
  // A running server's data directory (PGlite allows one process at a time).
  if (!(error instanceof DataDirLockError)) throw error;
  console.error(error.message);
  process.exit(1);
}
try {
  await migrateDatabase(handle);
  console.log(`migrations applied (${handle.driver}${handle.driver === 'pglite' ? ` in ${config.DATA_DIR}` : ''})`);
} finally {
  await handle.close();
}
