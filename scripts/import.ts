/**
 * npm run catalog:import -- PATH [--commit SHA] [--retrieved YYYY-MM-DD] [--repository URL] [--allow-partial]
 *
 * Exit status: 0 when every entry was imported; 1 when an entry was skipped or refused (0 with
 * --allow-partial, which still lists them), or the run could not happen (no such path, not a
 * models.dev tree, the database cannot be opened); 2 for a usage error. Warnings (unknown keys,
 * values the catalog has no place for, unpinned citations) are listed and do not fail the run.
 */
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';

const usage =
  'usage: npm run catalog:import -- PATH [--commit SHA] [--retrieved YYYY-MM-DD] [--repository URL] [--allow-partial]\n' +
  '  PATH           a models.dev checkout or snapshot (with providers/ and/or models/)\n' +
  '  --commit       the commit the files are from (default: dataset.json, else the git checkout at PATH)\n' +
  '  --retrieved    the day the files were taken (default: dataset.json, else the commit date)\n' +
  '  --repository   the GitHub URL citations point at (default: dataset.json, else git remote origin)\n' +
  '  --allow-partial  exit 0 even when entries were skipped (they are still listed)';

function fail(message: string, status: number): never {
  console.error(message);
  process.exit(status);
}

let parsed;
try {
  parsed = parseArgs({
    allowPositionals: true,
    strict: true,
    options: {
      commit: { type: 'string' },
      retrieved: { type: 'string' },
      repository: { type: 'string' },
      'allow-partial': { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
} catch (error) {
  fail(`${(error as Error).message}\n${usage}`, 2);
}
const { values, positionals } = parsed;
if (values.help) {
  console.log(usage);
  process.exit(0);
}
if (positionals.length !== 1) fail(usage, 2);
const root = resolve(positionals[0]!);

try {
  // Loaded here so that a usage error answers at once, without opening a database.
  const [{ loadConfig }, { createDatabase }, { migrateDatabase }, { refreshModelSimilarities }, { ImportInputError, resolveDataset }, models] = await Promise.all([
    import('../server/config.ts'),
    import('../db/client.ts'),
    import('../db/migrate.ts'),
    import('../server/catalog/similarity.ts'),
    import('../server/import/dataset.ts'),
    import('../server/import/models-dev.ts'),
  ]);
  const { statSync } = await import('node:fs');
  if (!statSync(root, { throwIfNoEntry: false })?.isDirectory()) fail(`catalog:import: ${root}: no such directory`, 1);
  let resolved;
  try {
    resolved = resolveDataset(root, {
      ...(values.commit !== undefined ? { commit: values.commit } : {}),
      ...(values.retrieved !== undefined ? { retrievedAt: values.retrieved } : {}),
      ...(values.repository !== undefined ? { repository: values.repository } : {}),
    });
  } catch (error) {
    if (error instanceof ImportInputError) fail(`catalog:import: ${error.message}`, 2);
    throw error;
  }
  for (const warning of resolved.warnings) console.error(warning);

  const config = loadConfig();
  const handle = await createDatabase({ url: config.DATABASE_URL, dataDir: config.DATA_DIR });
  let summary;
  try {
    await migrateDatabase(handle);
    const started = performance.now();
    summary = await models.importModelsDev(handle, root, {
      ...resolved.dataset,
      pinned: resolved.pinned,
      datasetWarnings: resolved.warnings,
      onProgress: (line) => console.log(line),
    });
    await refreshModelSimilarities(handle.db);
    console.log(models.formatSummary(summary));
    console.log(`done in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  } finally {
    await handle.close();
  }
  if (!resolved.pinned) console.error('WARNING: citations are NOT pinned to a commit (see above).');
  if (models.importHasProblems(summary)) {
    const message = `${summary.skipped.length} entries skipped or refused (listed above)`;
    if (values['allow-partial']) console.error(`${message}: partial import allowed by --allow-partial`);
    else fail(`${message}: exit status 1 (--allow-partial accepts a partial import)`, 1);
  }
} catch (error) {
  const { ImportInputError } = await import('../server/import/dataset.ts');
  const message = error instanceof Error ? error.message.split('\n')[0] : String(error);
  fail(`catalog:import: ${error instanceof ImportInputError ? '' : 'failed: '}${message}`, 1);
}
