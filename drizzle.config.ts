import { defineConfig } from 'drizzle-kit';

// Migrations are generated from db/schema and applied in code (db/migrate.ts) on both drivers.
export default defineConfig({
  dialect: 'postgresql',
  schema: './db/schema/tables.ts',
  out: './db/migrations',
});
