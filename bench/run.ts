/**
 * npm run bench [-- --dataset demo|large --duration 10 --rounds 3 --connections 4 --database-url URL --cpu-prof]
 *               [--only first-hour] [--skip-first-hour] [--skip-postgraphile] [--first-hour-rounds 3] [--ref HEAD --ref <commit> …]
 *
 * Side-by-side throughput of the model page, in one process tree, against PostgreSQL on 127.0.0.1:
 *   baseline      plain Node HTTP + postgres.js running the exact SQL statement the API generates for
 *                 the ModelPage operation (captured through createDatabase's onStatement hook), prepared
 *   ceiling       bare Node HTTP returning the bytes the API returns for the page
 *   API uncached  server/main.ts with RESPONSE_CACHE=false
 *   API cached    server/main.ts with RESPONSE_CACHE=true
 *   PostGraphile  PostGraphile v5 on Node 22 over views of the public rule (bench/postgraphile.ts; its
 *                 nested package is installed on first use; --skip-postgraphile leaves it out)
 * loaded by wrk (autocannon when wrk cannot be installed), round-interleaved (A B C D E, A B C D E, …),
 * median of rounds. Also, on the uncached API: the top-50 leaderboard of the most popular benchmark,
 * keyset page 1 vs page 400 of `models`, memory growth over the rounds; on PGlite: time from
 * `npm start` to /ready on a fresh data directory and the model page p50. Results go to
 * bench/results/<timestamp>-<dataset>.json with a description of the machine.
 *
 * Databases: sourced_bench_demo (the demo catalog, server/import/demo.ts) and sourced_bench_large (bench/data.ts,
 * 100k models, 1M scores), created on first use and reused while filled the same way (--refill to
 * rebuild). --cpu-prof also profiles the API (cached and uncached) under model-page load, each in a
 * process of its own, and prints where the time goes.
 *
 * First hour (bench/firstHour.ts; part of the default run, alone with --only first-hour, left out with
 * --skip-first-hour): `npm ci` in fresh clones of the committed tree (HEAD, or each --ref, rounds
 * interleaved), split into its postinstall steps, then `npm start` → /ready on a fresh and on an
 * existing DATA_DIR, the server alone (without npm and prestart) and prestart alone; median and spread
 * of --first-hour-rounds, and the sentence the README quotes.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, openSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createServer as createNetServer } from 'node:net';
import os from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { type ArgumentNode, Kind, type OperationDefinitionNode, parse, print, visit } from 'graphql';
import pino from 'pino';
import { createDatabase } from '../db/client.ts';
import { migrateDatabase } from '../db/migrate.ts';
import { seedDemoCatalog } from '../server/import/demo.ts';
import { CatalogMeta } from '../server/http/catalogMeta.ts';
import { createApp } from '../server/http/app.ts';
import { contractOperations } from '../test/helpers/contract.ts';
import { DATA_VERSION, datasetMarker, ensurePostgresDatabase, fillBenchData, POPULAR_BENCHMARK, REFERENCE_SLUG } from './data.ts';
import { measureCacheSurvival } from './cacheSurvival.ts';
import { formatFirstHour, measureFirstHour, type FirstHourReport } from './firstHour.ts';
import { formatProfile, summarizeProfile, type ProfileSummary } from './profile.ts';
import * as pg5 from './postgraphile.ts';

const root = fileURLToPath(new URL('..', import.meta.url));
const benchDir = join(root, 'bench');
const resultsDir = join(benchDir, 'results');

const { values: opts } = parseArgs({
  options: {
    dataset: { type: 'string', default: 'demo' },
    duration: { type: 'string', default: '10' },
    rounds: { type: 'string', default: '3' },
    connections: { type: 'string', default: '4' },
    threads: { type: 'string', default: '1' },
    warmup: { type: 'string', default: '3' },
    'aux-duration': { type: 'string', default: '5' },
    'database-url': { type: 'string' },
    models: { type: 'string', default: '100000' },
    scores: { type: 'string', default: '1000000' },
    page: { type: 'string', default: '400' },
    slug: { type: 'string', default: REFERENCE_SLUG },
    'page-size': { type: 'string', default: '20' },
    'log-level': { type: 'string', default: 'warn' },
    'cpu-prof': { type: 'boolean', default: false },
    'skip-pglite': { type: 'boolean', default: false },
    'skip-postgraphile': { type: 'boolean', default: false },
    refill: { type: 'boolean', default: false },
    'time-limit': { type: 'string' },
    only: { type: 'string' },
    'skip-first-hour': { type: 'boolean', default: false },
    'first-hour-rounds': { type: 'string', default: '3' },
    ref: { type: 'string', multiple: true },
    'wait-quiet': { type: 'string', default: '120' },
  },
});

const dataset = opts.dataset === 'large' ? 'large' : 'demo';
const duration = Number(opts.duration);
const rounds = Number(opts.rounds);
const connections = Number(opts.connections);
const threads = Math.min(Number(opts.threads), connections);
const warmup = Number(opts.warmup);
const auxDuration = Number(opts['aux-duration']);
const wantedPage = Number(opts.page);
const pageSize = Number(opts['page-size']);
const tmpDir = join(resultsDir, 'tmp');
mkdirSync(tmpDir, { recursive: true });

// ---- children ------------------------------------------------------------------------------------

interface Child {
  name: string;
  process: ChildProcess;
  /** Process group: npm start runs npm → sh → node. */
  group: boolean;
  exited: Promise<number | null>;
}
const children = new Set<Child>();

function startChild(name: string, command: string, args: string[], env: NodeJS.ProcessEnv, group = false): Child {
  const log = openSync(join(tmpDir, `${name}.log`), 'w');
  const child = spawn(command, args, { cwd: root, env, stdio: ['ignore', log, log], detached: group });
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const entry: Child = { name, process: child, group, exited };
  children.add(entry);
  void exited.then(() => children.delete(entry));
  return entry;
}

async function stopChild(child: Child, graceMs = 10_000): Promise<void> {
  if (child.process.exitCode !== null || child.process.signalCode !== null) return;
  const signal = (sig: NodeJS.Signals) => {
    try {
      if (child.group) process.kill(-child.process.pid!, sig);
      else child.process.kill(sig);
    } catch {
      /* already gone */
    }
  };
  signal('SIGTERM');
  const timer = setTimeout(() => signal('SIGKILL'), graceMs);
  await child.exited;
  clearTimeout(timer);
}

function killAll() {
  for (const child of children) {
    try {
      if (child.group) process.kill(-child.process.pid!, 'SIGKILL');
      else child.process.kill('SIGKILL');
    } catch {
      /* gone */
    }
  }
}
process.on('exit', killAll);
for (const sig of ['SIGINT', 'SIGTERM'] as const) process.on(sig, () => process.exit(130));
if (opts.only !== undefined && opts.only !== 'first-hour') throw new Error(`bench: --only ${opts.only}: the phase that runs alone is first-hour`);
const onlyFirstHour = opts.only === 'first-hour';
const withFirstHour = onlyFirstHour || !opts['skip-first-hour'];
const firstHourRounds = Number(opts['first-hour-rounds']);
const firstHourRefs = opts.ref?.length ? opts.ref : ['HEAD'];
// An install takes minutes on a busy 2-core machine: the first hour gets a budget of its own.
const timeLimit = Number(opts['time-limit'] ?? (onlyFirstHour ? 0 : 1200) + (withFirstHour ? 420 * firstHourRounds * firstHourRefs.length : 0));
const deadline = setTimeout(() => {
  console.error(`bench: time limit of ${timeLimit} s reached; stopping`);
  process.exit(2);
}, timeLimit * 1000);
deadline.unref();

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

