/**
 * npx tsx bench/leaderboard.ts --before <ref> --after <ref>
 *     [--database-url postgres://postgres@127.0.0.1:5432/sourced_bench_large] [--rounds 5] [--requests 400]
 *     [--concurrency 8] [--concurrent-requests 400] [--warmup 100] [--max-seconds 30] [--worktrees /tmp]
 *     [--explain-runs 5] [--explain-setting LABEL]
 *
 * The public `leaderboard` query of two commits side by side, in one run, on one machine and one database:
 * each ref is checked out in a git worktree of its own (/tmp/lb-before, /tmp/lb-after, node_modules linked
 * from this checkout) and served by its own server/main.ts (RESPONSE_CACHE=false, SEED_DEMO=false, no
 * source re-check, LOG_LEVEL=warn) against the same PostgreSQL database. The `after` server starts first
 * so that its migrations are applied; the `before` one finds nothing missing (drizzle's migrator only
 * applies migrations it does not find in __drizzle_migrations and never rolls any back).
 *
 * Requests: the top-50 leaderboard of the most popular benchmark (bench/data.ts POPULAR_BENCHMARK) as
 * contract/public.graphql's `Leaderboard` operation sends it (the document read from each ref's own
 * contract), on both servers; and contract/results.graphql's `ComparableLeaderboard` (setting null) on
 * every server whose contract has it. After a warm-up, rounds interleave the servers in ABBA order
 * (before, after | after, before | …): per round, each (server, query) gets --requests sequential
 * requests on one keep-alive connection, then --concurrent-requests at --concurrency in flight; each of
 * these stops early after --max-seconds (a slow variant gets fewer requests; the counts are reported).
 * Latencies (client side, request sent → body read) are pooled over the rounds: p50/p90/p99/mean, with
 * the spread of the per-round p50s, and after/before ratios.
 *
 * Also, per ref: the SQL statements one request issues (each ref's own createApp in a child process
 * run from its worktree, statements counted through createDatabase's onStatement hook), each statement's
 * EXPLAIN (ANALYZE, BUFFERS) (indexes used, planning and execution time: median of --explain-runs) both as
 * a one-off statement and as the server runs it — a named prepared statement (db/client.ts), EXPLAINed at its
 * 7th EXECUTE, when PostgreSQL may have switched to a generic plan — and
 * whether both servers return the same top rows (order, value, rank, setting), also once the rows the
 * newer server leaves out (leaderboardExcluded) are taken out of the older one's. --explain-setting (default:
 * the benchmark's rarest non-empty setting label) also EXPLAINs ComparableLeaderboard for that label (a board
 * whose conditions few rows share), without load.
 *
 * The database is filled by bench/data.ts (100k models, 1M scores):
 *   npx tsx bench/data.ts --models 100000 --scores 1000000 --database-url postgres://postgres@127.0.0.1:5432/sourced_bench_large
 * Results: bench/results/<timestamp>-leaderboard.json. Servers are stopped by PID and the worktrees removed
 * at the end (--keep-worktrees to keep them).
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, openSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { createServer as createNetServer } from 'node:net';
import os from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import postgres from 'postgres';
import { operationDocuments } from '../server/http/persistedOperations.ts';
import { POPULAR_BENCHMARK } from './data.ts';

const root = fileURLToPath(new URL('..', import.meta.url));
const resultsDir = join(root, 'bench', 'results');

const { values: opts } = parseArgs({
  options: {
    before: { type: 'string' },
    after: { type: 'string' },
    'database-url': { type: 'string', default: 'postgres://postgres@127.0.0.1:5432/sourced_bench_large' },
    rounds: { type: 'string', default: '5' },
    requests: { type: 'string', default: '400' },
    concurrency: { type: 'string', default: '8' },
    'concurrent-requests': { type: 'string', default: '400' },
    warmup: { type: 'string', default: '100' },
    'max-seconds': { type: 'string', default: '30' },
    'explain-setting': { type: 'string' },
    worktrees: { type: 'string', default: '/tmp' },
    'explain-runs': { type: 'string', default: '5' },
    benchmark: { type: 'string', default: POPULAR_BENCHMARK },
    first: { type: 'string', default: '50' },
    'keep-worktrees': { type: 'boolean', default: false },
  },
});
if (!opts.before || !opts.after) throw new Error('usage: npx tsx bench/leaderboard.ts --before <ref> --after <ref>');
const url = opts['database-url']!;
const rounds = Number(opts.rounds);
const requests = Number(opts.requests);
const concurrency = Number(opts.concurrency);
const concurrentRequests = Number(opts['concurrent-requests']);
const warmup = Number(opts.warmup);
const maxSeconds = Number(opts['max-seconds']);
const explainRuns = Number(opts['explain-runs']);
const benchmarkSlug = opts.benchmark!;
const first = Number(opts.first);
const tmpDir = join(resultsDir, 'tmp');
mkdirSync(tmpDir, { recursive: true });

const git = (args: string[], cwd = root) => {
  const out = spawnSync('git', args, { cwd, encoding: 'utf8' });
  if (out.status !== 0) throw new Error(`git ${args.join(' ')}: ${out.stderr.trim()}`);
  return out.stdout.trim();
};
const round = (value: number, digits = 2) => Math.round(value * 10 ** digits) / 10 ** digits;
const log = (line: string) => console.log(line);

// ---- servers and worktrees -------------------------------------------------------------------------

type Side = 'before' | 'after';
interface Server {
  side: Side;
  ref: string;
  commit: string;
  dir: string;
  pid: number;
  port: number;
  graphql: string;
  process: ChildProcess;
  exited: Promise<number | null>;
  logFile: string;
}
const servers: Server[] = [];
const worktrees: string[] = [];

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createNetServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

function addWorktree(side: Side, ref: string): { dir: string; commit: string } {
  const commit = git(['rev-parse', '--verify', `${ref}^{commit}`]);
  const dir = join(opts.worktrees!, `lb-${side}`);
  if (existsSync(dir)) throw new Error(`${dir} exists: remove it (git worktree remove --force ${dir}) or pass --worktrees`);
  git(['worktree', 'add', '--detach', dir, commit]);
  worktrees.push(dir);
  symlinkSync(join(root, 'node_modules'), join(dir, 'node_modules'));
  return { dir, commit };
}

async function startServer(side: Side, ref: string, commit: string, dir: string): Promise<Server> {
  const port = await freePort();
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    DATABASE_URL: url,
    RESPONSE_CACHE: 'false',
    SEED_DEMO: 'false',
    SOURCE_RECHECK_EVERY_MINUTES: '0',
    PORT: String(port),
    HOST: '127.0.0.1',
    LOG_LEVEL: 'warn',
    NODE_ENV: 'production',
  };
  delete env.DATA_DIR;
  delete env.DATABASE_OWNER_URL;
  const logFile = join(tmpDir, `leaderboard-${side}.log`);
  const out = openSync(logFile, 'w');
  // node --import tsx directly (not npx): the PID recorded is the server's own.
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], { cwd: dir, env, stdio: ['ignore', out, out] });
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const server: Server = { side, ref, commit, dir, pid: child.pid!, port, graphql: `http://127.0.0.1:${port}/graphql`, process: child, exited, logFile };
  servers.push(server);
  const started = performance.now();
  for (;;) {
    if (child.exitCode !== null) throw new Error(`${side} server exited (${child.exitCode}); see ${logFile}`);
    if (performance.now() - started > 120_000) throw new Error(`${side} server not ready after 120 s; see ${logFile}`);
    try {
      const response = await fetch(`http://127.0.0.1:${port}/ready`, { signal: AbortSignal.timeout(1000) });
      if (response.ok) break;
    } catch {
      /* not yet */
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  log(`${side} server ${ref} (${commit.slice(0, 7)}) pid ${server.pid} on :${port}, ready in ${Math.round(performance.now() - started)} ms`);
  return server;
}

