import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDatabase } from '../../db/client.ts';
import { migrateDatabase } from '../../db/migrate.ts';
import { checkLink, checkSources } from '../../server/sources/linkCheck.ts';
import { startTestApp, type TestApp } from '../helpers/app.ts';
import { CatalogFixture } from '../helpers/fixtures.ts';
import { insertUser, login } from '../helpers/editor.ts';

// `npm run sources:check` against a local HTTP server (loopback only, never the internet): one route
// for each outcome the link audit tells apart.
let site: Server;
let base = '';
let inFlight = 0;
let mostInFlight = 0;

const routes: Record<string, (method: string) => { status: number; location?: string; hang?: boolean }> = {
  '/ok': () => ({ status: 200 }),
  '/moved': () => ({ status: 301, location: '/ok' }),
  '/gone': () => ({ status: 404 }),
  '/error': () => ({ status: 503 }),
  // Some servers refuse HEAD: the checker asks again with GET.
  '/no-head': (method) => ({ status: method === 'HEAD' ? 405 : 200 }),
  '/slow': () => ({ status: 200, hang: true }),
  '/loop': () => ({ status: 302, location: '/loop' }),
};

beforeAll(async () => {
  site = createServer((req, res) => {
    inFlight++;
    mostInFlight = Math.max(mostInFlight, inFlight);
    res.on('close', () => inFlight--);
    const route = routes[(req.url ?? '').split('?')[0]!];
    if (!route) return void res.writeHead(404).end();
    const answer = route(req.method ?? 'GET');
    // A page that answers slowly (after the checker's timeout, and before the test ends).
    const send = () => res.writeHead(answer.status, answer.location ? { location: answer.location } : {}).end(req.method === 'HEAD' ? undefined : 'page');
    if (answer.hang) setTimeout(send, 2_000).unref();
    else setTimeout(send, 20);
  });
  await new Promise<void>((resolve) => site.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(site.address() as AddressInfo).port}`;
});
afterAll(async () => {
  site?.closeAllConnections();
  await new Promise((resolve) => site?.close(resolve));
});

/** A loopback port nothing listens on. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

describe('checkLink', () => {
  it('tells each outcome apart', async () => {
    const check = (path: string) => checkLink(`${base}${path}`, { timeoutMs: 500 });
    expect(await check('/ok')).toMatchObject({ status: 'OK', httpStatus: 200 });
    expect(await check('/moved')).toMatchObject({ status: 'REDIRECTED', httpStatus: 200, finalUrl: `${base}/ok` });
    expect(await check('/gone')).toMatchObject({ status: 'BROKEN', httpStatus: 404 });
    expect(await check('/error')).toMatchObject({ status: 'BROKEN', httpStatus: 503 });
    expect(await check('/no-head')).toMatchObject({ status: 'OK', httpStatus: 200 });
    expect(await check('/loop')).toMatchObject({ status: 'UNREACHABLE', httpStatus: null });
    const refused = await checkLink(`http://127.0.0.1:${await closedPort()}/`, { timeoutMs: 500 });
    expect(refused).toMatchObject({ status: 'UNREACHABLE', httpStatus: null, error: 'ECONNREFUSED' });
  });

  it('gives up on a page that does not answer in time', async () => {
    const started = performance.now();
    const result = await checkLink(`${base}/slow`, { timeoutMs: 300 });
    expect(result).toMatchObject({ status: 'UNREACHABLE', httpStatus: null });
    expect(performance.now() - started).toBeLessThan(1_500);
  });
});