async function waitFor(url: string, child: Child | null, timeoutMs = 60_000): Promise<number> {
  const started = performance.now();
  while (performance.now() - started < timeoutMs) {
    if (child && child.process.exitCode !== null) throw new Error(`${child.name} exited (${child.process.exitCode}); see ${join(tmpDir, `${child.name}.log`)}`);
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(1000) });
      if (response.ok) return performance.now() - started;
    } catch {
      /* not yet */
    }
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error(`${url} not ready after ${timeoutMs} ms${child ? `; see ${join(tmpDir, `${child.name}.log`)}` : ''}`);
}

function rssMb(pid: number): number | null {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1]);
    return Number.isFinite(kb) ? Math.round((kb / 1024) * 10) / 10 : null;
  } catch {
    const out = spawnSync('ps', ['-o', 'rss=', '-p', String(pid)], { encoding: 'utf8' }).stdout.trim();
    return out ? Math.round((Number(out) / 1024) * 10) / 10 : null;
  }
}

// ---- load generator ----------------------------------------------------------------------------

type Generator = 'wrk' | 'autocannon';

function ensureLoadGenerator(): Generator {
  const has = () => spawnSync('wrk', ['-v'], { encoding: 'utf8' }).error === undefined;
  if (has()) return 'wrk';
  console.log('bench: wrk is missing; installing it from Debian (apt-get install -y wrk)');
  const apt = (args: string[]) => spawnSync('apt-get', args, { stdio: 'inherit', timeout: 180_000 }).status === 0;
  if (!apt(['install', '-y', 'wrk'])) apt(['update']) && apt(['install', '-y', 'wrk']);
  if (has()) return 'wrk';
  console.log('bench: wrk could not be installed; falling back to autocannon (a Node load generator: it takes CPU from the servers)');
  return 'autocannon';
}

interface Request {
  url: string;
  body: string;
}

interface LoadResult {
  rps: number;
  p50Ms: number;
  p90Ms: number;
  p99Ms: number;
  maxMs: number;
  requests: number;
  errors: number;
  bytesPerResponse: number;
  /** 1-minute load average of the machine when the run started (other work on it makes results noisy). */
  load1: number;
}

const wrkScript = (body: string) => `-- generated by bench/run.ts
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Accept"] = "application/graphql-response+json, application/json"
wrk.body = [==[${body}]==]
done = function(summary, latency, requests)
  io.write(string.format("WRK_RESULT {\\"requests\\":%d,\\"duration_us\\":%d,\\"bytes\\":%d,\\"errors\\":%d,\\"status_errors\\":%d,\\"p50\\":%d,\\"p90\\":%d,\\"p99\\":%d,\\"max\\":%d}\\n",
    summary.requests, summary.duration, summary.bytes,
    summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout, summary.errors.status,
    latency:percentile(50), latency:percentile(90), latency:percentile(99), latency.max))
end
`;

const scripts = new Map<string, string>();
function scriptFor(body: string): string {
  let file = scripts.get(body);
  if (!file) {
    file = join(tmpDir, `request-${scripts.size}.lua`);
    writeFileSync(file, wrkScript(body));
    scripts.set(body, file);
  }
  return file;
}

async function runLoad(generator: Generator, request: Request, seconds: number, conns = connections): Promise<LoadResult> {
  const load1 = round(os.loadavg()[0]!);
  const run = (command: string, args: string[]) =>
    new Promise<string>((resolve, reject) => {
      const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'] });
      let out = '';
      child.stdout.on('data', (chunk) => (out += chunk));
      child.stderr.on('data', (chunk) => (out += chunk));
      const timer = setTimeout(() => child.kill('SIGKILL'), (seconds + 30) * 1000);
      child.on('exit', () => {
        clearTimeout(timer);
        resolve(out);
      });
      child.on('error', reject);
    });
  if (generator === 'wrk') {
    const out = await run('wrk', [`-t${Math.min(threads, conns)}`, `-c${conns}`, `-d${seconds}s`, '--timeout', '5s', '-s', scriptFor(request.body), request.url]);
    const line = out.split('\n').find((l) => l.startsWith('WRK_RESULT '));
    if (!line) throw new Error(`wrk failed:\n${out}`);
    const r = JSON.parse(line.slice('WRK_RESULT '.length)) as Record<string, number>;
    return {
      rps: Math.round((r.requests! / (r.duration_us! / 1e6)) * 10) / 10,
      p50Ms: r.p50! / 1000,
      p90Ms: r.p90! / 1000,
      p99Ms: r.p99! / 1000,
      maxMs: r.max! / 1000,
      requests: r.requests!,
      errors: r.errors! + r.status_errors!,
      bytesPerResponse: r.requests ? Math.round(r.bytes! / r.requests) : 0,
      load1,
    };
  }
  const out = await run('npx', [
    '--yes', 'autocannon@8', '-j', '-c', String(conns), '-d', String(seconds), '-m', 'POST',
    '-H', 'content-type=application/json', '-b', request.body, request.url,
  ]);
  const r = JSON.parse(out.slice(out.indexOf('{'))) as {
    requests: { total: number; average: number };
    latency: { p50: number; p90: number; p99: number; max: number };
    throughput: { total: number };
    errors: number;
    non2xx: number;
  };
  return {
    rps: r.requests.average,
    p50Ms: r.latency.p50,
    p90Ms: r.latency.p90,
    p99Ms: r.latency.p99,
    maxMs: r.latency.max,
    requests: r.requests.total,
    errors: r.errors + r.non2xx,
    bytesPerResponse: r.requests.total ? Math.round(r.throughput.total / r.requests.total) : 0,
    load1,
  };
}

// ---- requests ------------------------------------------------------------------------------------

const operations = contractOperations('public.graphql');
const graphqlBody = (name: string, query: string, variables: Record<string, unknown>) =>
  JSON.stringify({ query, variables, operationName: name });
const slug = opts.slug!;
const modelPageBody = graphqlBody('ModelPage', operations.get('ModelPage')!, { slug });
const leaderboardBody = graphqlBody('Leaderboard', operations.get('Leaderboard')!, { benchmark: POPULAR_BENCHMARK, first: 50 });
// The Models operation of the contract without totalCount: a count over every published model costs
// the same on every page and would hide whether the page itself is found by keyset.
const modelsKeyset = print(
  visit(parse(operations.get('Models')!), {
    Field: (node) => (node.name.value === 'totalCount' ? null : undefined),
  }),
);
// The same documents read as of today: the as-of path (server/catalog/asOf.ts) answers what the
// current path answers, so the two differ only in what they cost.
const today = new Date().toISOString().slice(0, 10);
const asOfVariable = (parse('query ($asOf: Date!) { a }').definitions[0] as OperationDefinitionNode).variableDefinitions![0]!;
const asOfArgument: ArgumentNode = { kind: Kind.ARGUMENT, name: { kind: Kind.NAME, value: 'asOf' }, value: asOfVariable.variable };
function asOfDocument(document: string, rootField: string): string {
  return print(
    visit(parse(document), {
      OperationDefinition: (node) => ({
        ...node,
        variableDefinitions: [...(node.variableDefinitions ?? []), asOfVariable],
        selectionSet: {
          ...node.selectionSet,
          selections: node.selectionSet.selections.map((field) =>
            field.kind === Kind.FIELD && field.name.value === rootField ? { ...field, arguments: [...(field.arguments ?? []), asOfArgument] } : field,
          ),
        },
      }),
    }),
  );
}
const modelPageAsOfBody = graphqlBody('ModelPage', asOfDocument(operations.get('ModelPage')!, 'model'), { slug, asOf: today });
const leaderboardAsOfBody = graphqlBody('Leaderboard', asOfDocument(operations.get('Leaderboard')!, 'leaderboard'), { benchmark: POPULAR_BENCHMARK, first: 50, asOf: today });
// Page 1 as the contract's Models asks it (totalCount included): the document front ends send, which
// the API answers by a plan made once (server/graphql/compiled.ts); PostGraphile gets the count too.
const modelsListBody = graphqlBody('Models', operations.get('Models')!, { first: pageSize, orderBy: { field: 'RELEASE_DATE', direction: 'DESC' } });
const modelsBody = (after: string | null) =>
  graphqlBody('Models', modelsKeyset, { first: pageSize, after, orderBy: { field: 'RELEASE_DATE', direction: 'DESC' } });
