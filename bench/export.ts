/**
 * The auditors' export at scale: fills (or reuses) a PostgreSQL database with ~1M published numbers,
 * starts the server (server/main.ts) in a child process, downloads /export/numbers.csv and .ndjson and
 * prints rows, bytes, seconds and the server's peak RSS during each download.
 *
 *   npx tsx bench/export.ts [--database-url postgres://postgres@127.0.0.1:5432/sourced_bench_export] [--scores 960000]
 *     [--heap-mb 100] [--drop]
 *
 * --heap-mb caps the server's V8 heap (--max-old-space-size): the export still completes, which shows
 * its memory does not grow with the rows (without a cap V8 lets garbage pile up before collecting).
 *
 * bench/data.ts's catalog would do, but it currently stops with "pending trigger events" (its ALTER
 * TABLE … ENABLE TRIGGER runs after the commit-time catalog_version trigger was queued); this builds a
 * plainer one with generate_series: 100k models (1% drafts), scores on 300 benchmarks, one price and
 * one fact for a fifth of the models, a third of the numbers with a quote, all checked against a capture.
 */
import { spawn } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { createServer } from 'node:net';
import { parseArgs } from 'node:util';
import postgres from 'postgres';
import { createDatabase } from '../db/client.ts';
import { migrateDatabase } from '../db/migrate.ts';
import { dropDatabaseAndAppRole } from '../db/roles.ts';

const { values } = parseArgs({
  options: {
    'database-url': { type: 'string', default: 'postgres://postgres@127.0.0.1:5432/sourced_bench_export' },
    scores: { type: 'string', default: '960000' },
    'heap-mb': { type: 'string' },
    drop: { type: 'boolean', default: false },
  },
});
const url = values['database-url']!;
const name = decodeURIComponent(new URL(url).pathname.slice(1));
const scores = Number(values.scores);
const models = 100_000;

async function ensureDatabase() {
  const adminUrl = new URL(url);
  adminUrl.pathname = '/postgres';
  const admin = postgres(adminUrl.toString(), { max: 1, onnotice: () => {} });
  try {
    const [found] = await admin`select 1 from pg_database where datname = ${name}`;
    if (!found) await admin.unsafe(`create database "${name}"`);
  } finally {
    await admin.end();
  }
}

