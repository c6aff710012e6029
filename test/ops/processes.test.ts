import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDatabase } from '../../db/client.ts';
import { migrateDatabase } from '../../db/migrate.ts';
import { startServer } from '../faults/harness.ts';
import { freshDatabase, testDatabaseUrl, type TestDatabase } from '../helpers/database.ts';
import { CatalogFixture } from '../helpers/fixtures.ts';

// The processes an operator runs: the server stops cleanly on SIGTERM, catches up at start on prices
// that came into effect while it was down, and `npm run user:create` makes an account that can sign in. Each gets a database of its own (PGlite allows one process).
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

/**
 * What these tests are about is not the request deadline (1.5 s by default): on a busy machine a
 * sign-in (argon2) took longer and was answered 503. The servers here get room (30 s).
 */
const roomyDeadline = { REQUEST_TIMEOUT_MS: '30000' };

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
    const created = await run(['scripts/create-user.ts', '--email', 'ops@sourced.test', '--role', 'REVIEWER', '--password', 'a long ops password'], cliEnv);
    expect(created.code, created.output).toBe(0);
    expect(created.output).toContain('created REVIEWER ops@sourced.test');
    const again = await run(['scripts/create-user.ts', '--email', 'ops@sourced.test', '--password', 'another long password'], cliEnv);
    expect(again.code).toBe(1);
    expect(again.output).toContain('could not create the account');
    const usage = await run(['scripts/create-user.ts', '--role', 'OWNER'], cliEnv);
    expect(usage.code).toBe(2);
    expect(usage.output).toMatch(/^usage: npm run user:create/m);

    // An admin made with the password an earlier docker-compose.yml defaulted to: the server says so at start.
    const stale = await run(['scripts/create-user.ts', '--email', 'old-admin@sourced.test', '--role', 'ADMIN', '--password', 'change-me-please'], cliEnv);
    expect(stale.code, stale.output).toBe(0);

    const server = await startServer({ ...cliEnv, ...roomyDeadline });
    try {
      expect(server.output()).toMatch(/old-admin@sourced\.test.*published default password|published default password.*old-admin@sourced\.test/);
      expect(server.output()).not.toMatch(/ops@sourced\.test.*published default password/);
      const response = await fetch(`${server.url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ query: 'mutation($e: String!, $p: String!) { login(email: $e, password: $p) { __typename } }', variables: { e: 'ops@sourced.test', p: 'a long ops password' } }),
      });
      expect((await response.json()).data.login.__typename).toBe('LoginSuccess');
    } finally {
      // SIGTERM: the server finishes what it has, closes the database and exits 0 (its own 10 s limit
      // on in-flight requests bounds it; the time is not asserted: a busy machine is slower, not wrong).
      const code = await server.stop('SIGTERM');
      expect(code, server.output()).toBe(0);
    }
  }, 900_000);

  it('at start, copies the prices that came into effect while it was down to their models', async () => {
    // Its own database: a model whose $10 price was entered in 2024, dated 2025-06-01. Its copied
    // price (what lists filter and sort by) is still the $1 it was before that day.
    const target: TestDatabase = testDatabaseUrl
      ? await freshDatabase()
      : await (async () => {
          const handle = await createDatabase({ dataDir: join(dir, 'prices') });
          await migrateDatabase(handle);
          return { ...handle, destroy: () => handle.close() };
        })();
    const catalog = new CatalogFixture(target);
    const modelId = await catalog.model('announced', await catalog.provider('acme', 'Acme AI'));
    const source = await catalog.source();
    for (const [usd, from] of [
      [1, '2024-01-01'],
      [10, '2025-06-01'],
    ] as const) {
      await target.raw.query(
        `insert into prices (model_id, kind, usd_per_million_tokens, effective_from, source_id, locator, retrieved_at, status, origin, created_at)
         values ($1, 'INPUT', $2, $3, $4, 'Pricing table', '2024-12-01', 'VERIFIED', 'IMPORT', '2024-12-01')`,
        [modelId, usd, from, source],
      );
    }
    await target.raw.query('update models set input_price = 1 where id = $1', [modelId]);
    const serverEnv: Record<string, string> = testDatabaseUrl
      ? { DATABASE_URL: target.url!, SEED_DEMO: 'false' }
      : { DATA_DIR: join(dir, 'prices'), SEED_DEMO: 'false' };
    if (!testDatabaseUrl) await target.close(); // PGlite: one process at a time

    const server = await startServer({ ...serverEnv, ...roomyDeadline });
    try {
      const atLeastFive = async () => {
        const response = await fetch(`${server.url}/graphql`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ query: '{ models(filter: { minInputPrice: 5 }) { edges { node { slug } } } }' }),
        });
        return ((await response.json()).data.models.edges as { node: { slug: string } }[]).map((edge) => edge.node.slug);
      };
      let slugs = await atLeastFive();
      // Bounded by count (600 tries, 60 s and more), with room for a busy machine.
      for (let tries = 0; slugs.length === 0 && tries < 600; tries++, slugs = await atLeastFive()) {
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      expect(slugs, server.output()).toEqual(['announced']);
    } finally {
      expect(await server.stop('SIGTERM'), server.output()).toBe(0);
      if (testDatabaseUrl) await target.destroy();
    }
  }, 900_000);
});
