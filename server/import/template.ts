import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PGlite } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { createDatabase } from '../../db/client.ts';
import { migrateDatabase } from '../../db/migrate.ts';
import { seedDemoCatalog } from './demo.ts';

/**
 * A migrated PGlite data directory with the demo catalog, built once after `npm install` and
 * unpacked on the first `npm start` of an empty DATA_DIR: initdb, migrations and the demo import take
 * ~10 s on a busy 2-core machine, unpacking ~2 s. Its name carries a hash of everything that shapes
 * it (migrations, seed data, import code, PGlite's version), so a stale template is never used.
 */
// The project root (this file is server/import/template.ts): the inputs below are paths from there.
const root = fileURLToPath(new URL('../..', import.meta.url));
const cacheDir = join(root, 'node_modules', '.cache', 'sourced');
const inputs = [
  'db/migrations',
  'db/seed',
  'server/import',
  'server/evidence',
  'server/digest',
  'server/changes',
  'server/catalog/similarity.ts',
  'node_modules/@electric-sql/pglite/package.json',
];

/** Every file whose content shapes the template (its name hashes them). */
export const templateInputFiles = (): string[] => inputs.flatMap((input) => filesUnder(join(root, input)));

function filesUnder(path: string): string[] {
  const info = statSync(path, { throwIfNoEntry: false });
  if (!info) return [];
  if (!info.isDirectory()) return [path];
  return readdirSync(path)
    .sort()
    .flatMap((entry) => filesUnder(join(path, entry)));
}

export function demoTemplatePath(): string {
  const hash = createHash('sha256');
  for (const file of templateInputFiles()) {
    hash.update(relative(root, file)).update('\0').update(readFileSync(file)).update('\0');
  }
  return join(cacheDir, `pglite-demo-${hash.digest('hex').slice(0, 16)}.tar.gz`);
}

/** The template for an empty or missing data directory, if one was built for this code; else null. */
export function demoTemplateFor(dataDir: string): Blob | null {
  if (dataDir.startsWith('memory://')) return null;
  const existing = statSync(dataDir, { throwIfNoEntry: false });
  if (existing && (!existing.isDirectory() || readdirSync(dataDir).length > 0)) return null;
  const path = demoTemplatePath();
  if (!statSync(path, { throwIfNoEntry: false })) return null;
  return new Blob([readFileSync(path)]);
}

/** Builds the template (in memory, then one atomic write); older templates are removed. */
export async function buildDemoTemplate(log: (line: string) => void = () => {}): Promise<string> {
  const path = demoTemplatePath();
  if (statSync(path, { throwIfNoEntry: false })) return path;
  const started = performance.now();
  const pglite = await PGlite.create('memory://', { extensions: { pg_trgm } });
  const handle = await createDatabase({ pglite });
  try {
    await migrateDatabase(handle);
    await seedDemoCatalog(handle);
    const dump = await pglite.dumpDataDir('gzip');
    mkdirSync(cacheDir, { recursive: true });
    for (const old of readdirSync(cacheDir).filter((name) => name.startsWith('pglite-demo-'))) rmSync(join(cacheDir, old), { force: true });
    writeFileSync(`${path}.tmp`, Buffer.from(await dump.arrayBuffer()));
    renameSync(`${path}.tmp`, path);
  } finally {
    await handle.close();
  }
  log(`embedded database template with the demo catalog built in ${((performance.now() - started) / 1000).toFixed(1)} s: ${relative(root, path)}`);
  return path;
}