async function stopServer(server: Server) {
  if (server.process.exitCode !== null || server.process.signalCode !== null) return;
  try {
    process.kill(server.pid, 'SIGTERM');
  } catch {
    return;
  }
  const timer = setTimeout(() => {
    try {
      process.kill(server.pid, 'SIGKILL');
    } catch {
      /* gone */
    }
  }, 10_000);
  await server.exited;
  clearTimeout(timer);
}

function cleanupSync() {
  for (const server of servers) {
    try {
      if (server.process.exitCode === null && server.process.signalCode === null) process.kill(server.pid, 'SIGKILL');
    } catch {
      /* gone */
    }
  }
  if (!opts['keep-worktrees']) {
    for (const dir of worktrees.splice(0)) spawnSync('git', ['worktree', 'remove', '--force', dir], { cwd: root });
  }
}
process.on('exit', cleanupSync);
for (const sig of ['SIGINT', 'SIGTERM'] as const) process.on(sig, () => process.exit(130));

// ---- requests --------------------------------------------------------------------------------------

interface Operation {
  name: string;
  body: string;
}

function contractOperation(dir: string, file: string, name: string): string | null {
  const path = join(dir, 'contract', file);
  if (!existsSync(path)) return null;
  return operationDocuments(readFileSync(path, 'utf8')).get(name)?.text ?? null;
}

