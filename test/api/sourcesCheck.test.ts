import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDatabase } from '../../db/client.ts';
import { migrateDatabase } from '../../db/migrate.ts';
import { nonPublicAddress, parseAllowHosts, urlProblem } from '../../server/sources/addresses.ts';
import { checkLink, checkSources, destination } from '../../server/sources/linkCheck.ts';
import { startTestApp, type TestApp } from '../helpers/app.ts';
import { CatalogFixture } from '../helpers/fixtures.ts';
import { insertUser, login } from '../helpers/editor.ts';

// `npm run sources:check` against a local HTTP server (loopback only, never the internet): one route
// for each outcome the link audit tells apart. The checker opens only public hosts; this loopback site
// is opened because it is listed in SOURCE_FETCH_ALLOW_HOSTS (host:port), as tests and intranets do.
// A second loopback server (the "trap", not listed) records every hit: refused URLs must not reach it.
let site: Server;
let base = '';
let inFlight = 0;
let mostInFlight = 0;
let inFlightTotal = 0;
let hitsBefore = 0;

const routes: Record<string, (method: string) => { status: number; location?: string; hang?: boolean }> = {
  '/ok': () => ({ status: 200 }),
  '/moved': () => ({ status: 301, location: '/ok' }),
  '/gone': () => ({ status: 404 }),
  '/error': () => ({ status: 503 }),
  // Some servers refuse HEAD: the checker asks again with GET.
  '/no-head': (method) => ({ status: method === 'HEAD' ? 405 : 200 }),
  '/slow': () => ({ status: 200, hang: true }),
  '/loop': () => ({ status: 302, location: '/loop' }),
  // Redirects from the allowed site to places the checker must not open: each is refused at that hop.
  '/to-trap': () => ({ status: 302, location: `http://127.0.0.1:${trapPort}/via-redirect` }),
  '/to-trap-hex': () => ({ status: 301, location: `http://0x7f000001:${trapPort}/via-redirect` }),
  '/to-trap-decimal': () => ({ status: 307, location: `http://2130706433:${trapPort}/via-redirect` }),
  '/to-localhost': () => ({ status: 302, location: `http://localhost.:${trapPort}/via-redirect` }),
  '/to-mapped': () => ({ status: 302, location: `http://[::ffff:127.0.0.1]:${trapPort}/via-redirect` }),
  '/to-any': () => ({ status: 302, location: `http://0.0.0.0:${trapPort}/via-redirect` }),
  '/to-ipv6': () => ({ status: 308, location: `http://[::1]:${trap6Port}/via-redirect` }),
  '/to-credentials': () => ({ status: 302, location: `http://user:pass@127.0.0.1:${trapPort}/via-redirect` }),
  '/to-file': () => ({ status: 302, location: 'file:///etc/passwd' }),
  '/to-name': () => ({ status: 302, location: `http://internal-name.example:${trapPort}/via-redirect` }),
  // Two hops on the allowed site, then the trap.
  '/hop1': () => ({ status: 302, location: '/hop2' }),
  '/hop2': () => ({ status: 302, location: `http://127.0.0.1:${trapPort}/after-two-hops` }),
  '/six-hops': () => ({ status: 302, location: '/hops/5' }),
};
const hops = (path: string): { status: number; location?: string; hang?: boolean } | null => {
  const match = /^\/hops\/(\d+)$/.exec(path);
  if (!match) return null;
  const left = Number(match[1]);
  return left === 0 ? { status: 200 } : { status: 302, location: `/hops/${left - 1}` };
};

let trap: Server;
let trap6: Server | null = null;
let trapPort = 0;
let trap6Port = 0;
const trapHits: string[] = [];

