import { loadConfig } from '../server/config.ts';
import { openDatabaseOrExit } from '../db/client.ts';
import { migrateDatabase } from '../db/migrate.ts';

// `npm run db:migrate`: apply pending migrations to DATABASE_URL, or to the PGlite database in DATA_DIR.
const config = loadConfig();
const handle = await openDatabaseOrExit({ url: config.DATABASE_URL, dataDir: config.DATA_DIR });
try {
  await migrateDatabase(handle);
  console.log(`migrations applied (${handle.driver}${handle.driver === 'pglite' ? ` in ${config.DATA_DIR}` : ''})`);
} finally {
  await handle.close();
}
