import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { Readable, pipeline, type Transform } from 'node:stream';
import { brotliCompressSync, constants, createBrotliCompress, createGzip, deflateSync, gzipSync } from 'node:zlib';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import type { AllowedHost } from '../../server/sources/addresses.ts';
import { fetchPage } from '../../server/sources/fetchPage.ts';

// fetchPage against a loopback site (never the internet): the fixtures served as a vendor would,
// and every way a cited page can try to make the server fetch something else, hold it, or fill it.
// The site is opened because it is allow-listed by host:port; a second loopback server (the trap,
// not listed) records every hit: refused URLs must never reach it.

const MiB = 1024 * 1024;
const fixture = (name: string) => readFileSync(new URL(`../fixtures/evidence/${name}`, import.meta.url));

let site: Server;
let trap: Server;
let port = 0;
let trapPort = 0;
let base = '';
let allowHosts: AllowedHost[] = [];
const trapHits: string[] = [];
const openSockets = new Set<Socket>();
let hugeBytesSent = 0;
let gzipBomb: Buffer;
let brotliBomb: Buffer;

/** Compresses `size` bytes of zeros through `compressor`, a megabyte at a time (never 64 MiB at once). */
async function zeros(compressor: Transform, size: number): Promise<Buffer> {
  const parts: Buffer[] = [];
  compressor.on('data', (part: Buffer) => parts.push(part));
  const megabyte = Buffer.alloc(MiB);
  for (let written = 0; written < size; written += MiB) if (!compressor.write(megabyte)) await once(compressor, 'drain');
  compressor.end();
  await once(compressor, 'end');
  return Buffer.concat(parts);
}

type Route = (req: IncomingMessage, res: ServerResponse) => void;
const file = (name: string, type: string): Route => (_req, res) => void res.writeHead(200, { 'content-type': type }).end(fixture(name));
const redirect = (to: () => string, status = 302): Route => (_req, res) => void res.writeHead(status, { location: to() }).end();

const routes: Record<string, Route> = {
  '/vendor.html': file('vendor.html', 'text/html; charset=utf-8'),
  '/paper.pdf': file('paper.pdf', 'application/pdf'),
  '/prices.json': file('prices.json', 'application/json'),
  '/notes.txt': file('notes.txt', 'text/plain; charset=utf-8'),
  '/gzip': (_req, res) => void res.writeHead(200, { 'content-type': 'text/html', 'content-encoding': 'gzip' }).end(gzipSync(fixture('vendor.html'))),
  '/br': (_req, res) => void res.writeHead(200, { 'content-type': 'text/html', 'content-encoding': 'br' }).end(brotliCompressSync(fixture('vendor.html'))),
  '/deflate': (_req, res) => void res.writeHead(200, { 'content-type': 'text/html', 'content-encoding': 'deflate' }).end(deflateSync(fixture('vendor.html'))),
  '/bad-gzip': (_req, res) => void res.writeHead(200, { 'content-type': 'text/html', 'content-encoding': 'gzip' }).end('this is not gzip at all'),
  '/missing': (_req, res) => void res.writeHead(404, { 'content-type': 'text/plain' }).end('no such page'),
  // Sets a cookie on the way: the next hop must not send it back.
  '/moved': (_req, res) => void res.writeHead(302, { location: '/headers', 'set-cookie': 'session=secret; Path=/' }).end(),
  '/headers': (req, res) => void res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(req.headers)),
  '/loop': redirect(() => '/loop'),
  '/to-other-loopback': redirect(() => `http://127.0.0.2:${port}/vendor.html`),
  '/to-metadata': redirect(() => 'http://169.254.169.254/latest/meta-data/', 301),
  '/to-trap': redirect(() => `http://127.0.0.1:${trapPort}/via-redirect`, 307),
  '/to-ipv6': redirect(() => `http://[::1]:${port}/vendor.html`, 308),
  '/to-file': redirect(() => 'file:///etc/passwd'),
  '/to-name': redirect(() => `http://rebind.example:${port}/vendor.html`),
  '/to-nowhere': redirect(() => 'http://[not-an-address/'),
  // 50 MB, streamed a 64 KiB chunk at a time with backpressure, no length announced.
  '/huge': (_req, res) => {
    res.writeHead(200, { 'content-type': 'text/plain' });
    const chunk = Buffer.alloc(64 * 1024, 'a');
    const body = Readable.from(
      (function* () {
        for (let sent = 0; sent < 50_000_000; sent += chunk.length) {
          hugeBytesSent += chunk.length;
          yield chunk;
        }
      })(),
    );
    pipeline(body, res, () => undefined);
  },
  // Announces 50 MB, sends a little, then waits: refused from the header alone.
  '/huge-declared': (_req, res) => {
    res.writeHead(200, { 'content-type': 'text/plain', 'content-length': String(50_000_000) });
    res.write('a'.repeat(1024));
  },
  '/gzip-bomb': (_req, res) => void res.writeHead(200, { 'content-type': 'text/plain', 'content-encoding': 'gzip' }).end(gzipBomb),
  '/br-bomb': (_req, res) => void res.writeHead(200, { 'content-type': 'text/plain', 'content-encoding': 'br' }).end(brotliBomb),
  // One byte a second for 30 s: each byte is progress, only the overall deadline ends it.
  '/trickle': (_req, res) => {
    res.writeHead(200, { 'content-type': 'text/plain' }).write('x');
    let left = 30;
    const timer = setInterval(() => (--left > 0 ? res.write('x') : res.end('x')), 1000);
    res.on('close', () => clearInterval(timer));
  },
  // Never answers at all.
  '/silent': () => undefined,
};