function operationsOf(dir: string, comparableSetting: string | null = null): Operation[] {
  const found: Operation[] = [];
  const leaderboard = contractOperation(dir, 'public.graphql', 'Leaderboard');
  if (!leaderboard) throw new Error(`${dir}: contract/public.graphql has no Leaderboard operation`);
  found.push({ name: 'Leaderboard', body: JSON.stringify({ query: leaderboard, variables: { benchmark: benchmarkSlug, first }, operationName: 'Leaderboard' }) });
  const comparable = contractOperation(dir, 'results.graphql', 'ComparableLeaderboard');
  if (comparable) {
    found.push({
      name: 'ComparableLeaderboard',
      body: JSON.stringify({ query: comparable, variables: { benchmark: benchmarkSlug, setting: comparableSetting }, operationName: 'ComparableLeaderboard' }),
    });
  }
  return found;
}

async function post(target: string, body: string): Promise<{ ms: number; ok: boolean; text: string }> {
  const t = performance.now();
  try {
    const response = await fetch(target, { method: 'POST', headers: { 'content-type': 'application/json', accept: 'application/json' }, body });
    const text = await response.text();
    const ms = performance.now() - t;
    return { ms, ok: response.ok && !text.startsWith('{"errors"') && !text.includes('"errors":['), text };
  } catch (error) {
    return { ms: performance.now() - t, ok: false, text: String(error) };
  }
}

async function load(
  target: string,
  body: string,
  count: number,
  inFlight: number,
  seconds = maxSeconds,
): Promise<{ latencies: number[]; failed: number[]; errors: number; seconds: number; firstError?: string }> {
  const latencies: number[] = [];
  const failed: number[] = [];
  let errors = 0;
  let firstError: string | undefined;
  let next = 0;
  const started = performance.now();
  const until = started + seconds * 1000;
  await Promise.all(
    Array.from({ length: inFlight }, async () => {
      while (next < count && performance.now() < until) {
        next++;
        const result = await post(target, body);
        if (result.ok) latencies.push(result.ms);
        else {
          errors++;
          failed.push(result.ms);
          firstError ??= result.text.slice(0, 500);
        }
      }
    }),
  );
  return { latencies, failed, errors, seconds: (performance.now() - started) / 1000, firstError };
}

const percentile = (sorted: number[], p: number) => (sorted.length ? sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]! : NaN);
interface Stats {
  n: number;
  errors: number;
  p50Ms: number;
  p90Ms: number;
  p99Ms: number;
  meanMs: number;
  maxMs: number;
  rps: number;
  /** Over every request, the failed ones (503 after REQUEST_TIMEOUT_MS) included. */
  all: { p50Ms: number; p99Ms: number; meanMs: number };
}
function stats(latencies: number[], errors: number, seconds: number, failed: number[] = []): Stats {
  const sorted = latencies.slice().sort((a, b) => a - b);
  const every = [...latencies, ...failed].sort((a, b) => a - b);
  return {
    n: sorted.length,
    errors,
    p50Ms: round(percentile(sorted, 50)),
    p90Ms: round(percentile(sorted, 90)),
    p99Ms: round(percentile(sorted, 99)),
    meanMs: round(sorted.reduce((s, v) => s + v, 0) / Math.max(1, sorted.length)),
    maxMs: round(sorted.at(-1) ?? NaN),
    rps: round((latencies.length + errors) / seconds, 1),
    all: { p50Ms: round(percentile(every, 50)), p99Ms: round(percentile(every, 99)), meanMs: round(every.reduce((s, v) => s + v, 0) / Math.max(1, every.length)) },
  };
}

// ---- statements and plans --------------------------------------------------------------------------

interface Captured {
  sql: string;
  params: string[];
}