describe('checkSources', () => {
  let app: TestApp;
  const cited = new Map<string, number>();

  beforeAll(async () => {
    app = await startTestApp(async (db) => {
      const catalog = new CatalogFixture(db);
      const model = await catalog.model('checked-model', await catalog.provider('acme'));
      const benchmark = await catalog.benchmark('gpqa');
      for (const path of ['/ok', '/moved', '/gone', '/no-head', '/slow', '/error']) cited.set(path, await catalog.source(`${base}${path}`));
      // The dead link is cited by a published score: the audit must find the number, not only the page.
      await catalog.score(model, benchmark, 70, cited.get('/gone')!);
      await insertUser(db, 'editor@sourced.test', 'EDITOR');
    });
  });
  afterAll(() => app?.close());

  it('records every source\'s link status with bounded concurrency, and the public API lists the dead one with what cites it', async () => {
    const versionsBefore = await app.db.raw.query<{ id: number; version: number }>('select id, version from sources order by id');
    mostInFlight = 0;
    const summary = await checkSources(app.db, { timeoutMs: 300, concurrency: 2 });
    expect(summary.checked).toBe(6);
    expect(summary.byStatus).toEqual({ OK: 2, REDIRECTED: 1, BROKEN: 2, UNREACHABLE: 1 });
    expect(mostInFlight).toBeLessThanOrEqual(2);

    const rows = await app.db.raw.query<{ id: number; link_status: string; link_http_status: number | null; link_checked_at: unknown; version: number }>(
      'select id, link_status, link_http_status, link_checked_at, version from sources order by id',
    );
    expect(rows.every((row) => row.link_checked_at !== null)).toBe(true);
    expect(rows.find((row) => row.id === cited.get('/gone'))).toMatchObject({ link_status: 'BROKEN', link_http_status: 404 });
    expect(rows.find((row) => row.id === cited.get('/slow'))).toMatchObject({ link_status: 'UNREACHABLE', link_http_status: null });
    // The checker's findings are not an editor's change: nobody's open form goes stale because of them.
    expect(rows.map((row) => row.version)).toEqual(versionsBefore.map((row) => row.version));

    const broken = await app.gql(`{ sources(first: 10, filter: { linkStatus: BROKEN }) { totalCount edges { node { url linkHttpStatus linkCheckedAt citationCount } } } }`);
    expect(broken.errors).toBeUndefined();
    // Anonymous readers see the sources published numbers cite: the broken page nothing cites is the editors'.
    expect(broken.data?.sources.totalCount).toBe(1);
    const gone = broken.data?.sources.edges.map((edge: { node: unknown }) => edge.node).find((node: { url: string }) => node.url === `${base}/gone`);
    expect(gone).toMatchObject({ linkHttpStatus: 404, citationCount: 1 });
    expect(Date.parse(gone.linkCheckedAt)).toBeGreaterThan(Date.now() - 60_000);

    // Editors list dead links (broken or unreachable) with one filter, as the dashboard counts them.
    const editor = await login(app, 'editor@sourced.test');
    const byDeadLink = async (deadLink: boolean) => {
      const result = await app.gql(`query($deadLink: Boolean) { sources(first: 10, filter: { deadLink: $deadLink }) { totalCount edges { node { linkStatus } } } }`, { deadLink }, editor.headers);
      expect(result.errors).toBeUndefined();
      return result.data!.sources.edges.map((edge: { node: { linkStatus: string } }) => edge.node.linkStatus).sort();
    };
    expect(await byDeadLink(true)).toEqual(['BROKEN', 'BROKEN', 'UNREACHABLE']);
    expect(await byDeadLink(false)).toEqual(['OK', 'OK', 'REDIRECTED']);
  });
});

describe('npm run sources:check', () => {
  it('checks the sources of the configured database and prints what is not OK, then a summary', async () => {
    // A database of its own for the command: PGlite allows one process at a time.
    const dir = mkdtempSync(join(tmpdir(), 'sourced-sources-check-'));
    const env: NodeJS.ProcessEnv = { ...process.env, LOG_LEVEL: 'silent' };
    let dropDatabase = async () => {};
    if (process.env.DATABASE_URL) {
      const { freshDatabase } = await import('../helpers/database.ts');
      const db = await freshDatabase();
      await new CatalogFixture(db).source(`${base}/gone`);
      await new CatalogFixture(db).source(`${base}/ok`);
      env.DATABASE_URL = db.url;
      dropDatabase = () => db.destroy();
    } else {
      const handle = await createDatabase({ dataDir: dir });
      await migrateDatabase(handle);
      await new CatalogFixture(handle).source(`${base}/gone`);
      await new CatalogFixture(handle).source(`${base}/ok`);
      await handle.close();
      env.DATA_DIR = dir;
    }
    try {
      const child = spawn(process.execPath, ['--import', 'tsx', 'server/sources/checkCli.ts', '--concurrency', '2', '--timeout', '1000'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
      let output = '';
      child.stdout.on('data', (chunk) => (output += chunk));
      child.stderr.on('data', (chunk) => (output += chunk));
      const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
      expect(code, output).toBe(0);
      expect(output).toMatch(new RegExp(`BROKEN\\s+404\\s+${base.replace(/[.]/g, '\\.')}/gone`));
      expect(output).not.toContain(`${base}/ok`);
      expect(output).toContain('checked 2 sources: 1 OK, 0 REDIRECTED, 1 BROKEN, 0 UNREACHABLE');
    } finally {
      await dropDatabase();
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);
});