beforeAll(async () => {
  [gzipBomb, brotliBomb] = await Promise.all([
    zeros(createGzip({ level: 9 }), 64 * MiB),
    zeros(createBrotliCompress({ params: { [constants.BROTLI_PARAM_QUALITY]: 1 } }), 64 * MiB),
  ]);
  site = createServer((req, res) => {
    const path = (req.url ?? '').split('?')[0]!;
    const route = Object.hasOwn(routes, path) ? routes[path]! : (_req: IncomingMessage, reply: ServerResponse) => void reply.writeHead(404).end();
    route(req, res);
  });
  site.on('connection', (socket: Socket) => {
    openSockets.add(socket);
    socket.on('close', () => openSockets.delete(socket));
  });
  await new Promise<void>((resolve) => site.listen(0, '127.0.0.1', resolve));
  port = (site.address() as AddressInfo).port;
  base = `http://127.0.0.1:${port}`;
  allowHosts = [{ host: '127.0.0.1', port: String(port) }];

  trap = createServer((req, res) => {
    trapHits.push(`${req.method} ${req.headers.host}${req.url}`);
    res.writeHead(200).end('internal');
  });
  await new Promise<void>((resolve) => trap.listen(0, '127.0.0.1', resolve));
  trapPort = (trap.address() as AddressInfo).port;
});

afterAll(async () => {
  for (const server of [site, trap]) {
    server?.closeAllConnections();
    await new Promise((resolve) => (server ? server.close(resolve) : resolve(null)));
  }
});

// Nothing stays open once fetchPage has returned: the site sees every connection closed.
afterEach(async () => {
  await vi.waitFor(() => expect(openSockets.size).toBe(0), { timeout: 30_000, interval: 50 });
  expect(trapHits).toEqual([]);
});

const fetchSite = (path: string, options: Parameters<typeof fetchPage>[1] = {}) => fetchPage(`${base}${path}`, { allowHosts, timeoutMs: 20_000, ...options });