// Run from a worktree (cwd), so that it is that ref's createApp, schema and SQL that answer.
const captureScript = `
import pino from 'pino';
import { createDatabase } from './db/client.ts';
import { CatalogMeta } from './server/http/catalogMeta.ts';
import { createApp } from './server/http/app.ts';
const bodies = JSON.parse(process.env.LB_BODIES);
const texts = [];
const withParams = [];
const handle = await createDatabase({ url: process.env.LB_URL, maxConnections: 2, onStatement: (sql) => texts.push(sql) });
const client = handle.db.$client;
const hook = client.options.debug;
client.options.debug = (connection, sql, params, types) => {
  withParams.push({ sql, params: (params ?? []).map(String) });
  hook?.(connection, sql, params, types);
};
const meta = new CatalogMeta(handle);
await meta.start();
const { yoga } = createApp({ handle, meta, logger: pino({ level: 'silent' }), config: { CORS_ORIGINS: [] } });
const result = {};
try {
  for (const [name, body] of Object.entries(bodies)) {
    await yoga.fetch('http://bench/graphql', { method: 'POST', headers: { 'content-type': 'application/json' }, body }).then((r) => r.text());
    texts.length = 0;
    withParams.length = 0;
    const response = await yoga.fetch('http://bench/graphql', { method: 'POST', headers: { 'content-type': 'application/json' }, body });
    const parsed = await response.json();
    if (parsed.errors) throw new Error(name + ': ' + JSON.stringify(parsed.errors));
    result[name] = { statements: withParams.slice(), onStatement: texts.length };
  }
} finally {
  await meta.stop();
  await handle.close();
}
process.stdout.write('\\n@@CAPTURE@@' + JSON.stringify(result));
`;

function captureStatements(dir: string, operations: Operation[]): Record<string, { statements: Captured[]; onStatement: number }> {
  const file = join(dir, '.lb-capture.ts');
  writeFileSync(file, captureScript);
  const out = spawnSync(process.execPath, ['--import', 'tsx', file], {
    cwd: dir,
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
    env: { ...process.env, LB_URL: url, LB_BODIES: JSON.stringify(Object.fromEntries(operations.map((o) => [o.name, o.body]))), LOG_LEVEL: 'silent' },
  });
  const marker = out.stdout.lastIndexOf('@@CAPTURE@@');
  if (out.status !== 0 || marker < 0) throw new Error(`statement capture in ${dir} failed: ${out.stderr.slice(-2000)}`);
  return JSON.parse(out.stdout.slice(marker + '@@CAPTURE@@'.length));
}

interface PlanNode {
  'Node Type': string;
  'Index Name'?: string;
  'Relation Name'?: string;
  'Actual Rows'?: number;
  'Actual Loops'?: number;
  'Shared Hit Blocks'?: number;
  'Shared Read Blocks'?: number;
  Plans?: PlanNode[];
}
function walk(node: PlanNode, visit: (node: PlanNode) => void) {
  visit(node);
  for (const child of node.Plans ?? []) walk(child, visit);
}

