import { parseArgs } from 'node:util';
import { createDatabase } from '../../db/client.ts';
import { loadConfig } from '../config.ts';
import { checkSources } from './linkCheck.ts';

// npm run sources:check [-- --concurrency 8 --timeout 10000]
// With the embedded database, stop the server first (PGlite allows one process at a time).
const { values } = parseArgs({ options: { concurrency: { type: 'string', default: '8' }, timeout: { type: 'string', default: '10000' } } });
const config = loadConfig();
const handle = await createDatabase({ url: config.DATABASE_URL, dataDir: config.DATA_DIR });
try {
  const summary = await checkSources(handle, { concurrency: Number(values.concurrency), timeoutMs: Number(values.timeout) });
  for (const { url, result } of summary.results.filter((entry) => entry.result.status !== 'OK')) {
    console.log(`${result.status.padEnd(11)} ${String(result.httpStatus ?? result.error ?? '').padEnd(12)} ${url}`);
  }
  const counts = Object.entries(summary.byStatus).map(([status, count]) => `${count} ${status}`).join(', ');
  console.log(`checked ${summary.checked} sources: ${counts}`);
} finally {
  await handle.close();
}
