import { parseArgs } from 'node:util';
import { openDatabaseOrExit } from '../db/client.ts';
import { loadConfig } from '../server/config.ts';
import { configuredAllowHosts, type AllowedHost } from '../server/sources/addresses.ts';
import { checkSources } from '../server/sources/linkCheck.ts';
import pino from 'pino';
import { CaptureJobs } from '../server/evidence/captureJobs.ts';
import { recheckSources } from '../server/evidence/recheck.ts';

// npm run sources:check [-- --concurrency 8 --timeout 10000]
// With the embedded database, stop the server first (PGlite allows one process at a time; a running
// server's directory is refused).
// Only public hosts are opened (every address a name resolves to, at every redirect); private ones
// only when listed in SOURCE_FETCH_ALLOW_HOSTS (comma-separated host[:port]).
// Then every source a live number cites is captured again (unless captured within --capture-after-days,
// default 0: all of them; --no-capture skips this) and its numbers re-checked: a changed page is a new capture.
const { values } = parseArgs({
  options: {
    concurrency: { type: 'string', default: '8' },
    timeout: { type: 'string', default: '10000' },
    'capture-after-days': { type: 'string', default: '0' },
    'no-capture': { type: 'boolean', default: false },
  },
});
const number = (value: string | undefined, name: string, min: number, max: number) => {
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed < min || parsed > max) {
    console.error(`--${name} must be a whole number from ${min} to ${max}`);
    process.exit(2);
  }
  return parsed;
};
const concurrency = number(values.concurrency, 'concurrency', 1, 16);
const timeoutMs = number(values.timeout, 'timeout', 100, 60_000);
const captureAfterDays = number(values['capture-after-days'], 'capture-after-days', 0, 3650);
let allowHosts: AllowedHost[];
try {
  allowHosts = configuredAllowHosts();
} catch (error) {
  console.error((error as Error).message);
  process.exit(2);
}
const config = loadConfig();
const handle = await openDatabaseOrExit({ url: config.DATABASE_URL, dataDir: config.DATA_DIR });
try {
  const summary = await checkSources(handle, { concurrency, timeoutMs, allowHosts });
  for (const { url, result } of summary.results.filter((entry) => entry.result.status !== 'OK')) {
    console.log(`${result.status.padEnd(11)} ${String(result.httpStatus ?? result.error ?? '').padEnd(12)} ${url}`);
  }
  const counts = Object.entries(summary.byStatus).map(([status, count]) => `${count} ${status}`).join(', ');
  console.log(`checked ${summary.checked} sources: ${counts}`);
  if (!values['no-capture']) {
    const captures = new CaptureJobs(handle.db, pino({ level: 'warn' }), { allowHosts });
    const recheck = await recheckSources(handle.db, captures, { dueAfterDays: captureAfterDays, concurrency: Math.min(concurrency, 8), limit: 10_000, requestId: `sources:check:${new Date().toISOString()}` });
    await captures.close();
    const evidence = Object.entries(recheck.evidence).map(([status, count]) => `${count} ${status}`).join(', ') || 'none';
    console.log(`captured ${recheck.captured} of ${recheck.due} sources (${recheck.changed} changed, ${recheck.failed} failed); numbers citing them: ${evidence}`);
  }
} finally {
  await handle.close();
}