async function explain(sql: postgres.Sql, statement: Captured) {
  const runs: { planningMs: number; executionMs: number }[] = [];
  let last: { Plan: PlanNode; 'Planning Time': number; 'Execution Time': number } | null = null;
  for (let i = 0; i < explainRuns + 1; i++) {
    const [row] = await sql.unsafe(`explain (analyze, buffers, format json) ${statement.sql}`, statement.params as never[]);
    last = (row as unknown as { 'QUERY PLAN': [typeof last] })['QUERY PLAN'][0];
    if (i > 0) runs.push({ planningMs: last!['Planning Time'], executionMs: last!['Execution Time'] });
  }
  const [text] = [await sql.unsafe(`explain (analyze, buffers, costs off) ${statement.sql}`, statement.params as never[])];
  // What the server runs: a named prepared statement (db/client.ts), which PostgreSQL may switch to a generic
  // plan after five executions. The same, from a PREPARE executed six times.
  const name = `lb_${process.pid}_${Math.floor(Math.random() * 1e9)}`;
  await sql.unsafe(`prepare ${name} as ${statement.sql}`, [], { prepare: false });
  const args = statement.params.map((p) => `'${p.replaceAll("'", "''")}'`).join(', ');
  const execute = `execute ${name}${args ? `(${args})` : ''}`;
  for (let i = 0; i < 6; i++) await sql.unsafe(execute, [], { prepare: false });
  const preparedRuns: number[] = [];
  let preparedPlan: { Plan: PlanNode; 'Execution Time': number } | null = null;
  for (let i = 0; i < explainRuns; i++) {
    const [row] = await sql.unsafe(`explain (analyze, buffers, format json) ${execute}`, [], { prepare: false });
    preparedPlan = (row as unknown as { 'QUERY PLAN': [typeof preparedPlan] })['QUERY PLAN'][0];
    preparedRuns.push(preparedPlan!['Execution Time']);
  }
  const preparedText = (await sql.unsafe(`explain (analyze, buffers, costs off) ${execute}`, [], { prepare: false })) as unknown as { 'QUERY PLAN': string }[];
  await sql.unsafe(`deallocate ${name}`, [], { prepare: false });
  const preparedIndexes = new Set<string>();
  const preparedScans: string[] = [];
  walk(preparedPlan!.Plan, (node) => {
    if (node['Index Name']) preparedIndexes.add(node['Index Name']);
    if (/Scan/.test(node['Node Type'])) preparedScans.push(`${node['Node Type']}${node['Index Name'] ? ` using ${node['Index Name']}` : ''}${node['Relation Name'] ? ` on ${node['Relation Name']}` : ''} (rows ${node['Actual Rows']} × loops ${node['Actual Loops']})`);
  });
  const indexes = new Set<string>();
  const scans: string[] = [];
  walk(last!.Plan, (node) => {
    if (node['Index Name']) indexes.add(node['Index Name']);
    if (/Scan/.test(node['Node Type'])) scans.push(`${node['Node Type']}${node['Index Name'] ? ` using ${node['Index Name']}` : ''}${node['Relation Name'] ? ` on ${node['Relation Name']}` : ''} (rows ${node['Actual Rows']} × loops ${node['Actual Loops']})`);
  });
  const med = (values: number[]) => {
    const s = values.slice().sort((a, b) => a - b);
    return round(s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2, 3);
  };
  return {
    indexes: [...indexes],
    scans,
    planningMs: med(runs.map((r) => r.planningMs)),
    executionMs: med(runs.map((r) => r.executionMs)),
    executionRunsMs: runs.map((r) => round(r.executionMs, 3)),
    sharedHitBlocks: last!.Plan['Shared Hit Blocks'],
    sharedReadBlocks: last!.Plan['Shared Read Blocks'],
    text: (text as unknown as { 'QUERY PLAN': string }[]).map((r) => r['QUERY PLAN']).join('\n'),
    prepared: {
      // A generic plan shows the parameters ($1 …) in its conditions; a custom one their values.
      generic: /\$\d/.test(JSON.stringify(preparedPlan!.Plan)),
      indexes: [...preparedIndexes],
      scans: preparedScans,
      executionMs: med(preparedRuns),
      executionRunsMs: preparedRuns.map((r) => round(r, 3)),
      text: preparedText.map((r) => r['QUERY PLAN']).join('\n'),
    },
  };
}

// ---- rows ------------------------------------------------------------------------------------------

interface Row {
  rank: number;
  value: number;
  setting: string | null;
  model: { slug: string };
}
function compareRows(before: Row[], after: Row[]) {
  const differences: string[] = [];
  const n = Math.max(before.length, after.length);
  for (let i = 0; i < n; i++) {
    const b = before[i];
    const a = after[i];
    const show = (r: Row | undefined) => (r ? `${r.model.slug} ${r.value} rank ${r.rank} setting ${JSON.stringify(r.setting)}` : '—');
    if (!a || !b || a.model.slug !== b.model.slug || a.value !== b.value || a.rank !== b.rank || a.setting !== b.setting) {
      differences.push(`#${i + 1}: before ${show(b)} | after ${show(a)}`);
    }
  }
  return { beforeRows: before.length, afterRows: after.length, identical: differences.length === 0, differences };
}

// ---- main ------------------------------------------------------------------------------------------

