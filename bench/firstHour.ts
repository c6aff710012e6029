/**
 * The "first hour" phase of npm run bench: what a new user waits for, measured on fresh clones of the
 * committed tree (never the working tree, which may hold other people's unsaved work).
 *
 * Each round, for each ref: `git clone` into a temp directory, `npm ci` there (timed; its output,
 * timestamped line by line, splits it into dependencies, patch-package, the admin build and the demo
 * template build), then in that clone:
 *   npm start, fresh        `npm start` (prestart included) on a new DATA_DIR, spawn → /ready 200
 *   npm start, existing     the same again on the DATA_DIR the first start left
 *   server, fresh/existing  the start script's command without npm and prestart (tsx server/main.ts)
 *   prestart                `npm run prestart` alone (the admin staleness check)
 * Rounds interleave the refs (A B, A B, …) so that a before/after comparison sees the same machine
 * load. The npm cache is the user's (~/.npm): warm after the first install, which the report says.
 * Clones, data directories and processes are removed on the way out, also on a crash or Ctrl-C.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createServer as createNetServer } from 'node:net';
import os from 'node:os';
import { join } from 'node:path';

export interface FirstHourOptions {
  root: string;
  refs: string[];
  rounds: number;
  /** Where each command's output goes (one file per command, overwritten each round). */
  logDir: string;
  log?: (line: string) => void;
}

interface Line {
  ms: number;
  text: string;
}

interface Running {
  process: ChildProcess;
  exited: Promise<number | null>;
  lines: Line[];
  spawnedAt: number;
  /** Date.now() at spawning, to place the server's own (pino, epoch ms) log times. */
  spawnedAtEpoch: number;
}

const running = new Set<Running>();
const tempDirs = new Set<string>();

function cleanUp() {
  for (const child of running) {
    try {
      process.kill(-child.process.pid!, 'SIGKILL');
    } catch {
      /* gone */
    }
  }
  for (const dir of tempDirs) rmSync(dir, { recursive: true, force: true });
}
process.on('exit', cleanUp);

/** Spawns in a process group of its own (npm → sh → node), output timestamped line by line. */
function spawnTimed(name: string, logDir: string, command: string, args: string[], cwd: string, env: NodeJS.ProcessEnv): Running {
  const spawnedAt = performance.now();
  const spawnedAtEpoch = Date.now();
  const child = spawn(command, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  const lines: Line[] = [];
  let log = '';
  const partial = { stdout: '', stderr: '' };
  const take = (stream: 'stdout' | 'stderr') => (chunk: Buffer) => {
    const ms = performance.now() - spawnedAt;
    const text = partial[stream] + chunk.toString('utf8');
    const parts = text.split('\n');
    partial[stream] = parts.pop()!;
    for (const part of parts) {
      lines.push({ ms, text: part });
      log += `${(ms / 1000).toFixed(3).padStart(8)} ${part}\n`;
    }
  };
  child.stdout!.on('data', take('stdout'));
  child.stderr!.on('data', take('stderr'));
  const exited = new Promise<number | null>((resolve) =>
    child.on('close', (code) => {
      for (const stream of ['stdout', 'stderr'] as const) if (partial[stream]) lines.push({ ms: performance.now() - spawnedAt, text: partial[stream] });
      writeFileSync(join(logDir, `first-hour-${name}.log`), log);
      resolve(code);
    }),
  );
  const entry: Running = { process: child, exited, lines, spawnedAt, spawnedAtEpoch };
  running.add(entry);
  void exited.then(() => running.delete(entry));
  return entry;
}

async function stop(child: Running, graceMs = 10_000): Promise<void> {
  if (child.process.exitCode !== null || child.process.signalCode !== null) return;
  const signal = (sig: NodeJS.Signals) => {
    try {
      process.kill(-child.process.pid!, sig);
    } catch {
      /* gone */
    }
  };
  signal('SIGTERM');
  const timer = setTimeout(() => signal('SIGKILL'), graceMs);
  await child.exited;
  clearTimeout(timer);
}

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

/** Milliseconds from spawning to `url` answering 200. */
async function untilReady(url: string, child: Running, timeoutMs: number): Promise<number> {
  for (;;) {
    const elapsed = performance.now() - child.spawnedAt;
    if (elapsed > timeoutMs) throw new Error(`${url} not ready after ${timeoutMs} ms`);
    if (child.process.exitCode !== null) throw new Error(`exited (${child.process.exitCode}) before ${url} answered: ${child.lines.slice(-5).map((l) => l.text).join(' | ')}`);
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(1000) });
      if (response.status === 200) return performance.now() - child.spawnedAt;
    } catch {
      /* not yet */
    }
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/**
 * The environment of a user typing the command in a shell: none of the npm variables of the
 * `npm run bench` around us (npm_config_*, npm_package_*, lifecycle), nor this checkout's
 * node_modules/.bin on PATH, nor settings of the bench's own servers.
 */
function userEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (/^npm_/i.test(key) || key === 'INIT_CWD' || key === 'NODE') continue;
    if (['NODE_ENV', 'DATABASE_URL', 'DATABASE_OWNER_URL', 'DATA_DIR', 'PORT', 'HOST', 'SEED_DEMO', 'LOG_LEVEL', 'RESPONSE_CACHE', 'REDIS_URL'].includes(key)) continue;
    env[key] = value;
  }
  env.PATH = (process.env.PATH ?? '')
    .split(':')
    .filter((entry) => !entry.includes('node_modules/.bin') && !entry.includes('node-gyp-bin'))
    .join(':');
  return { ...env, ...extra };
}

const seconds = (ms: number | null | undefined) => (ms == null ? null : Math.round(ms / 100) / 10);
const reported = (lines: Line[], pattern: RegExp) => {
  const match = lines.map((l) => pattern.exec(l.text)).find(Boolean);
  return match ? Number(match[1]) * 1000 : null;
};

interface InstallRound {
  /** Spawn → exit of `npm ci`. */
  totalMs: number;
  /** Spawn → the banner of the root postinstall script: removing node_modules, fetching, extracting, dependencies' scripts. */
  dependenciesMs: number | null;
  /** The banner → patch-package's last line. */
  patchPackageMs: number | null;
  /** As the postinstall reports them. */
  adminBuildMs: number | null;
  demoTemplateMs: number | null;
  /** The banner → the last line of the postinstall (patch-package, tsx, the builds). */
  postinstallMs: number | null;
  /** The last postinstall line → exit (npm's audit and summary). */
  afterScriptsMs: number | null;
  load1: number;
}

interface StartRound {
  ms: number;
  /** The admin build, when prestart found admin/dist stale and rebuilt it. */
  adminBuildMs: number | null;
  fromTemplate: boolean | null;
  /** The server's own milestones (pino, ms after spawning). */
  steps: Record<string, number>;
  /** What the server reports on its ready line: from the end of its imports to listening. */
  afterImportsMs: number | null;
  load1: number;
}

async function install(name: string, clone: string, logDir: string): Promise<InstallRound> {
  const load1 = os.loadavg()[0]!;
  const child = spawnTimed(name, logDir, 'npm', ['ci'], clone, userEnv({}));
  const code = await child.exited;
  const totalMs = performance.now() - child.spawnedAt;
  if (code !== 0) throw new Error(`npm ci failed (${code}) in ${clone}: see ${join(logDir, `first-hour-${name}.log`)}`);
  const lines = child.lines;
  const banner = lines.findIndex((l) => /^> \S+ postinstall$/.test(l.text.trim()));
  const bannerMs = banner >= 0 ? lines[banner]!.ms : null;
  const after = banner >= 0 ? lines.slice(banner + 1) : [];
  const lastPatch = after.filter((l) => /✔|patch-package|Applying patches/.test(l.text)).at(-1);
  // The end of the postinstall: its last line before npm's summary ("added … packages").
  const summaryAt = after.findIndex((l) => /^(added|removed|changed|up to date|audited) /.test(l.text) || /vulnerabilit|looking for funding/.test(l.text));
  const postinstallLines = summaryAt >= 0 ? after.slice(0, summaryAt) : after;
  const lastPostinstall = postinstallLines.filter((l) => l.text.trim()).at(-1);
  return {
    totalMs,
    dependenciesMs: bannerMs,
    patchPackageMs: bannerMs != null && lastPatch ? lastPatch.ms - bannerMs : null,
    adminBuildMs: reported(lines, /admin app built in ([\d.]+) s/),
    demoTemplateMs: reported(lines, /template with the demo catalog built in ([\d.]+) s/),
    postinstallMs: bannerMs != null && lastPostinstall ? lastPostinstall.ms - bannerMs : null,
    afterScriptsMs: lastPostinstall ? totalMs - lastPostinstall.ms : null,
    load1,
  };
}