describe('fetchPage on an allowed site', () => {
  it('returns each fixture with its content type and exact bytes', async () => {
    for (const [path, name, type] of [
      ['/vendor.html', 'vendor.html', 'text/html; charset=utf-8'],
      ['/paper.pdf', 'paper.pdf', 'application/pdf'],
      ['/prices.json', 'prices.json', 'application/json'],
      ['/notes.txt', 'notes.txt', 'text/plain; charset=utf-8'],
    ] as const) {
      const page = await fetchSite(path);
      expect(page, path).toMatchObject({ ok: true, url: `${base}${path}`, httpStatus: 200, contentType: type, redirects: 0 });
      expect(page.ok && page.body.equals(fixture(name)), path).toBe(true);
    }
  });

  it('decodes gzip, deflate and brotli bodies', async () => {
    for (const path of ['/gzip', '/deflate', '/br']) {
      const page = await fetchSite(path);
      expect(page.ok && page.body.equals(fixture('vendor.html')), path).toBe(true);
    }
  });

  it('returns a 404 as an answer, with its body: the caller decides what it proves', async () => {
    const page = await fetchSite('/missing');
    expect(page).toMatchObject({ ok: true, httpStatus: 404, contentType: 'text/plain' });
    expect(page.ok && page.body.toString()).toBe('no such page');
  });

  it('follows a redirect and sends no cookie, credentials or Referer, only its own headers', async () => {
    const page = await fetchSite('/moved');
    expect(page).toMatchObject({ ok: true, url: `${base}/headers`, httpStatus: 200, redirects: 1 });
    const sent = JSON.parse(page.ok ? page.body.toString() : '{}') as Record<string, string>;
    expect(sent).not.toHaveProperty('cookie');
    expect(sent).not.toHaveProperty('referer');
    expect(sent).not.toHaveProperty('authorization');
    expect(sent).toMatchObject({
      host: `127.0.0.1:${port}`,
      accept: 'text/html,application/xhtml+xml,application/pdf,application/json,text/plain;q=0.9,*/*;q=0.5',
      'accept-encoding': 'gzip, deflate, br',
    });
    expect(sent['user-agent']).toMatch(/^Sourced evidence capture/);
  });

  it('reports a body that does not decode as a connection failure', async () => {
    expect(await fetchSite('/bad-gzip')).toMatchObject({ ok: false, error: 'CONNECTION', httpStatus: 200 });
  });
});

describe('fetchPage refuses what it may not open, before connecting', () => {
  it('refuses loopback without the allow-list, and never reaches it', async () => {
    expect(await fetchPage(`http://127.0.0.1:${trapPort}/`, { allowHosts: [] })).toMatchObject({ ok: false, error: 'REFUSED_URL', httpStatus: null });
    // Listed with another port is not listed.
    expect(await fetchPage(`http://127.0.0.1:${trapPort}/`, { allowHosts })).toMatchObject({ ok: false, error: 'REFUSED_URL' });
  });

  it('refuses cloud metadata, IPv6 loopback and other loopback addresses', async () => {
    const connect = vi.fn(async () => [{ address: '127.0.0.1', family: 4 }]);
    for (const url of ['http://169.254.169.254/latest/meta-data/', `http://[::1]:${port}/`, `http://127.0.0.2:${port}/`, `http://[::ffff:127.0.0.1]:${port}/`]) {
      expect(await fetchPage(url, { allowHosts, lookup: connect }), url).toMatchObject({ ok: false, error: 'REFUSED_URL', url: new URL(url).href, httpStatus: null });
    }
    // Addresses are judged as written: no name lookup happened either.
    expect(connect).not.toHaveBeenCalled();
  });

  it('refuses a name that resolves to a private address (one among public ones is enough)', async () => {
    const lookup = async (name: string) =>
      name === 'mixed.example' ? [{ address: '93.184.216.34', family: 4 }, { address: '10.0.0.5', family: 4 }] : [{ address: '127.0.0.1', family: 4 }];
    expect(await fetchPage(`http://rebind.example:${trapPort}/`, { allowHosts, lookup })).toMatchObject({ ok: false, error: 'REFUSED_ADDRESS' });
    expect(await fetchPage('http://mixed.example/', { allowHosts, lookup })).toMatchObject({ ok: false, error: 'REFUSED_ADDRESS' });
  });

  it('refuses other schemes, credentials and non-URLs', async () => {
    for (const url of ['file:///etc/passwd', 'ftp://ftp.example.com/pub/paper.pdf', `http://user:pass@127.0.0.1:${port}/vendor.html`, `http://token@127.0.0.1:${port}/`]) {
      expect(await fetchPage(url, { allowHosts }), url).toMatchObject({ ok: false, error: 'REFUSED_URL' });
    }
    // The refused URL is reported without its credentials.
    expect(await fetchPage(`http://user:pass@127.0.0.1:${port}/x`, { allowHosts })).toMatchObject({ url: `${base}/x` });
    expect(await fetchPage('not a url', { allowHosts })).toMatchObject({ ok: false, error: 'INVALID_URL', url: null });
  });

  it('reports a name that does not resolve, and a port nothing listens on', async () => {
    const lookup = async () => {
      throw Object.assign(new Error('getaddrinfo ENOTFOUND'), { code: 'ENOTFOUND' });
    };
    expect(await fetchPage('https://no-such-host.example/', { allowHosts, lookup })).toMatchObject({ ok: false, error: 'DNS' });
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const closedPort = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    const page = await fetchPage(`http://127.0.0.1:${closedPort}/`, { allowHosts: [{ host: '127.0.0.1', port: String(closedPort) }] });
    expect(page).toMatchObject({ ok: false, error: 'CONNECTION' });
  });
});