async function main() {
  const sql = postgres(url, { max: 1, onnotice: () => {} });
  const [{ comment = null } = {}] = await sql<{ comment: string | null }[]>`select shobj_description(oid, 'pg_database') as comment from pg_database where datname = current_database()`;
  const marker = comment ? JSON.parse(comment) : null;
  if (marker?.generator !== 'bench/data.ts') {
    throw new Error(`${url} was not filled by bench/data.ts: npx tsx bench/data.ts --models 100000 --scores 1000000 --database-url ${url}`);
  }
  const version = (await sql<{ version: string }[]>`select current_setting('server_version') as version`)[0]!.version;

  const beforeTree = addWorktree('before', opts.before!);
  const afterTree = addWorktree('after', opts.after!);
  const loadStart = os.loadavg();
  // The newer ref first: it applies the migrations the older one does not know; the older one then finds none missing.
  const after = await startServer('after', opts.after!, afterTree.commit, afterTree.dir);
  const before = await startServer('before', opts.before!, beforeTree.commit, beforeTree.dir);
  const migrations = (await sql<{ migrations: number }[]>`select count(*)::int as migrations from drizzle.__drizzle_migrations`)[0]!.migrations;

  const benchmarkRow = (await sql<{ id: number }[]>`select id from benchmarks where slug = ${benchmarkSlug}`)[0];
  if (!benchmarkRow) throw new Error(`no benchmark ${benchmarkSlug}`);
  const benchmarkId = benchmarkRow.id;
  const settings = await sql<{ setting: string | null; conditions: string; n: number }[]>`
    select setting, concat_ws(' / ', benchmark_version, shots, pass_at_k, tools, reasoning_effort, case when setting_parsed then 'parsed' else 'unparsed' end) as conditions, count(*)::int as n
    from scores where benchmark_id = ${benchmarkId} and status = 'VERIFIED' group by 1, 2 order by 3 desc`;
  log(`${benchmarkSlug}: ${settings.map((s) => `${s.n} VERIFIED scores with setting ${JSON.stringify(s.setting)} (${s.conditions || 'no conditions'})`).join('; ')}`);

  const operations = { before: operationsOf(before.dir), after: operationsOf(after.dir) };
  const variants = (['before', 'after'] as const).flatMap((side) => operations[side].map((op) => ({ side, op, server: side === 'before' ? before : after, key: `${side}:${op.name}` })));

  // Statements per request and plans, per ref.
  const statements: Record<string, unknown> = {};
  for (const side of ['before', 'after'] as const) {
    const server = side === 'before' ? before : after;
    const captured = captureStatements(server.dir, operations[side]);
    for (const [name, { statements: list, onStatement }] of Object.entries(captured)) {
      const plans = [];
      for (const statement of list) plans.push({ sql: statement.sql, params: statement.params, plan: await explain(sql, statement) });
      statements[`${side}:${name}`] = { count: list.length, onStatementCount: onStatement, statements: plans };
      log(`${side} ${name}: ${list.length} statement(s) per request`);
      for (const [i, p] of plans.entries()) {
        log(`  [${i + 1}] indexes ${p.plan.indexes.join(', ') || '(none)'}; planning ${p.plan.planningMs} ms, execution ${p.plan.executionMs} ms (median of ${explainRuns}); shared hit ${p.plan.sharedHitBlocks} read ${p.plan.sharedReadBlocks}`);
        log(`      prepared, 7th execution: ${p.plan.prepared.generic ? 'GENERIC' : 'custom'} plan, ${p.plan.prepared.executionMs} ms; ${p.plan.prepared.scans.filter((x) => x.includes(' on scores')).join('; ')}`);
      }
    }
  }

  // Same rows where all scores share the same conditions?
  const answer = async (server: Server, body: string) => {
    const result = await post(server.graphql, body);
    if (!result.ok) throw new Error(`${server.side}: ${result.text.slice(0, 1000)}`);
    return JSON.parse(result.text).data as { leaderboard: Row[]; leaderboardExcluded?: unknown[] };
  };
  const leaderboardBody = operations.after.find((o) => o.name === 'Leaderboard')!.body;
  const beforeBody = operations.before.find((o) => o.name === 'Leaderboard')!.body;
  const rowsBefore = (await answer(before, beforeBody)).leaderboard;
  const rowsAfter = (await answer(after, leaderboardBody)).leaderboard;
  const agreement = compareRows(rowsBefore, rowsAfter);
  const comparable = operations.after.find((o) => o.name === 'ComparableLeaderboard');
  const comparableAnswer = comparable ? await answer(after, comparable.body) : null;
  const comparableAgreement = comparableAnswer ? compareRows(rowsBefore, comparableAnswer.leaderboard) : null;
  // The rows the newer server leaves out, taken out of the older one's answer: the rest in the same order with the same values?
  const excluded = (comparableAnswer?.leaderboardExcluded ?? []) as { value: number; model: { slug: string } }[];
  const isExcluded = (row: Row) => excluded.some((x) => x.model.slug === row.model.slug && x.value === row.value);
  const kept = rowsBefore.filter((row) => !isExcluded(row));
  const common = Math.min(kept.length, rowsAfter.length);
  const withoutExcluded = {
    removedFromBefore: rowsBefore.filter(isExcluded).map((r) => ({ slug: r.model.slug, value: r.value, rank: r.rank, setting: r.setting })),
    comparedRows: common,
    sameOrderAndValues: kept.slice(0, common).every((row, i) => row.model.slug === rowsAfter[i]!.model.slug && row.value === rowsAfter[i]!.value),
    rankDifferences: kept
      .slice(0, common)
      .map((row, i) => ({ slug: row.model.slug, value: row.value, before: row.rank, after: rowsAfter[i]!.rank }))
      .filter((d) => d.before !== d.after),
  };
  log(`rows: before ${agreement.beforeRows}, after ${agreement.afterRows}; ${agreement.identical ? 'identical (order, value, rank, setting)' : `${agreement.differences.length} differ`}`);
  for (const d of agreement.differences.slice(0, 10)) log(`  ${d}`);
  if (comparableAnswer) log(`ComparableLeaderboard: ${comparableAnswer.leaderboard.length} rows (${comparableAgreement!.identical ? 'same as before' : `${comparableAgreement!.differences.length} differ from before`}), ${comparableAnswer.leaderboardExcluded?.length ?? 0} excluded`);
  log(
    `without the ${withoutExcluded.removedFromBefore.length} excluded row(s) (${withoutExcluded.removedFromBefore.map((r) => `${r.slug} ${r.value} rank ${r.rank} ${JSON.stringify(r.setting)}`).join('; ')}): first ${common} rows ${withoutExcluded.sameOrderAndValues ? 'in the same order with the same values' : 'DIFFER'}; ${withoutExcluded.rankDifferences.length} rank(s) differ${withoutExcluded.rankDifferences.length ? ` (e.g. ${withoutExcluded.rankDifferences.slice(0, 3).map((d) => `${d.slug} ${d.before}→${d.after}`).join(', ')})` : ''}`,
  );

  // A board whose conditions few rows share (an explicit setting): plan only.
  const rare = opts['explain-setting'] ?? settings.filter((x) => x.setting).sort((a, b) => a.n - b.n)[0]?.setting ?? null;
  let explicitSetting: unknown = null;
  if (rare && operations.after.some((o) => o.name === 'ComparableLeaderboard')) {
    const op = operationsOf(after.dir, rare).find((o) => o.name === 'ComparableLeaderboard')!;
    const captured = captureStatements(after.dir, [op]).ComparableLeaderboard!;
    const plans = [];
    for (const statement of captured.statements) plans.push({ sql: statement.sql, params: statement.params, plan: await explain(sql, statement) });
    explicitSetting = { setting: rare, count: captured.statements.length, statements: plans };
    log(`after ComparableLeaderboard with setting ${JSON.stringify(rare)}: ${captured.statements.length} statement(s)`);
    for (const [i, p] of plans.entries()) log(`  [${i + 1}] indexes ${p.plan.indexes.join(', ') || '(none)'}; execution ${p.plan.executionMs} ms; shared hit ${p.plan.sharedHitBlocks} read ${p.plan.sharedReadBlocks}`);
  }

  // Warm-up, then ABBA rounds.
  for (const v of variants) {
    const w = await load(v.server.graphql, v.op.body, warmup, 1, Math.min(maxSeconds, 15));
    if (w.errors) throw new Error(`${v.key}: ${w.errors} errors in warm-up: ${w.firstError}`);
  }
  const modes = [
    { mode: 'sequential', count: requests, inFlight: 1 },
    ...(concurrency > 1 && concurrentRequests > 0 ? [{ mode: `concurrency-${concurrency}`, count: concurrentRequests, inFlight: concurrency }] : []),
  ];
  const pooled = new Map<string, { latencies: number[]; failed: number[]; errors: number; seconds: number; roundP50s: number[]; firstError?: string }>();
  for (let r = 0; r < rounds; r++) {
    const order = r % 2 === 0 ? (['before', 'after'] as const) : (['after', 'before'] as const);
    for (const m of modes) {
      for (const side of order) {
        for (const v of variants.filter((x) => x.side === side)) {
          const result = await load(v.server.graphql, v.op.body, m.count, m.inFlight);
          // Requests answered 503 (REQUEST_TIMEOUT_MS) leave their statements running up to STATEMENT_TIMEOUT_MS
          // (2 s by default): let them end before the next variant is timed.
          if (result.errors) await new Promise((resolve) => setTimeout(resolve, 2500));
          const key = `${m.mode}|${v.key}`;
          const entry = pooled.get(key) ?? { latencies: [], failed: [], errors: 0, seconds: 0, roundP50s: [] };
          entry.latencies.push(...result.latencies);
          entry.failed.push(...result.failed);
          entry.errors += result.errors;
          entry.seconds += result.seconds;
          entry.firstError ??= result.firstError;
          entry.roundP50s.push(round(percentile(result.latencies.slice().sort((a, b) => a - b), 50)));
          pooled.set(key, entry);
        }
      }
    }
    log(`round ${r + 1}/${rounds} done (${order.join(', ')}; load ${os.loadavg().map((l) => l.toFixed(1)).join(' ')})`);
  }

  const table: Record<string, Stats & { roundP50sMs: number[]; firstError?: string }> = {};
  for (const [key, e] of pooled) table[key] = { ...stats(e.latencies, e.errors, e.seconds, e.failed), roundP50sMs: e.roundP50s, ...(e.firstError ? { firstError: e.firstError } : {}) };
  const ratios: Record<string, Record<string, number>> = {};
  for (const m of modes) {
    const base = table[`${m.mode}|before:Leaderboard`]!;
    for (const v of variants.filter((x) => x.side === 'after')) {
      const t = table[`${m.mode}|${v.key}`]!;
      ratios[`${m.mode}|${v.key} / before:Leaderboard`] = {
        p50: round(t.p50Ms / base.p50Ms),
        p90: round(t.p90Ms / base.p90Ms),
        p99: round(t.p99Ms / base.p99Ms),
        mean: round(t.meanMs / base.meanMs),
      };
    }
  }

  log('');
  log(`${'mode | server:query'.padEnd(44)} ${'n'.padStart(5)} ${'p50'.padStart(8)} ${'p90'.padStart(8)} ${'p99'.padStart(8)} ${'mean'.padStart(8)} ${'req/s'.padStart(7)}  err  round p50s`);
  for (const [key, s] of Object.entries(table)) {
    log(`${key.padEnd(44)} ${String(s.n).padStart(5)} ${s.p50Ms.toFixed(2).padStart(8)} ${s.p90Ms.toFixed(2).padStart(8)} ${s.p99Ms.toFixed(2).padStart(8)} ${s.meanMs.toFixed(2).padStart(8)} ${s.rps.toFixed(1).padStart(7)} ${String(s.errors).padStart(4)}  ${s.roundP50sMs.join(' ')}${s.errors ? `  (all requests: p50 ${s.all.p50Ms} p99 ${s.all.p99Ms} mean ${s.all.meanMs})` : ''}`);
  }
  for (const [key, r] of Object.entries(ratios)) log(`ratio ${key}: p50 ${r.p50}× p90 ${r.p90}× p99 ${r.p99}× mean ${r.mean}×`);

  const loadEnd = os.loadavg();
  const serverInfo = (s: Server) => ({ ref: s.ref, commit: s.commit, pid: s.pid, port: s.port });
  const cpus = os.cpus();
  const report = {
    kind: 'leaderboard',
    date: new Date().toISOString(),
    command: `npx tsx bench/leaderboard.ts ${process.argv.slice(2).join(' ')}`,
    machine: {
      os: `${os.type()} ${os.release()} (${os.platform()} ${os.arch()})`,
      cpus: cpus.length,
      cpuModel: cpus[0]?.model ?? 'unknown',
      memoryGb: round(os.totalmem() / 1024 ** 3, 1),
      node: process.version,
      postgres: version,
      loadAverageStart: loadStart.map((l) => round(l)),
      loadAverageEnd: loadEnd.map((l) => round(l)),
      checkout: git(['rev-parse', '--short', 'HEAD']),
    },
    database: { url, dataset: marker.options ?? null, summary: marker.summary ?? null, migrationsApplied: migrations },
    servers: { before: serverInfo(before), after: serverInfo(after) },
    settings: { benchmark: benchmarkSlug, first, rounds, requests, concurrency, concurrentRequests, warmup, maxSeconds, order: 'ABBA by round; per round sequential then concurrent', env: 'RESPONSE_CACHE=false SEED_DEMO=false SOURCE_RECHECK_EVERY_MINUTES=0 LOG_LEVEL=warn NODE_ENV=production HOST=127.0.0.1' },
    benchmarkScores: settings,
    latency: table,
    ratios,
    statements,
    explicitSetting,
    rows: { leaderboard: agreement, comparableVsBefore: comparableAgreement, withoutExcluded, excluded: comparableAnswer?.leaderboardExcluded?.length ?? null, top5: { before: rowsBefore.slice(0, 5), after: rowsAfter.slice(0, 5) } },
  };
  const file = join(resultsDir, `${new Date().toISOString().replace(/[:.]/g, '-')}-leaderboard.json`);
  writeFileSync(file, `${JSON.stringify(report, null, 2)}\n`);
  log(`\nwritten ${file}`);

  await sql.end();
  for (const server of servers) await stopServer(server);
  log(`stopped servers ${servers.map((s) => `${s.side} pid ${s.pid}`).join(', ')}`);
}

main()
  .catch((error) => {
    console.error(error instanceof Error ? (error.stack ?? error.message) : error);
    process.exitCode = 1;
  })
  .finally(() => cleanupSync());