const pg5Bodies = {
  modelPage: graphqlBody('ModelPage', pg5.modelPageDocument, { slug }),
  leaderboard: graphqlBody('Leaderboard', pg5.leaderboardDocument, { benchmark: POPULAR_BENCHMARK, first: 50 }),
  models: graphqlBody('Models', pg5.modelsDocument, { first: pageSize }),
  modelsList: graphqlBody('Models', pg5.modelsListDocument, { first: pageSize }),
};

async function post(url: string, body: string): Promise<{ status: number; text: string; contentType: string }> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json, application/json' },
    body,
  });
  return { status: response.status, text: await response.text(), contentType: response.headers.get('content-type') ?? '' };
}

async function graphql(url: string, body: string): Promise<{ data: any; text: string; contentType: string }> {
  const result = await post(url, body);
  const parsed = JSON.parse(result.text) as { data?: any; errors?: unknown[] };
  if (result.status !== 200 || parsed.errors) throw new Error(`${url} answered ${result.status}: ${result.text.slice(0, 500)}`);
  return { data: parsed.data, text: result.text, contentType: result.contentType };
}

// ---- database ------------------------------------------------------------------------------------

function databaseUrl(): string {
  if (opts['database-url']) {
    const given = new URL(opts['database-url']);
    if (given.pathname.length > 1) return given.toString();
    given.pathname = `/sourced_bench_${dataset}`;
    return given.toString();
  }
  return `postgres://postgres@127.0.0.1:5432/sourced_bench_${dataset}`;
}

async function prepareDatabase(url: string): Promise<{ fill: string; counts: Record<string, number> }> {
  const want =
    dataset === 'large'
      ? { generator: 'bench/data.ts', models: Number(opts.models), scores: Number(opts.scores) }
      : { generator: 'server/import/demo.ts' };
  let created = await ensurePostgresDatabase(url, opts.refill);
  // Two: an import holds one connection for its lock (server/import/models-dev.ts) while it writes on another.
  let handle = await createDatabase({ url, maxConnections: 2 });
  try {
    await migrateDatabase(handle);
    const marker = await datasetMarker(handle);
    const [{ models } = { models: 0 }] = await handle.raw.query<{ models: number }>('select count(*)::int as models from models');
    const same =
      marker?.generator === want.generator &&
      (want.generator === 'server/import/demo.ts' ||
        (marker.version === DATA_VERSION && marker.options?.models === want.models && marker.options?.scores === want.scores));
    if (models > 0 && !same) {
      console.log(`bench: ${url} holds another dataset (${JSON.stringify(marker)}); rebuilding it`);
      await handle.close();
      created = await ensurePostgresDatabase(url, true);
      handle = await createDatabase({ url, maxConnections: 2 });
      await migrateDatabase(handle);
    } else if (models > 0) {
      console.log(`bench: reusing ${url} (${want.generator}${'models' in want ? `, ${want.models} models, ${want.scores} scores` : ''})`);
    }
    const [{ filled } = { filled: 0 }] = await handle.raw.query<{ filled: number }>('select count(*)::int as filled from models');
    if (!filled) {
      console.log(`bench: filling ${url} (${created}) with ${want.generator}`);
      if (want.generator === 'server/import/demo.ts') {
        await handle.raw.query('set statement_timeout = 0');
        await seedDemoCatalog(handle, { onProgress: (line) => console.log(`  ${line}`) });
        const marker = JSON.stringify({ generator: 'server/import/demo.ts' });
        await handle.raw.query(`do $$ begin execute format('comment on database %I is %L', current_database(), '${marker}'); end $$`);
        await handle.raw.query('analyze');
      } else {
        // fillBenchData sends its own begin/commit: postgres.js allows that on a pool of one only
        // (UNSAFE_TRANSACTION on the pool of two the demo import needs).
        const single = await createDatabase({ url, maxConnections: 1 });
        try {
          await fillBenchData(single, { models: want.models!, scores: want.scores! });
        } finally {
          await single.close();
        }
      }
    }
    const [counts] = await handle.raw.query<Record<string, number>>(
      `select (select count(*) from models)::int as models, (select count(*) from scores)::int as scores,
              (select count(*) from prices)::int as prices, (select count(*) from sources)::int as sources,
              (select count(*) from benchmarks)::int as benchmarks, (select count(*) from providers)::int as providers`,
    );
    return { fill: want.generator, counts: counts! };
  } finally {
    await handle.close();
  }
}

interface Captured {
  sql: string;
  params: string[];
  paramTypes: number[];
}

/**
 * Runs an operation through the real app in-process and returns the SQL it sent: the text through
 * createDatabase's onStatement hook, the parameters through postgres.js's debug callback (which the
 * hook is built on) at the same moment.
 */
async function captureStatements(url: string, bodies: Record<string, string>): Promise<Record<string, Captured[]>> {
  const texts: string[] = [];
  const handle = await createDatabase({ url, maxConnections: 2, onStatement: (sql) => texts.push(sql) });
  const withParams: Captured[] = [];
  const client = (handle.db as unknown as { $client: { options: { debug?: (...a: unknown[]) => void } } }).$client;
  const hook = client.options.debug;
  client.options.debug = (connection: unknown, sql: unknown, params: unknown, types: unknown) => {
    withParams.push({ sql: sql as string, params: (params as unknown[]).map(String), paramTypes: (types as number[]) ?? [] });
    hook?.(connection, sql, params, types);
  };
  const meta = new CatalogMeta(handle);
  await meta.start();
  const { yoga } = createApp({ handle, meta, logger: pino({ level: 'silent' }), config: { CORS_ORIGINS: [] } });
  const result: Record<string, Captured[]> = {};
  try {
    for (const [name, body] of Object.entries(bodies)) {
      // Once unrecorded first: the app's start (its live-change listener's first statements) must not
      // count as the page's.
      await (await yoga.fetch('http://bench/graphql', { method: 'POST', headers: { 'content-type': 'application/json' }, body })).text();
      texts.length = 0;
      withParams.length = 0;
      const response = await yoga.fetch('http://bench/graphql', { method: 'POST', headers: { 'content-type': 'application/json' }, body });
      const parsed = (await response.json()) as { errors?: unknown[] };
      if (parsed.errors) throw new Error(`${name}: ${JSON.stringify(parsed.errors)}`);
      if (withParams.length !== texts.length || withParams.some((s, i) => s.sql !== texts[i])) {
        throw new Error(`${name}: the statements seen by onStatement and by the driver differ`);
      }
      result[name] = withParams.slice();
    }
  } finally {
    await meta.stop();
    await handle.close();
  }
  return result;
}

async function explain(url: string, statement: Captured): Promise<{ planningMs: number; executionMs: number }> {
  const handle = await createDatabase({ url, maxConnections: 1 });
  try {
    const rows = await handle.raw.query<{ 'QUERY PLAN': [{ 'Planning Time': number; 'Execution Time': number }] }>(
      `explain (analyze, format json) ${statement.sql}`,
      statement.params,
    );
    const plan = rows[0]!['QUERY PLAN'][0];
    return { planningMs: Math.round(plan['Planning Time'] * 100) / 100, executionMs: Math.round(plan['Execution Time'] * 100) / 100 };
  } finally {
    await handle.close();
  }
}

// ---- servers -------------------------------------------------------------------------------------

const tsxImport = ['--import', 'tsx'];

function apiEnv(extra: Record<string, string | undefined>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, HOST: '127.0.0.1', LOG_LEVEL: opts['log-level'], NODE_ENV: 'production', SEED_DEMO: 'false' };
  delete env.DATABASE_URL;
  delete env.DATA_DIR;
  for (const [key, value] of Object.entries(extra)) {
    if (value === undefined) delete env[key];
    else env[key] = value;
  }
  return env;
}