async function fill() {
  const handle = await createDatabase({ url, maxConnections: 1, statementTimeoutMs: 0 });
  const q = (text: string) => handle.raw.query(text);
  try {
    await migrateDatabase(handle);
    const [{ n } = { n: 0 }] = await handle.raw.query<{ n: number }>('select count(*)::int as n from scores');
    if (n >= scores) return console.log(`reusing ${name}: ${n} scores`);
    if (n > 0) throw new Error(`${name} holds ${n} scores, fewer than asked: drop it first`);
    const started = performance.now();
    await q(`set idle_in_transaction_session_timeout = 0`);
    await q(`set synchronous_commit = off`);
    await q(`insert into providers (slug, name) select 'provider-' || i, 'Provider ' || i from generate_series(1, 40) i`);
    await q(`insert into benchmarks (slug, name, unit) select 'bench-' || i, 'Benchmark ' || i, 'PERCENT' from generate_series(1, 300) i`);
    await q(
      `insert into sources (url, title, publisher, kind, retrieved_at)
       select 'https://vendor-' || i % 40 || '.example/docs/models/page-' || i, 'Model card and results, part ' || i, 'Vendor ' || i % 40,
              (array['VENDOR_MODEL_CARD', 'PAPER', 'INDEPENDENT_LEADERBOARD', 'VENDOR_PRICING'])[1 + i % 4], '2026-10-01'
       from generate_series(1, 5000) i`,
    );
    await q(`insert into snapshot_bodies (sha256, body, byte_size, format, text)
       select encode(sha256(i::text::bytea), 'hex'), i::text::bytea, 8, 'HTML', 'page ' || i from generate_series(1, 5000) i`);
    await q(`insert into source_snapshots (source_id, url, http_status, sha256)
       select s.id, s.url, 200, encode(sha256(s.id::text::bytea), 'hex') from sources s order by s.id`);
    await q(
      `insert into models (slug, name, provider_id, publication)
       select 'model-' || i, 'Model ' || i || ' Pro', 1 + i % 40, case when i % 100 = 13 then 'DRAFT' else 'PUBLISHED' end
       from generate_series(1, ${models}) i`,
    );
    const quote = (i: string) => `case when ${i} % 3 = 0 then 'The model scores ' || ${i} % 100 || '.5% on this benchmark, "pass@1", no tools' end`;
    const citation = (i: string) =>
      `1 + ${i} % 5000, 'Table ' || 1 + ${i} % 7 || ', row ' || ${i} % 50, '2026-10-01', ${quote(i)}, 'FOUND', 1 + ${i} % 5000, now(), now(), 'VERIFIED', 'IMPORT'`;
    const claimColumns = 'source_id, locator, retrieved_at, quote, evidence_status, evidence_snapshot_id, evidence_checked_at, last_confirmed_at, status, origin';
    // One score of a model per benchmark: 10 benchmarks apart by model.
    await q(
      `insert into scores (model_id, benchmark_id, value, setting, ${claimColumns})
       select 1 + i / 10 % ${models}, 1 + ((i % 10) * 30 + i / 10) % 300, (i * 37 % 1000) / 10.0, case when i % 4 = 0 then 'pass@1' else '' end, ${citation('i')}
       from generate_series(0, ${scores - 1}) i`,
    );
    await q(
      `insert into prices (model_id, kind, usd_per_million_tokens, effective_from, ${claimColumns})
       select i, 'INPUT', (i % 500) / 20.0, '2025-01-01', ${citation('i')} from generate_series(1, ${models}, 5) i`,
    );
    await q(
      `insert into model_facts (model_id, fact, value, ${claimColumns})
       select i, 'CONTEXT_WINDOW', (128000 + i % 8 * 1000)::text, ${citation('i')} from generate_series(2, ${models}, 5) i`,
    );
    await q('analyze');
    console.log(`filled ${name} in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  } finally {
    await handle.close();
  }
}

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const probe = createServer().listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });
}

const status = (pid: number, field: string) => Number(readFileSync(`/proc/${pid}/status`, 'utf8').match(new RegExp(`${field}:\\s+(\\d+)`))?.[1] ?? 0) / 1024;

/** CPU seconds the process has used (user + system; clock ticks of 1/100 s). */
const cpuSeconds = (pid: number) => {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100;
};

/** Downloads one export, counting bytes and lines (the generated texts hold no line breaks). */
async function download(port: number, path: string, pid: number) {
  // Resets the process's peak RSS (VmHWM), so the peak read after is this download's.
  writeFileSync(`/proc/${pid}/clear_refs`, '5');
  const before = status(pid, 'VmRSS');
  const cpu = cpuSeconds(pid);
  const started = performance.now();
  const { bytes, lines, statusCode } = await new Promise<{ bytes: number; lines: number; statusCode: number }>((resolve, reject) => {
    request({ host: '127.0.0.1', port, path }, (res) => {
      let bytes = 0;
      let lines = 0;
      res.on('data', (chunk: Buffer) => {
        bytes += chunk.length;
        for (let i = chunk.indexOf(10); i !== -1; i = chunk.indexOf(10, i + 1)) lines++;
      });
      res.on('end', () => resolve({ bytes, lines, statusCode: res.statusCode ?? 0 }));
      res.on('error', reject);
    })
      .on('error', reject)
      .end();
  });
  const seconds = (performance.now() - started) / 1000;
  const serverCpu = cpuSeconds(pid) - cpu;
  const rows = path.endsWith('.csv') ? lines - 1 : lines;
  const line = `${path.padEnd(24)} ${statusCode}  ${rows} rows  ${(bytes / 1e6).toFixed(1)} MB  ${seconds.toFixed(1)} s  ${(rows / seconds / 1000).toFixed(0)}k rows/s  server CPU ${serverCpu.toFixed(1)} s  RSS ${before.toFixed(0)} MB before, peak ${status(pid, 'VmHWM').toFixed(0)} MB`;
  console.log(line);
  return { rows, bytes, seconds };
}

await ensureDatabase();
await fill();
const port = await freePort();
const heap = values['heap-mb'] ? [`--max-old-space-size=${Number(values['heap-mb'])}`] : [];
const server = spawn(process.execPath, [...heap, '--import', 'tsx', 'server/main.ts'], {
  env: { ...process.env, DATABASE_URL: url, PORT: String(port), HOST: '127.0.0.1', SEED_DEMO: 'false', LOG_LEVEL: 'warn', NODE_ENV: 'production' },
  stdio: ['ignore', 'inherit', 'inherit'],
});
try {
  for (let i = 0; ; i++) {
    const ok = await fetch(`http://127.0.0.1:${port}/ready`).then((r) => r.ok, () => false);
    if (ok) break;
    if (i > 300 || server.exitCode !== null) throw new Error('the server did not start');
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  console.log(`server pid ${server.pid}, RSS ${status(server.pid!, 'VmRSS').toFixed(0)} MB after start`);
  for (const path of ['/export/numbers.csv', '/export/numbers.ndjson']) await download(port, path, server.pid!);
} finally {
  server.kill('SIGTERM');
  await new Promise((resolve) => server.once('exit', resolve));
  if (values.drop) {
    const adminUrl = new URL(url);
    adminUrl.pathname = '/postgres';
    const admin = postgres(adminUrl.toString(), { max: 1, onnotice: () => {} });
    await dropDatabaseAndAppRole((text) => admin.unsafe(text), name);
    await admin.end();
    console.log(`dropped ${name} and its application role`);
  }
}
