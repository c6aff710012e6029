import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { loadConfig } from '../../server/config.ts';
import { createDatabase } from '../client.ts';
import { migrateDatabase } from '../migrate.ts';
import { readDatasetInfo } from '../seed.ts';
import { refreshModelSimilarities } from '../similarity.ts';
import { formatSummary, importModelsDev } from './models-dev.ts';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    commit: { type: 'string' },
    retrieved: { type: 'string' },
    repository: { type: 'string' },
  },
});

const root = positionals[0];
if (!root) {
  console.error('usage: npm run catalog:import -- PATH [--commit SHA] [--retrieved YYYY-MM-DD] [--repository URL]');
  process.exit(2);
}

const config = loadConfig();
const handle = await createDatabase({ url: config.DATABASE_URL, dataDir: config.DATA_DIR });
try {
  await migrateDatabase(handle);
  const dataset = readDatasetInfo(resolve(root));
  const started = performance.now();
  const summary = await importModelsDev(handle, resolve(root), {
    ...dataset,
    ...(values.commit ? { commit: values.commit } : {}),
    ...(values.retrieved ? { retrievedAt: values.retrieved } : {}),
    ...(values.repository ? { repository: values.repository } : {}),
    onProgress: (line) => console.log(line),
  });
  await refreshModelSimilarities(handle.db);
  console.log(formatSummary(summary));
  console.log(`done in ${((performance.now() - started) / 1000).toFixed(1)} s`);
} finally {
  await handle.close();
}