async function startApi(name: string, url: string, cache: boolean, nodeFlags: string[] = []) {
  const port = await freePort();
  const child = startChild(name, process.execPath, [...nodeFlags, ...tsxImport, 'server/main.ts'], apiEnv({ DATABASE_URL: url, PORT: String(port), RESPONSE_CACHE: String(cache) }));
  const base = `http://127.0.0.1:${port}`;
  await waitFor(`${base}/ready`, child);
  return { child, base, graphql: `${base}/graphql` };
}

interface PostGraphileUp {
  child: Child;
  graphql: string;
  answers: Record<keyof typeof pg5Bodies, { bytes: number; statements: number }>;
  node: string;
  version: string;
}
/**
 * PostGraphile on its Node 22 binary, after the views; the reason when it cannot run here (the bench
 * goes on without it). Checks each document answers with data and counts its statements.
 */
async function startPostGraphile(url: string): Promise<PostGraphileUp | { error: string }> {
  if (opts['skip-postgraphile']) return { error: 'left out (--skip-postgraphile)' };
  const paths = pg5.ensurePostGraphile(root);
  if ('error' in paths) return { error: paths.error };
  await pg5.createViews(url);
  const port = await freePort();
  const env: NodeJS.ProcessEnv = { ...process.env, BENCH_DATABASE_URL: url, BENCH_PORT: String(port), BENCH_SCHEMA: pg5.SCHEMA, BENCH_POOL: process.env.DB_POOL_SIZE ?? '10', NODE_ENV: 'production', GRAPHILE_ENV: 'production' };
  delete env.NODE_OPTIONS; // tsx's loader flags are not for the other Node
  const child = startChild('postgraphile', paths.node, [paths.server], env);
  const base = `http://127.0.0.1:${port}`;
  const graphqlUrl = `${base}/graphql`;
  const answers = {} as PostGraphileUp['answers'];
  try {
    await waitFor(`${base}/health`, child, 120_000);
    for (const [key, body] of Object.entries(pg5Bodies) as [keyof typeof pg5Bodies, string][]) {
      const first = await graphql(graphqlUrl, body);
      const answer = Object.values(first.data as Record<string, unknown>)[0];
      if (!answer || JSON.stringify(answer).length < 50) throw new Error(`PostGraphile answered ${key} with no data: ${first.text.slice(0, 300)}`);
      // Counted on a warm server: the pool's first statements on a new connection are not the request's.
      const statements = await pg5.statementsPerRequest(base, () => graphql(graphqlUrl, body));
      answers[key] = { bytes: Buffer.byteLength(first.text), statements };
    }
  } catch (error) {
    await stopChild(child); // not left running beside the peers that are measured
    throw error;
  }
  const node = spawnSync(paths.node, ['-v'], { encoding: 'utf8' }).stdout.trim();
  const version = (JSON.parse(readFileSync(join(paths.dir, 'node_modules', 'postgraphile', 'package.json'), 'utf8')) as { version: string }).version;
  return { child, graphql: graphqlUrl, answers, node, version };
}

// ---- statistics ----------------------------------------------------------------------------------

const median = (values: number[]) => {
  const sorted = values.slice().sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
};
const round = (value: number, digits = 2) => Math.round(value * 10 ** digits) / 10 ** digits;

interface Summary {
  rps: number;
  p50Ms: number;
  p99Ms: number;
  errors: number;
  bytesPerResponse: number;
  rounds: LoadResult[];
}
const summarize = (results: LoadResult[]): Summary => ({
  rps: round(median(results.map((r) => r.rps)), 0),
  p50Ms: round(median(results.map((r) => r.p50Ms))),
  p99Ms: round(median(results.map((r) => r.p99Ms))),
  errors: results.reduce((sum, r) => sum + r.errors, 0),
  bytesPerResponse: results[0]?.bytesPerResponse ?? 0,
  rounds: results,
});

function machine(pgVersion: string | null, generator: Generator | null) {
  const cpus = os.cpus();
  const git = (args: string[]) => spawnSync('git', args, { cwd: root, encoding: 'utf8' }).stdout.trim();
  const wrkVersion = generator === 'wrk' ? spawnSync('wrk', ['-v'], { encoding: 'utf8' }).stdout.split('\n')[0]?.trim() : generator && 'autocannon@8';
  return {
    os: `${os.type()} ${os.release()} (${os.platform()} ${os.arch()})`,
    cpus: cpus.length,
    cpuModel: cpus[0]?.model ?? 'unknown',
    memoryGb: round(os.totalmem() / 1024 ** 3, 1),
    node: process.version,
    postgres: pgVersion,
    loadGenerator: wrkVersion,
    commit: git(['rev-parse', '--short', 'HEAD']),
    dirtyPaths: git(['status', '--porcelain']).split('\n').filter(Boolean).length,
  };
}

// ---- PGlite --------------------------------------------------------------------------------------