beforeAll(async () => {
  site = createServer((req, res) => {
    inFlight++;
    inFlightTotal++;
    mostInFlight = Math.max(mostInFlight, inFlight);
    res.on('close', () => inFlight--);
    const path = (req.url ?? '').split('?')[0]!;
    const route = Object.hasOwn(routes, path) ? routes[path] : null;
    const answer = route ? route(req.method ?? 'GET') : hops(path);
    if (!answer) return void res.writeHead(404).end();
    // A page that answers slowly: after 60 s, long past the checker's timeout here, so a busy machine
    // cannot make it look answered; the other pages are checked with a timeout that has room (10 s).
    const send = () => res.writeHead(answer.status, answer.location ? { location: answer.location } : {}).end(req.method === 'HEAD' ? undefined : 'page');
    if (answer.hang) setTimeout(send, 60_000).unref();
    else setTimeout(send, 20);
  });
  await new Promise<void>((resolve) => site.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(site.address() as AddressInfo).port}`;
  process.env.SOURCE_FETCH_ALLOW_HOSTS = `127.0.0.1:${(site.address() as AddressInfo).port}`;

  const record = (req: import('node:http').IncomingMessage, res: import('node:http').ServerResponse) => {
    trapHits.push(`${req.method} ${req.headers.host}${req.url}`);
    res.writeHead(200).end('internal');
  };
  trap = createServer(record);
  await new Promise<void>((resolve) => trap.listen(0, '127.0.0.1', resolve));
  trapPort = (trap.address() as AddressInfo).port;
  // The same trap on IPv6 loopback, where the machine has it.
  const server6 = createServer(record);
  trap6 = await new Promise<Server | null>((resolve) => {
    server6.once('error', () => resolve(null));
    server6.listen(0, '::1', () => resolve(server6));
  });
  trap6Port = trap6 ? (trap6.address() as AddressInfo).port : trapPort;
});
afterAll(async () => {
  delete process.env.SOURCE_FETCH_ALLOW_HOSTS;
  for (const server of [site, trap, trap6]) {
    server?.closeAllConnections();
    await new Promise((resolve) => (server ? server.close(resolve) : resolve(null)));
  }
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
    const check = (path: string) => checkLink(`${base}${path}`, { timeoutMs: 10_000 });
    expect(await check('/ok')).toMatchObject({ status: 'OK', httpStatus: 200 });
    expect(await check('/moved')).toMatchObject({ status: 'REDIRECTED', httpStatus: 200, finalUrl: `${base}/ok` });
    expect(await check('/gone')).toMatchObject({ status: 'BROKEN', httpStatus: 404 });
    expect(await check('/error')).toMatchObject({ status: 'BROKEN', httpStatus: 503 });
    expect(await check('/no-head')).toMatchObject({ status: 'OK', httpStatus: 200 });
    expect(await check('/loop')).toMatchObject({ status: 'UNREACHABLE', httpStatus: null });
    const port = await closedPort();
    const refused = await checkLink(`http://127.0.0.1:${port}/`, { timeoutMs: 10_000, allowHosts: parseAllowHosts(`127.0.0.1:${port}`) });
    expect(refused).toMatchObject({ status: 'UNREACHABLE', httpStatus: null, error: 'ECONNREFUSED' });
  });

  it('gives up on a page that does not answer in time', async () => {
    // The page answers 200 after 60 s: only giving up in time makes it UNREACHABLE.
    const result = await checkLink(`${base}/slow`, { timeoutMs: 300 });
    expect(result).toMatchObject({ status: 'UNREACHABLE', httpStatus: null, error: 'TIMEOUT' });
  });
});