const milestones = ['database opened', 'migrations applied', 'demo catalog loaded', 'ready'];

async function start(name: string, clone: string, logDir: string, command: string, args: string[], dataDir: string): Promise<StartRound> {
  const load1 = os.loadavg()[0]!;
  const port = await freePort();
  const env = userEnv({ DATA_DIR: dataDir, PORT: String(port), HOST: '127.0.0.1' });
  const child = spawnTimed(name, logDir, command, args, clone, env);
  try {
    const ms = await untilReady(`http://127.0.0.1:${port}/ready`, child, 300_000);
    const steps: Record<string, number> = {};
    let fromTemplate: boolean | null = null;
    let afterImportsMs: number | null = null;
    for (const line of child.lines) {
      try {
        const entry = JSON.parse(line.text) as { msg?: string; time?: number; ms?: number; fromTemplate?: boolean };
        if (entry.msg?.startsWith('ready') && typeof entry.ms === 'number') afterImportsMs ??= entry.ms;
        const step = entry.msg && milestones.find((m) => entry.msg!.startsWith(m));
        if (step && entry.time) steps[step] ??= entry.time - child.spawnedAtEpoch;
        if (typeof entry.fromTemplate === 'boolean') fromTemplate = entry.fromTemplate;
      } catch {
        /* not JSON */
      }
    }
    return { ms, adminBuildMs: reported(child.lines, /admin app built in ([\d.]+) s/), fromTemplate, steps, afterImportsMs, load1 };
  } finally {
    await stop(child);
  }
}

function resolveRef(root: string, ref: string): string {
  const out = spawnSync('git', ['rev-parse', '--verify', `${ref}^{commit}`], { cwd: root, encoding: 'utf8' });
  if (out.status !== 0) throw new Error(`bench: --ref ${ref} is not a commit here`);
  return out.stdout.trim();
}

/** Directory size in MB (du), or null. */
function sizeMb(path: string): number | null {
  const out = spawnSync('du', ['-sm', path], { encoding: 'utf8' });
  return out.status === 0 ? Number(out.stdout.split('\t')[0]) : null;
}

interface Spread {
  median: number | null;
  min: number | null;
  max: number | null;
  /** Every round, in seconds. */
  values: number[];
}
function spread(values: (number | null)[]): Spread {
  const known = values.filter((v): v is number => v != null).map((v) => seconds(v)!);
  if (!known.length) return { median: null, min: null, max: null, values: [] };
  const sorted = known.slice().sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  const median = sorted.length % 2 ? sorted[mid]! : Math.round(((sorted[mid - 1]! + sorted[mid]!) / 2) * 100) / 100;
  return { median, min: sorted[0]!, max: sorted.at(-1)!, values: known };
}

