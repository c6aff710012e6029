import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createServer } from 'node:net';
import { op } from '../helpers/editor.ts';

/**
 * A free loopback port below the kernel's ephemeral range (32768–60999 here), where nothing is handed
 * out by itself. A port from `listen(0)` was free when picked but could be handed to another process's
 * outgoing connection or `listen(0)` before the server bound it: a restarted server then failed with
 * EADDRINUSE while another test's server answered its /ready (seen once in a full PostgreSQL run).
 */
export async function freePort(): Promise<number> {
  for (let attempt = 0; attempt < 100; attempt++) {
    const port = 20_000 + Math.floor(Math.random() * 10_000);
    const free = await new Promise<boolean>((resolve) => {
      const server = createServer();
      server.once('error', () => resolve(false));
      server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
    });
    if (free) return port;
  }
  throw new Error('no free port between 20000 and 30000');
}

export interface ServerProcess {
  url: string;
  child: ChildProcess;
  exited: () => boolean;
  output: () => string;
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

/** The real server (`npm start`'s entry point) as a child process, ready when /ready answers. */
export async function startServer(env: Record<string, string>): Promise<ServerProcess> {
  const port = await freePort();
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], {
    // Pages the fault tests cite are never served: no background captures unless a test asks for them.
    env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: 'warn', SOURCE_CAPTURE_ON_CREATE: 'false', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (chunk) => (output += chunk));
  child.stderr!.on('data', (chunk) => (output += chunk));
  let exitCode: number | null | undefined;
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve((exitCode = code))));
  const url = `http://127.0.0.1:${port}`;
  // A guard against a server that never gets ready, not a speed goal: start-up (migrations, the seed)
  // took 15 s on a busy 2-core machine where it takes 2 s alone.
  const deadline = Date.now() + 180_000;
  let ready = false;
  while (!ready && Date.now() < deadline) {
    if (exitCode !== undefined) throw new Error(`server exited (${exitCode}):\n${output}`);
    try {
      ready = (await fetch(`${url}/ready`)).ok;
    } catch {
      // not listening yet
    }
    if (!ready) await new Promise((resolve) => setTimeout(resolve, 200));
  }
  if (!ready) {
    child.kill('SIGKILL');
    throw new Error(`server not ready after 180 s:\n${output}`);
  }
  return {
    url,
    child,
    exited: () => exitCode !== undefined,
    output: () => output,
    async stop(signal = 'SIGTERM') {
      if (exitCode !== undefined) return exitCode;
      child.kill(signal);
      return exited;
    },
  };
}

export interface Sample {
  started: number;
  ms: number;
  ok: boolean;
  status: number;
  kind: string;
}

/**
 * Closed-loop load: `concurrency` clients each send a request as soon as the previous one answers,
 * until `stopAt` (ms since `t0`; a function is asked again before each request, so a test can extend
 * the load while a fault is still running). Every request is recorded. Bounded in count and time.
 */
export async function runLoad(options: {
  t0: number;
  stopAt: number | (() => number);
  concurrency: number;
  kind: string;
  send: (client: number, iteration: number) => Promise<{ ok: boolean; status: number }>;
  samples: Sample[];
  maxRequests?: number;
}): Promise<void> {
  const { t0, concurrency, send, samples, kind } = options;
  const stopAt = typeof options.stopAt === 'number' ? () => options.stopAt as number : options.stopAt;
  const max = options.maxRequests ?? 200_000;
  let sent = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async (_, client) => {
      for (let iteration = 0; performance.now() - t0 < stopAt() && sent < max; iteration++) {
        sent++;
        const started = performance.now() - t0;
        let result = { ok: false, status: 0 };
        try {
          result = await send(client, iteration);
        } catch {
          // connection refused or reset: recorded as a failure
        }
        samples.push({ started, ms: performance.now() - t0 - started, ...result, kind });
      }
    }),
  );
}

export async function postGraphQL(url: string, query: string, variables?: Record<string, unknown>, headers: Record<string, string> = {}) {
  const response = await fetch(`${url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ query, variables }),
    signal: AbortSignal.timeout(30_000),
  });
  const body = (await response.json().catch(() => ({}))) as { data?: any; errors?: unknown[] };
  return { ok: response.ok && !body.errors, status: response.status, body };
}

export interface Figure {
  name: string;
  value: number | string;
  goal: string;
  met: boolean;
  /** A time on a loopback request: a goal for the serial `npm run test:faults` run, not for a loaded one. */
  timing?: boolean;
}

export const figuresDir = 'test-results/faults';

/**
 * Figures are collected across test files and printed as one table by `npm run test:faults`. Each
 * suite has its own file, written whole and renamed into place: test files run in parallel workers,
 * and a shared file read and rewritten by each would lose one suite's figures to another's.
 */
export function recordFigures(suite: string, figures: Figure[]): void {
  mkdirSync(figuresDir, { recursive: true });
  const file = join(figuresDir, `${suite.replace(/[^a-z0-9]+/gi, '-').replace(/^-|-$/g, '').toLowerCase()}.json`);
  writeFileSync(`${file}.${process.pid}.tmp`, JSON.stringify({ suite, figures }, null, 2));
  renameSync(`${file}.${process.pid}.tmp`, file);
}

/**
 * Signs in through the Login operation; returns the session cookie (`name=value`). A sign-in answered
 * 503 (argon2 past a short request deadline on a busy machine) is tried again, up to 10 times.
 */
export async function signIn(url: string, email: string, password: string): Promise<string> {
  for (let attempt = 1; ; attempt++) {
    const response = await fetch(`${url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: op('Login'), variables: { email, password } }),
    });
    const body = (await response.json()) as { data?: { login: { __typename: string } } };
    if (response.status === 503 && attempt < 10) continue;
    if (body.data?.login.__typename !== 'LoginSuccess') throw new Error(`sign-in of ${email} failed: ${JSON.stringify(body)}`);
    return response.headers.get('set-cookie')!.split(';')[0]!;
  }
}