describe('outbound requests open only public hosts (SSRF)', () => {
  // Names a test resolves go through this stand-in resolver: nothing here asks a real DNS server.
  const names: Record<string, string[]> = {
    'internal-name.example': ['127.0.0.1'],
    'rebinding.example': ['127.0.0.2'],
    'mixed.example': ['93.184.216.34', '10.0.0.7'],
    'mapped.example': ['::ffff:169.254.169.254'],
    'public.example': ['93.184.216.34', '2606:2800:220:1:248:1893:25c8:1946'],
    'pinned.example': ['127.0.0.1'],
  };
  let lookups: string[] = [];
  const lookup = async (hostname: string) => {
    lookups.push(hostname);
    const addresses = names[hostname];
    if (!addresses) throw Object.assign(new Error(`no test name ${hostname}`), { code: 'ENOTFOUND' });
    return addresses.map((address) => ({ address, family: address.includes(':') ? 6 : 4 }));
  };

  it('refuses every loopback spelling before connecting: the trap server gets no request', async () => {
    trapHits.length = 0;
    const urls = [
      `http://127.0.0.1:${trapPort}/plain`,
      `http://0x7f000001:${trapPort}/hex`,
      `http://0x7f.0.0.1:${trapPort}/hex-octet`,
      `http://2130706433:${trapPort}/decimal`,
      `http://0177.0.0.1:${trapPort}/octal`,
      `http://127.1:${trapPort}/short`,
      `http://127.0.0.2:${trapPort}/other-loopback`,
      `http://localhost:${trapPort}/name`,
      `http://localhost.:${trapPort}/trailing-dot`,
      `http://LOCALHOST.:${trapPort}/upper`,
      `http://app.localhost:${trapPort}/subdomain`,
      `http://user:pass@127.0.0.1:${trapPort}/credentials`,
      `http://example.com@127.0.0.1:${trapPort}/at-sign`,
      `http://[::ffff:127.0.0.1]:${trapPort}/mapped`,
      `http://[::ffff:7f00:1]:${trapPort}/mapped-hex`,
      `http://0.0.0.0:${trapPort}/any`,
      `http://0:${trapPort}/zero`,
      `http://[::]:${trap6Port}/any6`,
      `http://[::1]:${trap6Port}/loopback6`,
      `http://[0:0:0:0:0:0:0:1]:${trap6Port}/loopback6-long`,
      `http://internal-name.example:${trapPort}/resolves-to-loopback`,
      `http://rebinding.example:${trapPort}/resolves-to-127.0.0.2`,
      `http://vm:${trapPort}/single-label`,
    ];
    for (const url of urls) {
      const result = await checkLink(url, { timeoutMs: 10_000, lookup });
      expect(result, url).toMatchObject({ status: 'UNREACHABLE', httpStatus: null, finalUrl: null });
      expect(result.error, url).toMatch(/^REFUSED_(URL|ADDRESS)$/);
    }
    // Credentials are refused even on an allowed host (they would be sent along).
    expect(await checkLink(`http://user:pass@${new URL(base).host}/ok`, { timeoutMs: 10_000 })).toMatchObject({ status: 'UNREACHABLE', error: 'REFUSED_URL' });
    for (const url of ['ftp://127.0.0.1/', 'file:///etc/passwd', 'gopher://127.0.0.1:70/', 'data:text/plain,x', 'javascript:alert(1)']) {
      expect(await checkLink(url, { timeoutMs: 10_000, lookup }), url).toMatchObject({ status: 'UNREACHABLE', httpStatus: null });
    }
    expect(trapHits).toEqual([]);
  });

  it('refuses a redirect from an allowed site to a non-public place at that hop, whatever the spelling', async () => {
    trapHits.length = 0;
    for (const path of ['/to-trap', '/to-trap-hex', '/to-trap-decimal', '/to-localhost', '/to-mapped', '/to-any', '/to-ipv6', '/to-credentials', '/to-file', '/to-name', '/hop1']) {
      const result = await checkLink(`${base}${path}`, { timeoutMs: 10_000, lookup });
      expect(result, path).toMatchObject({ status: 'UNREACHABLE', httpStatus: null, finalUrl: null });
      expect(result.error, path).toMatch(/^REFUSED_(URL|ADDRESS)$/);
    }
    expect(trapHits).toEqual([]);
    // Redirects within the allowed site are followed, at most 5 of them.
    expect(await checkLink(`${base}/hops/5`, { timeoutMs: 10_000 })).toMatchObject({ status: 'REDIRECTED', httpStatus: 200, finalUrl: `${base}/hops/0` });
    expect(await checkLink(`${base}/hops/6`, { timeoutMs: 10_000 })).toMatchObject({ status: 'UNREACHABLE', httpStatus: null, error: 'TOO_MANY_REDIRECTS' });
  });

  it('without an allow list nothing local is opened, the configured site included', async () => {
    hitsBefore = inFlightTotal;
    const result = await checkLink(`${base}/ok`, { timeoutMs: 10_000, allowHosts: [] });
    expect(result).toMatchObject({ status: 'UNREACHABLE', httpStatus: null, error: 'REFUSED_URL' });
    expect(inFlightTotal).toBe(hitsBefore);
    // A port of the allowed host that is not listed is not allowed either.
    expect(await checkLink(`http://127.0.0.1:${trapPort}/`, { timeoutMs: 10_000 })).toMatchObject({ error: 'REFUSED_URL' });
    expect(trapHits).toEqual([]);
  });

  it('refuses a name when any address it resolves to is not public, without connecting; a public one is pinned to the address checked', async () => {
    lookups = [];
    expect(await destination('http://mixed.example/page', { lookup })).toMatchObject({ ok: false, error: 'REFUSED_ADDRESS' });
    expect(await destination('http://mapped.example/page', { lookup })).toMatchObject({ ok: false, error: 'REFUSED_ADDRESS' });
    expect(await destination('http://nowhere.example/page', { lookup })).toMatchObject({ ok: false, error: 'ENOTFOUND' });
    // destination() only decides; it opens nothing. A public name is pinned to the address it was checked at.
    expect(await destination('https://public.example/page', { lookup })).toMatchObject({ ok: true, address: '93.184.216.34', family: 4 });
    expect(lookups).toEqual(['mixed.example', 'mapped.example', 'nowhere.example', 'public.example']);
    // Literal addresses in every non-public range, and a few public ones, judged without any lookup.
    for (const url of [
      'http://169.254.169.254/latest/meta-data/',
      'http://[::ffff:169.254.169.254]/',
      'http://10.0.0.1/',
      'http://172.16.0.1/',
      'http://172.31.255.254/',
      'http://192.168.1.1/',
      'http://100.64.0.1/',
      'http://100.127.255.254/',
      'http://224.0.0.1/',
      'http://239.255.255.250:1900/',
      'http://255.255.255.255/',
      'http://198.18.0.1/',
      'http://[fc00::1]/',
      'http://[fd12:3456::1]/',
      'http://[fe80::1]/',
      'http://[fec0::1]/',
      'http://[ff02::1]/',
      'http://[64:ff9b::a9fe:a9fe]/',
      'http://[2002:a9fe:a9fe::1]/',
      'http://[::127.0.0.1]/',
      'http://[2001:db8::1]/',
      'http://metadata/computeMetadata/v1/',
      'http://metadata.google.internal/',
      'http://printer.local/',
    ]) {
      expect(await destination(url, { lookup }), url).toMatchObject({ ok: false });
    }
    expect(lookups).toHaveLength(4);
    for (const address of ['8.8.8.8', '1.1.1.1', '172.32.0.1', '100.128.0.1', '2606:4700::1111', '::ffff:8.8.8.8', '2002:808:808::1']) {
      expect(nonPublicAddress(address), address).toBeNull();
    }
  });

  it('an allowed name is connected to at the address it was resolved to once (no second lookup to rebind)', async () => {
    const port = new URL(base).port;
    lookups = [];
    const result = await checkLink(`http://pinned.example:${port}/moved`, { timeoutMs: 10_000, lookup, allowHosts: parseAllowHosts(`pinned.example:${port}`) });
    // The system resolver does not know pinned.example: the answer proves the checked address was used.
    expect(result).toMatchObject({ status: 'REDIRECTED', httpStatus: 200, finalUrl: `http://pinned.example:${port}/ok` });
    // One lookup per hop, by the checker itself.
    expect(lookups).toEqual(['pinned.example', 'pinned.example']);
  });

  it('an allowed IPv6 loopback host is opened at its address (the trap records that hit, and only it)', async () => {
    trapHits.length = 0;
    const url = `http://[::1]:${trap6Port}/allowed6`;
    const result = await checkLink(url, { timeoutMs: 10_000, allowHosts: parseAllowHosts(`[::1]:${trap6Port}`) });
    if (trap6) {
      expect(result).toMatchObject({ status: 'OK', httpStatus: 200, finalUrl: url });
      expect(trapHits).toEqual([`HEAD [::1]:${trap6Port}/allowed6`]);
    } else {
      // No IPv6 loopback on this machine: the address was allowed, and the connection failed.
      expect(result).toMatchObject({ status: 'UNREACHABLE', httpStatus: null });
      expect(result.error).not.toMatch(/^REFUSED/);
    }
  });

  it('refuses to save a source (or any catalog link) whose host is a non-public address or local name', () => {
    for (const url of ['http://127.0.0.1/', 'http://0x7f000001/', 'http://localhost./', 'http://user:pass@example.com/', 'http://[::1]/', 'http://169.254.169.254/', 'http://[fe80::1]/', 'http://intranet/']) {
      expect(urlProblem(new URL(url), []), url).not.toBeNull();
    }
    expect(urlProblem(new URL('https://example.com/paper.pdf'), [])).toBeNull();
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
    // 5 s: room for the pages that answer on a busy machine; the slow one answers after 60 s.
    const summary = await checkSources(app.db, { timeoutMs: 5_000, concurrency: 2 });
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
    expect(Date.parse(gone.linkCheckedAt)).toBeGreaterThan(Date.now() - 600_000); // set during this test (with room for a busy machine)

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
  const trapUrl = () => `http://127.0.0.1:${trapPort}/cli`;
  /** Three sources; the page at /ok and the trap each cited by a verified score (the re-capture takes only cited ones). */
  async function citedSources(fixture: CatalogFixture) {
    await fixture.source(`${base}/gone`);
    const ok = await fixture.source(`${base}/ok`);
    const trap = await fixture.source(trapUrl());
    const model = await fixture.model('cli-model', await fixture.provider('cli-provider'));
    const benchmark = await fixture.benchmark('cli-bench');
    await fixture.score(model, benchmark, 81.4, ok);
    await fixture.score(model, benchmark, 77.7, trap, { setting: 'trap' });
  }

  it('checks the sources of the configured database and prints what is not OK, then a summary, then captures the cited pages again', async () => {
    // A database of its own for the command: PGlite allows one process at a time.
    const dir = mkdtempSync(join(tmpdir(), 'sourced-sources-check-'));
    // Only the site is allowed; the trap (another loopback port) is not.
    const env: NodeJS.ProcessEnv = { ...process.env, LOG_LEVEL: 'silent', SOURCE_FETCH_ALLOW_HOSTS: new URL(base).host };
    trapHits.length = 0;
    let dropDatabase = async () => {};
    if (process.env.DATABASE_URL) {
      const { freshDatabase } = await import('../helpers/database.ts');
      const db = await freshDatabase();
      await citedSources(new CatalogFixture(db));
      env.DATABASE_URL = db.url;
      dropDatabase = () => db.destroy();
    } else {
      const handle = await createDatabase({ dataDir: dir });
      await migrateDatabase(handle);
      await citedSources(new CatalogFixture(handle));
      await handle.close();
      env.DATA_DIR = dir;
    }
    try {
      const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/check-sources.ts', '--concurrency', '2', '--timeout', '10000'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
      let output = '';
      child.stdout.on('data', (chunk) => (output += chunk));
      child.stderr.on('data', (chunk) => (output += chunk));
      const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
      expect(code, output).toBe(0);
      expect(output).toMatch(new RegExp(`BROKEN\\s+404\\s+${base.replace(/[.]/g, '\\.')}/gone`));
      expect(output).not.toContain(`${base}/ok`);
      expect(output).toMatch(new RegExp(`UNREACHABLE\\s+REFUSED_URL\\s+${trapUrl().replace(/[.]/g, '\\.')}`));
      expect(output).toContain('checked 3 sources: 1 OK, 0 REDIRECTED, 1 BROKEN, 1 UNREACHABLE');
      // The two cited pages are captured: /ok says "page" (no 81.4 on it), the trap is refused before connecting.
      expect(output).toMatch(/captured 2 of 2 sources \(2 changed, 0 failed\); numbers citing them: (1 NOT_FOUND, 1 UNREACHABLE|1 UNREACHABLE, 1 NOT_FOUND)/);
      expect(trapHits).toEqual([]);
    } finally {
      await dropDatabase();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