export async function measureFirstHour(options: FirstHourOptions) {
  const log = options.log ?? ((line: string) => console.log(line));
  const commits = options.refs.map((ref) => ({ ref, commit: resolveRef(options.root, ref) }));
  const npmCache = spawnSync('npm', ['config', 'get', 'cache'], { encoding: 'utf8', env: userEnv({}) }).stdout.trim();
  const npmCacheMbBefore = npmCache ? sizeMb(join(npmCache, '_cacache')) : null;
  const loads: number[] = [os.loadavg()[0]!];
  const perRef = new Map<string, { installs: InstallRound[]; starts: Record<string, StartRound[]>; prestartMs: number[]; clonedMs: number[] }>();
  for (const { commit } of commits) perRef.set(commit, { installs: [], starts: { npmStartFresh: [], npmStartExisting: [], serverFresh: [], serverExisting: [] }, prestartMs: [], clonedMs: [] });
  let startScript: string | null = null;

  for (let round = 1; round <= options.rounds; round++) {
    for (const { ref, commit } of commits) {
      const results = perRef.get(commit)!;
      const dir = mkdtempSync(join(os.tmpdir(), 'sourced-bench-first-hour-'));
      tempDirs.add(dir);
      try {
        const clone = join(dir, 'sourced');
        const cloneStarted = performance.now();
        for (const args of [['clone', '--quiet', options.root, clone], ['-C', clone, 'checkout', '--quiet', '--detach', commit]]) {
          const out = spawnSync('git', args, { encoding: 'utf8' });
          if (out.status !== 0) throw new Error(`git ${args.join(' ')}: ${out.stderr}`);
        }
        results.clonedMs.push(performance.now() - cloneStarted);
        const tag = `${commit.slice(0, 7)}`;
        const installed = await install(`${tag}-npm-ci`, clone, options.logDir);
        results.installs.push(installed);
        const scripts = (JSON.parse(readFileSync(join(clone, 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts;
        startScript = scripts.start ?? null;
        // The start script without npm and prestart: "tsx server/main.ts" → node_modules/.bin/tsx server/main.ts.
        const [bin, ...binArgs] = (scripts.start ?? 'tsx server/main.ts').split(/\s+/);
        const serverCommand = statSync(join(clone, 'node_modules', '.bin', bin!), { throwIfNoEntry: false }) ? join(clone, 'node_modules', '.bin', bin!) : bin!;
        const npmData = join(dir, 'data-npm-start');
        const serverData = join(dir, 'data-server');
        results.starts.npmStartFresh!.push(await start(`${tag}-npm-start-fresh`, clone, options.logDir, 'npm', ['start'], npmData));
        results.starts.npmStartExisting!.push(await start(`${tag}-npm-start-existing`, clone, options.logDir, 'npm', ['start'], npmData));
        results.starts.serverFresh!.push(await start(`${tag}-server-fresh`, clone, options.logDir, serverCommand, binArgs, serverData));
        results.starts.serverExisting!.push(await start(`${tag}-server-existing`, clone, options.logDir, serverCommand, binArgs, serverData));
        if (scripts.prestart) {
          const prestart = spawnTimed(`${tag}-prestart`, options.logDir, 'npm', ['run', 'prestart'], clone, userEnv({}));
          const code = await prestart.exited;
          if (code !== 0) throw new Error(`npm run prestart failed (${code}) in ${clone}`);
          results.prestartMs.push(performance.now() - prestart.spawnedAt);
        }
        loads.push(os.loadavg()[0]!);
        const s = results.starts;
        log(
          `  round ${round} ${ref} (${tag}): npm ci ${seconds(installed.totalMs)} s (template ${seconds(installed.demoTemplateMs)} s, admin ${seconds(installed.adminBuildMs)} s, patch-package ${seconds(installed.patchPackageMs)} s); ` +
            `npm start ${seconds(s.npmStartFresh!.at(-1)!.ms)} s fresh / ${seconds(s.npmStartExisting!.at(-1)!.ms)} s existing; ` +
            `server ${seconds(s.serverFresh!.at(-1)!.ms)} / ${seconds(s.serverExisting!.at(-1)!.ms)} s; prestart ${seconds(results.prestartMs.at(-1))} s; load ${os.loadavg()[0]!.toFixed(2)}`,
        );
      } finally {
        rmSync(dir, { recursive: true, force: true });
        tempDirs.delete(dir);
      }
    }
  }

  const cpus = os.cpus().length;
  const round2 = (n: number) => Math.round(n * 100) / 100;
  const machineLoad = { atStart: round2(loads[0]!), min: round2(Math.min(...loads)), max: round2(Math.max(...loads)), median: round2(spread(loads.map((l) => l * 1000)).median!) };
  const refs = commits.map(({ ref, commit }) => {
    const r = perRef.get(commit)!;
    const install = {
      npmCi: spread(r.installs.map((i) => i.totalMs)),
      dependencies: spread(r.installs.map((i) => i.dependenciesMs)),
      patchPackage: spread(r.installs.map((i) => i.patchPackageMs)),
      adminBuild: spread(r.installs.map((i) => i.adminBuildMs)),
      demoTemplate: spread(r.installs.map((i) => i.demoTemplateMs)),
      postinstall: spread(r.installs.map((i) => i.postinstallMs)),
      afterScripts: spread(r.installs.map((i) => i.afterScriptsMs)),
    };
    const startFigures = Object.fromEntries(Object.entries(r.starts).map(([key, runs]) => [key, spread(runs.map((x) => x.ms))]));
    // The server alone, split at the end of its imports (node, tsx, loading the modules) and after (the database, listening).
    const serverAfterImports = Object.fromEntries(
      (['serverFresh', 'serverExisting'] as const).map((key) => [key, spread(r.starts[key]!.map((x) => x.afterImportsMs))]),
    );
    const adminAtStart = r.starts.npmStartFresh!.map((x) => x.adminBuildMs).filter((x) => x != null);
    const fresh = startFigures.npmStartFresh!;
    const existing = startFigures.npmStartExisting!;
    const f = (s: Spread) => (s.median == null ? '?' : `${s.median}`);
    const sentence =
      `npm ci ${f(install.npmCi)} s with a warm npm cache (of which demo template ${f(install.demoTemplate)} s, admin build ${f(install.adminBuild)} s), ` +
      `npm start to ready ${f(fresh)} s fresh / ${f(existing)} s existing ` +
      `(median of ${options.rounds}, ${cpus} cores, load ${machineLoad.median})`;
    return {
      ref,
      commit,
      startScript,
      install,
      start: startFigures,
      serverAfterImports,
      prestart: spread(r.prestartMs),
      adminBuiltAtFirstStart: adminAtStart.length > 0,
      fromTemplate: r.starts.npmStartFresh!.map((x) => x.fromTemplate),
      rounds: { installs: r.installs, starts: r.starts, prestartMs: r.prestartMs.map(Math.round), cloneMs: r.clonedMs.map(Math.round) },
      sentence,
    };
  });
  const npmCacheMbAfter = npmCache ? sizeMb(join(npmCache, '_cacache')) : null;
  return {
    rounds: options.rounds,
    npmCache: { path: npmCache, mbBefore: npmCacheMbBefore, mbAfter: npmCacheMbAfter, warm: (npmCacheMbBefore ?? 0) > 50 },
    machineLoad: { ...machineLoad, cpus },
    refs,
  };
}

export type FirstHourReport = Awaited<ReturnType<typeof measureFirstHour>>;

export function formatFirstHour(report: FirstHourReport): string[] {
  const out: string[] = [];
  const cell = (s: Spread) => (s.median == null ? '—' : `${s.median} (${s.min}–${s.max})`);
  const rows: [string, (r: FirstHourReport['refs'][number]) => Spread][] = [
    ['npm ci, total', (r) => r.install.npmCi],
    ['  dependencies (until the postinstall)', (r) => r.install.dependencies],
    ['  patch-package', (r) => r.install.patchPackage],
    ['  admin build (postinstall)', (r) => r.install.adminBuild],
    ['  demo template (postinstall)', (r) => r.install.demoTemplate],
    ['  postinstall, all of it', (r) => r.install.postinstall],
    ['  after the scripts (audit, summary)', (r) => r.install.afterScripts],
    ['npm start → /ready, fresh DATA_DIR', (r) => r.start.npmStartFresh!],
    ['npm start → /ready, existing DATA_DIR', (r) => r.start.npmStartExisting!],
    ['server alone → /ready, fresh', (r) => r.start.serverFresh!],
    ['server alone → /ready, existing', (r) => r.start.serverExisting!],
    ['  of which after its imports, fresh', (r) => r.serverAfterImports.serverFresh!],
    ['  of which after its imports, existing', (r) => r.serverAfterImports.serverExisting!],
    ['npm run prestart alone', (r) => r.prestart],
  ];
  const widths = [40, ...report.refs.map(() => 24)];
  const name = (r: FirstHourReport['refs'][number]) => (r.commit.startsWith(r.ref) ? r.commit.slice(0, 7) : `${r.ref} ${r.commit.slice(0, 7)}`);
  const line = (cells: string[]) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
  out.push(`First hour: seconds, median (min–max) of ${report.rounds} fresh clone(s) each; npm cache ${report.npmCache.warm ? 'warm' : 'cold'} (${report.npmCache.mbBefore} MB before)`);
  out.push(line(['', ...report.refs.map(name)]));
  for (const [label, pick] of rows) out.push(line([label, ...report.refs.map((r) => cell(pick(r)))]));
  for (const r of report.refs) {
    if (r.adminBuiltAtFirstStart) out.push(`  ${r.ref}: the first npm start rebuilt the admin app (prestart found admin/dist stale)`);
    if (r.fromTemplate.some((x) => x === false)) out.push(`  ${r.ref}: a fresh start did not use the demo template (${JSON.stringify(r.fromTemplate)})`);
  }
  out.push(`  machine load (1-min average) ${report.machineLoad.min}–${report.machineLoad.max}, median ${report.machineLoad.median}, on ${report.machineLoad.cpus} CPUs`);
  for (const r of report.refs) out.push(`README (${name(r)}): "${r.sentence}"`);
  return out;
}
