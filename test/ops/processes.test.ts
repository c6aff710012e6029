import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer } from '../faults/harness.ts';
import { freshDatabase, testDatabaseUrl, type TestDatabase } from '../helpers/database.ts';

// The processes an operator runs: the server stops cleanly on SIGTERM, and `npm run user:create`
// makes an account that can sign in. Each gets a database of its own (PGlite allows one process).
let dir: string;
let db: TestDatabase | undefined;
let env: Record<string, string>;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'sourced-processes-'));
  if (testDatabaseUrl) {
    db = await freshDatabase();
    env = { DATABASE_URL: db.url!, SEED_DEMO: 'false' };
  } else {
    env = { DATA_DIR: dir, SEED_DEMO: 'false' };
  }
});
afterAll(async () => {
  await db?.destroy();
  rmSync(dir, { recursive: true, force: true });
});

function run(args: string[], extra: Record<string, string>): Promise<{ code: number | null; output: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', ...args], { env: { ...process.env, ...extra, LOG_LEVEL: 'warn' }, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.on('data', (chunk) => (output += chunk));
  child.stderr.on('data', (chunk) => (output += chunk));
  return new Promise((resolve) => child.on('exit', (code) => resolve({ code, output })));
}

describe('operating the server', () => {
  it('npm run user:create makes an account, refuses a taken email, and the account signs in', async () => {
    const cliEnv = env;
    const created = await run(['server/auth/userCreate.ts', '--email', 'ops@sourced.test', '--role', 'REVIEWER', '--password', 'a long ops password'], cliEnv);
    expect(created.code, created.output).toBe(0);
    expect(created.output).toContain('created REVIEWER ops@sourced.test');
    const again = await run(['server/auth/userCreate.ts', '--email', 'ops@sourced.test', '--password', 'another long password'], cliEnv);
    expect(again.code).toBe(1);
    expect(again.output).toContain('could not create the account');
    const usage = await run(['server/auth/userCreate.ts', '--role', 'OWNER'], cliEnv);
    expect(usage.code).toBe(2);
    expect(usage.output).toMatch(/^usage: npm run user:create/m);

    const server = await startServer(cliEnv);
    try {
      const response = await fetch(`${server.url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ query: 'mutation($e: String!, $p: String!) { login(email: $e, password: $p) { __typename } }', variables: { e: 'ops@sourced.test', p: 'a long ops password' } }),
      });
      expect((await response.json()).data.login.__typename).toBe('LoginSuccess');
    } finally {
      // SIGTERM: the server finishes what it has, closes the database and exits 0.
      const started = performance.now();
      const code = await server.stop('SIGTERM');
      expect(code, server.output()).toBe(0);
      expect(performance.now() - started).toBeLessThan(10_000);
    }
  }, 120_000);
});