describe('fetchPage checks every redirect hop again', () => {
  it('refuses a redirect from the allowed site to a private address', async () => {
    for (const path of ['/to-other-loopback', '/to-metadata', '/to-trap', '/to-ipv6', '/to-file']) {
      expect(await fetchSite(path), path).toMatchObject({ ok: false, error: 'REFUSED_URL', httpStatus: null });
    }
    const lookup = async () => [{ address: '127.0.0.1', family: 4 }];
    expect(await fetchSite('/to-name', { lookup })).toMatchObject({ ok: false, error: 'REFUSED_ADDRESS', url: `http://rebind.example:${port}/vendor.html` });
  });

  it('stops a redirect loop, and a redirect to no URL', async () => {
    expect(await fetchSite('/loop')).toMatchObject({ ok: false, error: 'TOO_MANY_REDIRECTS', url: `${base}/loop`, httpStatus: 302 });
    expect(await fetchSite('/loop', { maxRedirects: 0 })).toMatchObject({ ok: false, error: 'TOO_MANY_REDIRECTS' });
    expect(await fetchSite('/to-nowhere')).toMatchObject({ ok: false, error: 'BAD_REDIRECT', httpStatus: 302 });
  });
});

describe('fetchPage is bounded in bytes and time', () => {
  it('stops a 50 MB body past the cap and closes the connection', async () => {
    hugeBytesSent = 0;
    expect(await fetchSite('/huge')).toMatchObject({ ok: false, error: 'TOO_LARGE', httpStatus: 200 });
    await vi.waitFor(() => expect(openSockets.size).toBe(0), { timeout: 30_000, interval: 50 });
    expect(hugeBytesSent).toBeLessThan(50_000_000);
    expect(await fetchSite('/huge', { maxBytes: 100_000 })).toMatchObject({ ok: false, error: 'TOO_LARGE' });
  });

  it('refuses a body announced larger than the cap before reading it', async () => {
    expect(await fetchSite('/huge-declared')).toMatchObject({ ok: false, error: 'TOO_LARGE', httpStatus: 200 });
  });

  it('counts decoded bytes: gzip and brotli bombs end as TOO_LARGE', async () => {
    expect(gzipBomb.length).toBeLessThan(MiB);
    expect(await fetchSite('/gzip-bomb')).toMatchObject({ ok: false, error: 'TOO_LARGE' });
    expect(await fetchSite('/br-bomb')).toMatchObject({ ok: false, error: 'TOO_LARGE' });
  });

  it('ends a trickling body and a silent server at the one deadline', async () => {
    // The status only: how long it took is the machine's business.
    expect(await fetchSite('/trickle', { timeoutMs: 1000 })).toMatchObject({ ok: false, error: 'TIMEOUT' });
    expect(await fetchSite('/silent', { timeoutMs: 1000 })).toMatchObject({ ok: false, error: 'TIMEOUT', httpStatus: null });
  });
});