async function pgliteMeasurements(generator: Generator) {
  const dir = mkdtempSync(join(os.tmpdir(), 'sourced-bench-pglite-'));
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const env = apiEnv({
    DATA_DIR: dir,
    PORT: String(port),
    RESPONSE_CACHE: 'false',
    LOG_LEVEL: 'info',
    SEED_DEMO: undefined, // the default: load the demo catalog at first start, as `npm start` does
  });
  // The server's own log lines (pino JSON, epoch ms) split the start into its steps.
  const milestones = ['database opened', 'migrations applied', 'demo catalog loaded', 'ready'];
  const steps = (label: string, spawnedAt: number) => {
    const lines = readFileSync(join(tmpDir, `${label}.log`), 'utf8').split('\n');
    const found: Record<string, number> = {};
    for (const line of lines) {
      try {
        const entry = JSON.parse(line) as { time?: number; msg?: string };
        const step = entry.msg && milestones.find((m) => entry.msg!.startsWith(m));
        if (entry.time && step) found[step] ??= entry.time - spawnedAt;
      } catch {
        /* not JSON */
      }
    }
    return found;
  };
  const npmStart = async (label: string) => {
    const spawnedAt = Date.now();
    const started = performance.now();
    const child = startChild(label, 'npm', ['start', '--silent'], env, true);
    await waitFor(`${base}/ready`, child, 120_000);
    const ms = Math.round(performance.now() - started);
    return { child, ms, steps: steps(label, spawnedAt) };
  };
  // `npm start` runs its prestart step first (building the admin app when stale): run it once
  // untimed, so the start is measured as after install and build.
  const scripts = (JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { scripts?: Record<string, string> }).scripts ?? {};
  let prestartMs: number | null = null;
  if (scripts.prestart) {
    const started = performance.now();
    const prestart = startChild('pglite-prestart', 'npm', ['run', 'prestart', '--silent'], env, true);
    const timer = setTimeout(() => void stopChild(prestart, 1000), 300_000);
    const code = await prestart.exited;
    clearTimeout(timer);
    if (code !== 0) throw new Error(`npm run prestart failed (${code}); see ${join(tmpDir, 'pglite-prestart.log')}`);
    prestartMs = Math.round(performance.now() - started);
  }
  try {
    const cold = await npmStart('pglite-cold-start');
    await stopChild(cold.child);
    const warm = await npmStart('pglite-warm-start');
    const response = await post(`${base}/graphql`, modelPageBody);
    if (!JSON.parse(response.text).data?.model) throw new Error(`PGlite model page failed: ${response.text.slice(0, 300)}`);
    await runLoad(generator, { url: `${base}/graphql`, body: modelPageBody }, Math.min(2, auxDuration), 1);
    const page = await runLoad(generator, { url: `${base}/graphql`, body: modelPageBody }, auxDuration, 1);
    await stopChild(warm.child);
    return {
      prestart: scripts.prestart ?? null,
      prestartFirstRunMs: prestartMs,
      coldStartToReadyMs: cold.ms,
      warmStartToReadyMs: warm.ms,
      coldStartSteps: cold.steps,
      warmStartSteps: warm.steps,
      modelPage1Connection: page,
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

// ---- main ----------------------------------------------------------------------------------------

async function runFirstHour(): Promise<FirstHourReport> {
  console.log(`bench: first hour, ${firstHourRounds} round(s) of npm ci + npm start in fresh clones of ${firstHourRefs.join(', ')}`);
  return measureFirstHour({ root, refs: firstHourRefs, rounds: firstHourRounds, logDir: tmpDir });
}

/** npm run bench -- --only first-hour */
async function mainFirstHour() {
  const runStarted = performance.now();
  const cpus = os.cpus().length;
  const waitUntil = performance.now() + Number(opts['wait-quiet']) * 1000;
  if (os.loadavg()[0]! > cpus * 0.5) console.log(`bench: load average ${os.loadavg()[0]!.toFixed(1)} on ${cpus} CPUs; waiting up to ${opts['wait-quiet']} s for it to drop`);
  while (os.loadavg()[0]! > cpus * 0.5 && performance.now() < waitUntil) await new Promise((resolve) => setTimeout(resolve, 5000));
  const loadAtStart = round(os.loadavg()[0]!);
  const firstHour = await runFirstHour();
  const report = {
    phase: 'first-hour',
    startedAt: new Date(Date.now() - (performance.now() - runStarted)).toISOString(),
    seconds: Math.round((performance.now() - runStarted) / 1000),
    machine: machine(null, null),
    machineLoad: { atStart: loadAtStart, min: firstHour.machineLoad.min, max: firstHour.machineLoad.max, cpus },
    firstHour,
  };
  const file = join(resultsDir, `${report.startedAt.replace(/[:.]/g, '-')}-first-hour.json`);
  writeFileSync(file, `${JSON.stringify(report, null, 2)}\n`);
  console.log('');
  for (const line of formatFirstHour(firstHour)) console.log(line);
  console.log(`\nbench: ${report.seconds} s; results in ${file}`);
}

async function main() {
  if (onlyFirstHour) return mainFirstHour();
  const runStarted = performance.now();
  const generator = ensureLoadGenerator();
  const url = databaseUrl();
  // Other work on the machine skews every number: wait a while for it to calm down, then go on.
  const waitUntil = performance.now() + Number(opts['wait-quiet']) * 1000;
  const cpus = os.cpus().length;
  if (os.loadavg()[0]! > cpus * 0.5) console.log(`bench: load average ${os.loadavg()[0]!.toFixed(1)} on ${cpus} CPUs; waiting up to ${opts['wait-quiet']} s for it to drop`);
  while (os.loadavg()[0]! > cpus * 0.5 && performance.now() < waitUntil) await new Promise((resolve) => setTimeout(resolve, 5000));
  const loadAtStart = round(os.loadavg()[0]!);
  console.log(`bench: dataset ${dataset}, ${rounds} rounds × ${duration} s, ${connections} connections, ${generator}`);
  const prepared = await prepareDatabase(url);
  console.log(`bench: catalog ${JSON.stringify(prepared.counts)}`);

  const captured = await captureStatements(url, { ModelPage: modelPageBody, Leaderboard: leaderboardBody, ModelPageAsOf: modelPageAsOfBody, LeaderboardAsOf: leaderboardAsOfBody });
  const pageStatement = captured.ModelPage!;
  if (pageStatement.length !== 1) throw new Error(`ModelPage sent ${pageStatement.length} statements; the baseline needs exactly one`);
  const statement = pageStatement[0]!;
  const statementFile = join(tmpDir, `${dataset}-model-page-statement.json`);
  writeFileSync(statementFile, JSON.stringify({ ...statement, slugIndex: statement.params.indexOf(slug) }, null, 2));
  if (captured.Leaderboard!.length === 1) writeFileSync(join(tmpDir, `${dataset}-leaderboard-statement.json`), JSON.stringify(captured.Leaderboard![0], null, 2));
  const plans = {
    modelPage: await explain(url, statement),
    leaderboard: captured.Leaderboard!.length === 1 ? await explain(url, captured.Leaderboard![0]!) : null,
  };
  const pgVersion = await (async () => {
    const handle = await createDatabase({ url, maxConnections: 1 });
    try {
      const [row] = await handle.raw.query<{ version: string }>('select version()');
      return row!.version.split(' on ')[0]!;
    } finally {
      await handle.close();
    }
  })();

  // Servers.
  const basePort = await freePort();
  const baseline = startChild('baseline', process.execPath, [...tsxImport, 'bench/baseline.ts'], {
    ...process.env,
    BENCH_DATABASE_URL: url,
    BENCH_PORT: String(basePort),
    BENCH_STATEMENT: statementFile,
    BENCH_POOL: process.env.DB_POOL_SIZE ?? '10',
    NODE_ENV: 'production',
  });
  await waitFor(`http://127.0.0.1:${basePort}/health`, baseline);
  const uncached = await startApi('api-uncached', url, false);
  const cached = await startApi('api-cached', url, true);
  const apiPage = await graphql(uncached.graphql, modelPageBody);
  if (!apiPage.data.model) throw new Error(`the catalog has no published model ${slug}`);
  const cachedPage = await graphql(cached.graphql, modelPageBody);
  if (cachedPage.text !== apiPage.text) throw new Error('the cached API answers the model page with other bytes than the uncached one');
  const bodyFile = join(tmpDir, `${dataset}-model-page-response.json`);
  writeFileSync(bodyFile, apiPage.text);
  const ceilPort = await freePort();
  const ceiling = startChild('ceiling', process.execPath, [...tsxImport, 'bench/ceiling.ts'], {
    ...process.env,
    BENCH_PORT: String(ceilPort),
    BENCH_BODY: bodyFile,
    BENCH_CONTENT_TYPE: apiPage.contentType,
    NODE_ENV: 'production',
  });
  await waitFor(`http://127.0.0.1:${ceilPort}/health`, ceiling);
  const baselineAnswer = await post(`http://127.0.0.1:${basePort}/graphql`, modelPageBody);
  if (baselineAnswer.status !== 200 || !baselineAnswer.text.includes(`"${slug}"`)) {
    throw new Error(`baseline answered ${baselineAnswer.status}: ${baselineAnswer.text.slice(0, 300)}`);
  }
  const leaderboard = await graphql(uncached.graphql, leaderboardBody);
  const modelsList = await graphql(uncached.graphql, modelsListBody);
  // As of today, the page is what the current page is (data only: the as-of document asks the same fields).
  const sameData = async (current: string, asOf: string) =>
    JSON.stringify((await graphql(uncached.graphql, current)).data) === JSON.stringify((await graphql(uncached.graphql, asOf)).data) ? 'same' : 'DIFFERENT';
  const asOfSame = `${await sameData(modelPageBody, modelPageAsOfBody)} / ${await sameData(leaderboardBody, leaderboardAsOfBody)}`;
  const leaderboardRows = (leaderboard.data.leaderboard as unknown[]).length;

  // Keyset pages: walk `models` from page 1 to page N through the API.
  let after: string | null = null;
  let page = 1;
  const walkStarted = performance.now();
  let firstModelsBytes = 0;
  while (page < wantedPage) {
    const result = await graphql(uncached.graphql, modelsBody(after));
    if (page === 1) firstModelsBytes = Buffer.byteLength(result.text);
    const info = result.data.models.pageInfo as { hasNextPage: boolean; endCursor: string | null };
    if (!info.hasNextPage || !info.endCursor) break;
    after = info.endCursor;
    page++;
  }
  const walkMs = Math.round(performance.now() - walkStarted);
  const lastPage = await graphql(uncached.graphql, modelsBody(after));
  if (!(lastPage.data.models.edges as unknown[]).length) throw new Error('models page is empty');

  const postgraphile = await startPostGraphile(url).catch((error: unknown): { error: string } => ({ error: error instanceof Error ? error.message : String(error) }));
  if ('error' in postgraphile) console.log(`bench: PostGraphile not measured: ${postgraphile.error}`);
  const pg5Up = 'child' in postgraphile ? postgraphile : null;

  type Entry = { key: string; label: string; request: Request; seconds: number };
  const main: Entry[] = [
    { key: 'baseline', label: 'baseline: node + postgres.js, same SQL', request: { url: `http://127.0.0.1:${basePort}/graphql`, body: modelPageBody }, seconds: duration },
    { key: 'ceiling', label: 'ceiling: node, same bytes, no work', request: { url: `http://127.0.0.1:${ceilPort}/graphql`, body: modelPageBody }, seconds: duration },
    { key: 'apiUncached', label: 'API, response cache off', request: { url: uncached.graphql, body: modelPageBody }, seconds: duration },
    // The cached API: one more entry in this list (server/http/responseCache.ts, RESPONSE_CACHE=true).
    { key: 'apiCached', label: 'API, response cache on', request: { url: cached.graphql, body: modelPageBody }, seconds: duration },
    ...(pg5Up ? [{ key: 'postgraphile', label: 'PostGraphile v5 (Node 22), views, no cache', request: { url: pg5Up.graphql, body: pg5Bodies.modelPage }, seconds: duration }] : []),
  ];
  const aux: Entry[] = [
    { key: 'leaderboard', label: `leaderboard top-50 (${POPULAR_BENCHMARK}), uncached`, request: { url: uncached.graphql, body: leaderboardBody }, seconds: auxDuration },
    // As served to anonymous readers: a hit until the next write (any write, so the rate of change decides).
    { key: 'leaderboardCached', label: `leaderboard top-50 (${POPULAR_BENCHMARK}), cached`, request: { url: cached.graphql, body: leaderboardBody }, seconds: auxDuration },
    // The same pages as of today (the as-of SQL; the same answer as the current page, checked below).
    { key: 'modelPageAsOf', label: `model page as of today (${today}), uncached`, request: { url: uncached.graphql, body: modelPageAsOfBody }, seconds: auxDuration },
    { key: 'leaderboardAsOf', label: `leaderboard top-50 as of today, uncached`, request: { url: uncached.graphql, body: leaderboardAsOfBody }, seconds: auxDuration },
    { key: 'modelsPage1', label: `models page 1 (keyset, ${pageSize}/page), uncached`, request: { url: uncached.graphql, body: modelsBody(null) }, seconds: auxDuration },
    { key: 'modelsPageN', label: `models page ${page} (keyset), uncached`, request: { url: uncached.graphql, body: modelsBody(after) }, seconds: auxDuration },
    { key: 'modelsList', label: `models page 1 with totalCount (contract), uncached`, request: { url: uncached.graphql, body: modelsListBody }, seconds: auxDuration },
    ...(pg5Up
      ? [
          { key: 'pg5Leaderboard', label: 'PostGraphile: leaderboard top-50', request: { url: pg5Up.graphql, body: pg5Bodies.leaderboard }, seconds: auxDuration },
          { key: 'pg5ModelsPage1', label: `PostGraphile: models page 1 (${pageSize}/page)`, request: { url: pg5Up.graphql, body: pg5Bodies.models }, seconds: auxDuration },
          { key: 'pg5ModelsList', label: `PostGraphile: models page 1 with totalCount`, request: { url: pg5Up.graphql, body: pg5Bodies.modelsList }, seconds: auxDuration },
        ]
      : []),
  ];
  const entries = [...main, ...aux];

  console.log(`bench: warming up (${warmup} s each)`);
  for (const entry of entries) await runLoad(generator, entry.request, main.includes(entry) ? warmup : Math.min(warmup, 2));
  const rssBefore = { apiUncached: rssMb(uncached.child.process.pid!), apiCached: rssMb(cached.child.process.pid!) };

  const results = new Map<string, LoadResult[]>(entries.map((e) => [e.key, []]));
  const rssRounds: { apiUncached: number | null; apiCached: number | null }[] = [];
  for (let r = 1; r <= rounds; r++) {
    for (const entry of entries) {
      const result = await runLoad(generator, entry.request, entry.seconds);
      results.get(entry.key)!.push(result);
      console.log(`  round ${r}  ${entry.label.padEnd(48)} ${String(Math.round(result.rps)).padStart(7)} req/s  p50 ${result.p50Ms.toFixed(2)} ms  p99 ${result.p99Ms.toFixed(2)} ms${result.errors ? `  ${result.errors} errors` : ''}`);
    }
    rssRounds.push({ apiUncached: rssMb(uncached.child.process.pid!), apiCached: rssMb(cached.child.process.pid!) });
  }
  const rssAfter = { apiUncached: rssMb(uncached.child.process.pid!), apiCached: rssMb(cached.child.process.pid!) };

  console.log('bench: cache survival, model pages read while another model changes once a second');
  let survivalError: string | null = null;
  const survival = await measureCacheSurvival({ graphqlUrl: cached.graphql, databaseUrl: url, modelPage: operations.get('ModelPage')!, seconds: Math.max(10, duration) }).catch(
    (error: unknown) => {
      survivalError = error instanceof Error ? error.message : String(error);
      return null;
    },
  );
  for (const child of [baseline, ceiling, uncached.child, cached.child, ...(pg5Up ? [pg5Up.child] : [])]) await stopChild(child);

  const summary = Object.fromEntries(entries.map((e) => [e.key, { label: e.label, ...summarize(results.get(e.key)!) }]));
  const base = summary.baseline!.rps;
  const growth = (key: 'apiUncached' | 'apiCached') => {
    const before = rssBefore[key];
    const after = rssAfter[key];
    return {
      beforeMb: before,
      afterMb: after,
      afterEachRoundMb: rssRounds.map((r) => r[key]),
      growthPercent: before && after ? round(((after - before) / before) * 100, 1) : null,
    };
  };
  const memory = { apiUncached: growth('apiUncached'), apiCached: growth('apiCached') };

  // Profiles of the API under model-page load, each in a process of its own.
  const profiles: Record<string, ProfileSummary & { requests: number; rps: number }> = {};
  if (opts['cpu-prof']) {
    for (const [key, cache] of [['apiUncached', false], ['apiCached', true]] as const) {
      const dir = join(tmpDir, `prof-${dataset}-${key}-${Date.now()}`);
      const spawned = performance.now();
      const api = await startApi(`${key}-profiled`, url, cache, ['--cpu-prof', `--cpu-prof-dir=${dir}`]);
      await runLoad(generator, { url: api.graphql, body: modelPageBody }, warmup);
      const measured = performance.now();
      const load = await runLoad(generator, { url: api.graphql, body: modelPageBody }, duration);
      await stopChild(api.child);
      const file = readdirSync(dir).filter((f) => f.endsWith('.cpuprofile')).map((f) => join(dir, f)).sort((a, b) => statSync(b).size - statSync(a).size)[0];
      if (file) profiles[key] = { ...summarizeProfile(file, 30, measured - spawned), requests: load.requests, rps: load.rps };
    }
  }

  let pgliteError: string | null = null;
  const pglite = opts['skip-pglite']
    ? null
    : await pgliteMeasurements(generator).catch((error: unknown) => {
        pgliteError = error instanceof Error ? error.message : String(error);
        return null;
      });

  let firstHourError: string | null = null;
  const firstHour = withFirstHour
    ? await runFirstHour().catch((error: unknown) => {
        firstHourError = error instanceof Error ? error.message : String(error);
        return null;
      })
    : null;

  // Scale: the model page on this dataset against the latest demo run.
  let versusDemo: { demoFile: string; apiUncachedRatio: number; normalisedRatio: number } | null = null;
  if (dataset === 'large') {
    const demoFile = readdirSync(resultsDir)
      .filter((f) => f.endsWith('-demo.json'))
      .sort()
      .reverse()
      .find((f) => (JSON.parse(readFileSync(join(resultsDir, f), 'utf8')).options?.slug ?? REFERENCE_SLUG) === slug);
    if (demoFile) {
      const demo = JSON.parse(readFileSync(join(resultsDir, demoFile), 'utf8'));
      versusDemo = {
        demoFile,
        apiUncachedRatio: round(summary.apiUncached!.rps / demo.summary.apiUncached.rps),
        normalisedRatio: round(summary.apiUncached!.rps / base / (demo.summary.apiUncached.rps / demo.summary.baseline.rps)),
      };
    }
  }

  const ratios = {
    apiUncachedToBaseline: round(summary.apiUncached!.rps / base),
    apiCachedToBaseline: round(summary.apiCached!.rps / base),
    apiCachedToCeiling: round(summary.apiCached!.rps / summary.ceiling!.rps),
    ceilingToBaseline: round(summary.ceiling!.rps / base),
    modelPageAsOfToCurrent: round(summary.modelPageAsOf!.rps / summary.apiUncached!.rps),
    leaderboardAsOfToCurrent: round(summary.leaderboardAsOf!.rps / summary.leaderboard!.rps),
    modelsPageNToPage1P50: round(summary.modelsPageN!.p50Ms / summary.modelsPage1!.p50Ms),
    modelsPage1ToPageNThroughput: round(summary.modelsPage1!.rps / summary.modelsPageN!.rps),
  };
  // Peers ran in the same rounds, so each round gives a ratio: its median and range show the noise.
  const perRound = (a: string, b: string) => {
    const values = results.get(a)!.map((r, i) => round(r.rps / results.get(b)![i]!.rps));
    return { median: round(median(values)), min: Math.min(...values), max: Math.max(...values), rounds: values };
  };
  const spreads = {
    apiUncachedToBaseline: perRound('apiUncached', 'baseline'),
    apiCachedToBaseline: perRound('apiCached', 'baseline'),
    ...(pg5Up
      ? {
          apiUncachedToPostGraphile: perRound('apiUncached', 'postgraphile'),
          apiCachedToPostGraphile: perRound('apiCached', 'postgraphile'),
          postGraphileToBaseline: perRound('postgraphile', 'baseline'),
          leaderboardApiUncachedToPostGraphile: perRound('leaderboard', 'pg5Leaderboard'),
          modelsPage1ApiUncachedToPostGraphile: perRound('modelsPage1', 'pg5ModelsPage1'),
          modelsListApiUncachedToPostGraphile: perRound('modelsList', 'pg5ModelsList'),
        }
      : {}),
  };
  const postgraphileReport = pg5Up
    ? {
        node: pg5Up.node,
        version: pg5Up.version,
        schema: pg5.SCHEMA,
        // What the API sends for the same pages (the contract's documents, which ask a few more computed fields).
        responseBytes: {
          modelPage: { api: Buffer.byteLength(apiPage.text), postgraphile: pg5Up.answers.modelPage!.bytes },
          leaderboard: { api: Buffer.byteLength(leaderboard.text), postgraphile: pg5Up.answers.leaderboard!.bytes },
          modelsPage1: { api: firstModelsBytes, postgraphile: pg5Up.answers.models!.bytes },
          modelsList: { api: Buffer.byteLength(modelsList.text), postgraphile: pg5Up.answers.modelsList!.bytes },
        },
        statementsPerRequest: {
          modelPage: { api: pageStatement.length, postgraphile: pg5Up.answers.modelPage!.statements },
          leaderboard: { api: captured.Leaderboard!.length, postgraphile: pg5Up.answers.leaderboard!.statements },
          modelsPage1: { postgraphile: pg5Up.answers.models!.statements },
          modelsList: { postgraphile: pg5Up.answers.modelsList!.statements },
        },
        documents: { modelPage: pg5.modelPageDocument, leaderboard: pg5.leaderboardDocument, models: pg5.modelsDocument, modelsList: pg5.modelsListDocument },
      }
    : null;
  const postgraphileError = 'error' in postgraphile ? postgraphile.error : null;
  const checks = [
    { target: '1. model page uncached ≥ 0.5× baseline', value: ratios.apiUncachedToBaseline, pass: ratios.apiUncachedToBaseline >= 0.5 },
    { target: '2. model page cached ≥ 3× baseline', value: ratios.apiCachedToBaseline, pass: ratios.apiCachedToBaseline >= 3 },
    ...(versusDemo ? [{ target: '3. model page on this dataset ≥ 0.9× demo catalog', value: versusDemo.apiUncachedRatio, pass: versusDemo.apiUncachedRatio >= 0.9 }] : []),
    { target: '3. leaderboard top-50 p99 ≤ 10 ms, uncached', value: summary.leaderboard!.p99Ms, pass: summary.leaderboard!.p99Ms <= 10 },
    { target: '3. leaderboard top-50 p99 ≤ 10 ms, cache on', value: summary.leaderboardCached!.p99Ms, pass: summary.leaderboardCached!.p99Ms <= 10 },
    { target: `3. models page ${page} p50 ≤ 1.5× page 1`, value: ratios.modelsPageNToPage1P50, pass: ratios.modelsPageNToPage1P50 <= 1.5 },
    {
      target: '4. statements per as-of model page / leaderboard = 1',
      value: `${captured.ModelPageAsOf!.length} / ${captured.LeaderboardAsOf!.length}`,
      pass: captured.ModelPageAsOf!.length === 1 && captured.LeaderboardAsOf!.length === 1,
    },
    { target: '4. as-of today answers what the current page answers (model page, leaderboard)', value: asOfSame, pass: asOfSame === 'same / same' },
    { target: '4. statements per model page / leaderboard = 1', value: `${pageStatement.length} / ${captured.Leaderboard!.length}`, pass: pageStatement.length === 1 && captured.Leaderboard!.length === 1 },
    {
      target: '6. model pages of other models served from cache, one write a second ≥ 90%',
      value: survival ? `${survival.hitPercent}% of ${survival.requests} (${survival.writes} writes)` : `not measured: ${survivalError}`,
      pass: (survival?.hitPercent ?? 0) >= 90,
    },
    { target: '4. API memory growth over the rounds ≤ 10%', value: `${memory.apiUncached.growthPercent}% / ${memory.apiCached.growthPercent}%`, pass: (memory.apiUncached.growthPercent ?? 100) <= 10 && (memory.apiCached.growthPercent ?? 100) <= 10 },
    ...(pglite
      ? [
          { target: '5. npm start → ready on PGlite (fresh dir) ≤ 6 s', value: `${pglite.coldStartToReadyMs} ms`, pass: pglite.coldStartToReadyMs <= 6000 },
          { target: '5. model page p50 on PGlite ≤ 5 ms', value: `${pglite.modelPage1Connection?.p50Ms} ms`, pass: (pglite.modelPage1Connection?.p50Ms ?? 99) <= 5 },
        ]
      : []),
  ];

  const loads = [...results.values()].flat().map((r) => r.load1);
  const machineLoad = { atStart: loadAtStart, minDuringRounds: Math.min(...loads), maxDuringRounds: Math.max(...loads), cpus };
  const report = {
    dataset,
    fill: prepared.fill,
    catalog: prepared.counts,
    startedAt: new Date(Date.now() - (performance.now() - runStarted)).toISOString(),
    seconds: Math.round((performance.now() - runStarted) / 1000),
    options: { slug, duration, rounds, connections, threads, warmup, auxDuration, pageSize, page, logLevel: opts['log-level'], nodeEnv: 'production' },
    machine: machine(pgVersion, generator),
    machineLoad,
    statement: { sqlChars: statement.sql.length, params: statement.params, plans, walkToPageMs: walkMs, leaderboardRows },
    responseBytes: { api: Buffer.byteLength(apiPage.text), baseline: Buffer.byteLength(baselineAnswer.text) },
    summary,
    ratios,
    spreads,
    postgraphile: postgraphileReport ?? { error: postgraphileError },
    memory,
    survival,
    survivalError,
    versusDemo,
    pglite,
    pgliteError,
    firstHour,
    firstHourError,
    checks,
    profiles,
  };
  const file = join(resultsDir, `${report.startedAt.replace(/[:.]/g, '-')}-${dataset}.json`);
  writeFileSync(file, `${JSON.stringify(report, null, 2)}\n`);

  // ---- print ----
  const line = (cells: string[], widths: number[]) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
  const widths = [48, 9, 8, 8, 12, 9];
  console.log(`\nModel page (${slug}), ${dataset} catalog (${prepared.counts.models} models, ${prepared.counts.scores} scores), median of ${rounds} rounds × ${duration} s, ${connections} connections`);
  console.log(line(['', 'req/s', 'p50 ms', 'p99 ms', 'vs baseline', 'bytes'], widths));
  for (const entry of main) {
    const s = summary[entry.key]!;
    console.log(line([entry.label, String(s.rps), s.p50Ms.toFixed(2), s.p99Ms.toFixed(2), `${round(s.rps / base).toFixed(2)}×`, String(s.bytesPerResponse)], widths));
  }
  const spread = (s: { median: number; min: number; max: number }) => `${s.median.toFixed(2)}× (rounds ${s.min.toFixed(2)}–${s.max.toFixed(2)})`;
  console.log(`  per round, median (range): API uncached / baseline ${spread(spreads.apiUncachedToBaseline)}, API cached / baseline ${spread(spreads.apiCachedToBaseline)}`);
  if (spreads.apiUncachedToPostGraphile && spreads.apiCachedToPostGraphile && postgraphileReport) {
    console.log(`  per round, median (range): API uncached / PostGraphile ${spread(spreads.apiUncachedToPostGraphile)}, API cached / PostGraphile ${spread(spreads.apiCachedToPostGraphile)}`);
    const b = postgraphileReport.responseBytes;
    const n = postgraphileReport.statementsPerRequest;
    console.log(`  PostGraphile ${postgraphileReport.version} on Node ${postgraphileReport.node.replace(/^v/, '')}: bytes (API / PostGraphile) model page ${b.modelPage.api} / ${b.modelPage.postgraphile}, leaderboard ${b.leaderboard.api} / ${b.leaderboard.postgraphile}, models page 1 ${b.modelsPage1.api} / ${b.modelsPage1.postgraphile}, with totalCount ${b.modelsList.api} / ${b.modelsList.postgraphile}`);
    console.log(`  statements per request (API / PostGraphile): model page ${n.modelPage.api} / ${n.modelPage.postgraphile}, leaderboard ${n.leaderboard.api} / ${n.leaderboard.postgraphile}, models page 1 – / ${n.modelsPage1.postgraphile}, with totalCount – / ${n.modelsList.postgraphile}`);
  } else if (postgraphileError) console.log(`  PostGraphile: not measured: ${postgraphileError}`);
  console.log(`  cached / ceiling: ${ratios.apiCachedToCeiling.toFixed(2)}×   SQL: planning ${plans.modelPage.planningMs} ms, execution ${plans.modelPage.executionMs} ms (EXPLAIN ANALYZE, unprepared)`);
  console.log(`\nOther reads (median of ${rounds} rounds × ${auxDuration} s)`);
  console.log(line(['', 'req/s', 'p50 ms', 'p99 ms', '', ''], widths));
  for (const entry of aux) {
    const s = summary[entry.key]!;
    console.log(line([entry.label, String(s.rps), s.p50Ms.toFixed(2), s.p99Ms.toFixed(2), '', ''], widths));
  }
  console.log(`  as of today / current (throughput): model page ${ratios.modelPageAsOfToCurrent}×, leaderboard ${ratios.leaderboardAsOfToCurrent}× (${asOfSame})`);
  if (spreads.leaderboardApiUncachedToPostGraphile && spreads.modelsPage1ApiUncachedToPostGraphile) {
    console.log(`  API uncached / PostGraphile, per round: leaderboard ${spread(spreads.leaderboardApiUncachedToPostGraphile)}, models page 1 ${spread(spreads.modelsPage1ApiUncachedToPostGraphile)} (keyset document), ${spread(spreads.modelsListApiUncachedToPostGraphile!)} (contract document, totalCount)`);
  }
  console.log(`  leaderboard rows ${leaderboardRows}; page ${page} / page 1: p50 ${ratios.modelsPageNToPage1P50}×, throughput ${ratios.modelsPage1ToPageNThroughput}×`);
  const rssLine = (m: typeof memory.apiUncached) => `${m.beforeMb} → ${m.afterEachRoundMb.join(' → ')} MB (${m.growthPercent}%)`;
  console.log(`\nMemory, RSS after warm-up → after each round: uncached ${rssLine(memory.apiUncached)}; cached ${rssLine(memory.apiCached)}`);
  if (survival) {
    console.log(`Cache survival: ${survival.hitPercent}% of ${survival.requests} model-page answers (${survival.pages} models, ${survival.seconds} s) from the first level while another model changed once a second (${survival.writes} writes, ${survival.errors} errors)`);
  }
  if (pglite) {
    console.log(`PGlite: npm start → /ready ${pglite.coldStartToReadyMs} ms on a fresh directory, ${pglite.warmStartToReadyMs} ms on an existing one; model page (1 connection) p50 ${pglite.modelPage1Connection?.p50Ms} ms, p99 ${pglite.modelPage1Connection?.p99Ms} ms, ${pglite.modelPage1Connection?.rps} req/s`);
    const fmt = (steps: Record<string, number>) => Object.entries(steps).map(([msg, ms]) => `${msg} +${ms} ms`).join(', ');
    console.log(`  fresh start (ms after spawning npm): ${fmt(pglite.coldStartSteps)}${pglite.prestart ? `; npm start runs "${pglite.prestart}" first (its first run here, before timing: ${pglite.prestartFirstRunMs} ms)` : ''}`);
  }
  if (pgliteError) console.log(`PGlite: not measured: ${pgliteError}`);
  if (firstHour) {
    console.log('');
    for (const line of formatFirstHour(firstHour)) console.log(line);
  }
  if (firstHourError) console.log(`First hour: not measured: ${firstHourError}`);
  if (versusDemo) console.log(`Versus the demo catalog (${versusDemo.demoFile}): API uncached ${versusDemo.apiUncachedRatio}× (normalised by each run's baseline ${versusDemo.normalisedRatio}×)`);
  console.log('\nTargets of issue 5');
  for (const check of checks) console.log(`  ${check.pass ? 'met   ' : 'MISSED'}  ${check.target.padEnd(52)} ${check.value}`);
  for (const [key, profile] of Object.entries(profiles)) {
    console.log(`\n${key} (${profile.rps} req/s while profiled; ${round(profile.busyMs / profile.requests, 3)} ms of Node CPU per request): ${formatProfile(profile)}`);
  }
  console.log(`\nMachine load (1-min average) at start ${machineLoad.atStart}, during the rounds ${machineLoad.minDuringRounds}–${machineLoad.maxDuringRounds} on ${cpus} CPUs (the bench itself adds about 2)`);
  if (machineLoad.maxDuringRounds > cpus + 2) console.log('WARNING: other work ran on this machine during the rounds; compare ratios rather than absolute numbers, or run again');
  const errors = entries.map((e) => [e.key, summary[e.key]!.errors] as const).filter(([, n]) => n > 0);
  if (errors.length) console.log(`WARNING: errors or non-2xx answers during load: ${JSON.stringify(Object.fromEntries(errors))}`);
  console.log(`\nbench: ${report.seconds} s; results in ${file}`);
}

main()
  .then(() => process.exit(0))
  .catch((error) => {
    console.error(error instanceof Error ? (error.stack ?? error.message) : error);
    process.exit(1);
  });
