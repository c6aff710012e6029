import { readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { pipeline, Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../helpers/app.ts';
import { CatalogFixture } from '../helpers/fixtures.ts';
import { insertUser, login, type Session, smallCatalog } from '../helpers/editor.ts';

// Evidence over the real HTTP API against pages a vendor, a paper or a hostile site would serve: a
// local fixture site (allow-listed like SOURCE_FETCH_ALLOW_HOSTS) answers every cited URL, and two
// trap servers that are NOT allow-listed (127.0.0.1 on another port, and [::1]) count every request
// that should never have reached them. Each hostile page must end as a clear status and sentence
// on the citation's evidence, with the server still answering afterwards.

const fixture = (name: string) => readFileSync(new URL(`../fixtures/evidence/${name}`, import.meta.url));

const MB = 1_000_000;
const hugeSize = 50 * MB;

interface Hold {
  /** Resolves when the capture's request has reached the page. */
  arrived: Promise<void>;
  released: Promise<void>;
  markArrived: () => void;
  release: () => void;
}

/** A page that answers only once released: a capture in flight, held open while the test edits. */
const holds = new Map<string, Hold>();
function hold(path: string): Hold {
  let entry = holds.get(path);
  if (!entry) {
    let markArrived!: () => void;
    let release!: () => void;
    const arrived = new Promise<void>((resolve) => (markArrived = resolve));
    const released = new Promise<void>((resolve) => (release = resolve));
    entry = { arrived, released, markArrived, release };
    holds.set(path, entry);
  }
  return entry;
}

const counters = { hugeBytesSent: 0, hugeDeclaredBytesSent: 0, trickleBytesSent: 0, trickleClosedEarly: 0 };
const trapHits: string[] = [];

/** `size` bytes of filler, streamed 64 KiB at a time with backpressure (never held whole). */
function streamFiller(res: ServerResponse, size: number, count: (n: number) => void) {
  const chunk = Buffer.alloc(64 * 1024, '<p>filler 12.5</p>\n');
  const body = Readable.from(
    (function* () {
      for (let sent = 0; sent < size; sent += chunk.length) {
        count(chunk.length);
        yield chunk;
      }
    })(),
  );
  pipeline(body, res, () => undefined);
}

const vendorPage = (row: string) =>
  `<!doctype html><html><body><h1>Model card</h1><table><tr><th>Benchmark</th><th>Score</th></tr><tr><td>GPQA Diamond</td><td>${row}</td></tr></table></body></html>`;

// Thousands of nested elements, the number at the bottom: the extractor cuts deep nesting instead of recursing.
const deepPage = `<!doctype html><html><body>${'<div>'.repeat(20_000)}<p>GPQA Diamond 81.4%</p>${'</div>'.repeat(20_000)}</body></html>`;

type Route = (req: IncomingMessage, res: ServerResponse) => void | Promise<void>;
const file = (name: string, type: string): Route => (_req, res) => void res.writeHead(200, { 'content-type': type }).end(fixture(name));
const redirect = (to: () => string, status = 302): Route => (_req, res) => void res.writeHead(status, { location: to() }).end();

let sitePort = 0;
let trapPort = 0;
let trap6Port = 0;

const routes: Record<string, Route> = {
  '/paper.pdf': file('results-paper.pdf', 'application/pdf'),
  '/prices.json': file('price-list.json', 'application/json'),
  '/malformed.html': file('malformed.html', 'text/html; charset=utf-8'),
  '/broken.pdf': file('malformed.pdf', 'application/pdf'),
  '/cut.pdf': (_req, res) => void res.writeHead(200, { 'content-type': 'application/pdf' }).end(fixture('results-paper.pdf').subarray(0, 400)),
  '/chart.png': file('pixel.png', 'image/png'),
  '/deep.html': (_req, res) => void res.writeHead(200, { 'content-type': 'text/html' }).end(deepPage),
  '/missing': (_req, res) => void res.writeHead(404, { 'content-type': 'text/html' }).end('<p>Not found. GPQA Diamond 81.4%</p>'),
  '/moved-here.html': (_req, res) => void res.writeHead(200, { 'content-type': 'text/html' }).end(vendorPage('81.4%')),
  // 50 MB with no length announced: the reader has to count as it goes.
  '/huge': (_req, res) => {
    res.writeHead(200, { 'content-type': 'text/html' });
    streamFiller(res, hugeSize, (n) => (counters.hugeBytesSent += n));
  },
  // 50 MB announced up front.
  '/huge-declared': (_req, res) => {
    res.writeHead(200, { 'content-type': 'text/html', 'content-length': String(hugeSize) });
    streamFiller(res, hugeSize, (n) => (counters.hugeDeclaredBytesSent += n));
  },
  // One byte a second for 30 seconds.
  '/trickle': (_req, res) => {
    res.writeHead(200, { 'content-type': 'text/html' });
    let sent = 0;
    const timer = setInterval(() => {
      if (sent >= 30) {
        clearInterval(timer);
        res.end();
        return;
      }
      sent++;
      counters.trickleBytesSent++;
      res.write('x');
    }, 1_000);
    res.on('close', () => {
      if (sent < 30) counters.trickleClosedEarly++;
      clearInterval(timer);
    });
  },
  '/loop': redirect(() => '/loop'),
  '/ping': redirect(() => '/pong', 301),
  '/pong': redirect(() => '/ping', 308),
  '/to-metadata': redirect(() => 'http://169.254.169.254/latest/meta-data/iam/security-credentials/', 307),
  '/to-metadata-decimal': redirect(() => 'http://2852039166/latest/meta-data/'),
  '/to-metadata-mapped': redirect(() => 'http://[::ffff:169.254.169.254]/latest/meta-data/'),
  '/to-ipv6-loopback': redirect(() => `http://[::1]:${trap6Port}/secret`),
  '/to-other-port': redirect(() => `http://127.0.0.1:${trapPort}/secret`),
  '/to-localhost': redirect(() => `http://localhost:${sitePort}/moved-here.html`),
};

async function answer(req: IncomingMessage, res: ServerResponse) {
  const path = (req.url ?? '/').split('?')[0]!;
  if (path.startsWith('/hold/')) {
    const entry = hold(path);
    entry.markArrived();
    await entry.released;
    // The held page holds a different number than the page the source moves to.
    res.writeHead(200, { 'content-type': 'text/html' }).end(vendorPage('79.9%'));
    return;
  }
  const route = Object.hasOwn(routes, path) ? routes[path] : undefined;
  if (!route) return void res.writeHead(404).end();
  await route(req, res);
}

function listen(server: Server, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, host, () => resolve((server.address() as AddressInfo).port));
  });
}

const sockets = new Set<Socket>();
function track(server: Server): Server {
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  return server;
}

const sourceFields = 'id url version';
const createSourceMutation = `mutation ($input: CreateSourceInput!) {
  createSource(input: $input) {
    __typename
    ... on CreateSourceSuccess { source { ${sourceFields} } }
    ... on ValidationError { message fieldErrors { path message } }
    ... on Error { message }
  }
}`;
const updateSourceMutation = `mutation ($id: ID!, $expectedVersion: Int!, $patch: UpdateSourceInput!) {
  updateSource(id: $id, expectedVersion: $expectedVersion, patch: $patch) {
    __typename
    ... on UpdateSourceSuccess { source { ${sourceFields} } }
    ... on Error { message }
  }
}`;
const captureMutation = `mutation ($id: ID!) {
  captureSource(id: $id) {
    __typename
    ... on CaptureSourceSuccess { changed snapshot { sha256 url httpStatus contentType error errorReason } evidence { status count } }
    ... on ValidationError { message fieldErrors { path message } }
    ... on Error { message }
  }
}`;
const snapshotsQuery = `query ($id: ID!) {
  node(id: $id) { ... on Source { url snapshots(first: 20) { totalCount edges { node { sha256 url error errorReason } } } } }
}`;
const evidenceFields = 'locator quote lastConfirmedAt evidence { status excerpt explanation snapshot { sha256 url contentType } } source { id url }';
const createScoreMutation = `mutation ($input: CreateScoreInput!) {
  createScore(input: $input) {
    __typename
    ... on CreateScoreSuccess { score { id value citation { ${evidenceFields} } } }
    ... on ValidationError { message fieldErrors { path message } }
    ... on Error { message }
  }
}`;
const createPriceMutation = `mutation ($input: CreatePriceInput!) {
  createPrice(input: $input) {
    __typename
    ... on CreatePriceSuccess { price { id usdPerMillionTokens citation { ${evidenceFields} } } }
    ... on ValidationError { message fieldErrors { path message } }
    ... on Error { message }
  }
}`;
const citationQuery = `query ($id: ID!) {
  node(id: $id) {
    ... on Score { citation { ${evidenceFields} } }
    ... on Price { citation { ${evidenceFields} } }
  }
}`;

let settingCounter = 0;

/** An editor's session on one app, with the few writes and reads these tests repeat. */
function editorOn(app: TestApp, session: Session) {
  const gql = (query: string, variables?: Record<string, unknown>) => app.gql(query, variables, session.headers);
  return {
    async createSource(url: string) {
      const result = await gql(createSourceMutation, {
        input: { url, title: `Page ${url}`, publisher: 'Fixture site', kind: 'OTHER', retrievedAt: '2026-11-01' },
      });
      return result.data?.createSource;
    },
    async source(url: string): Promise<{ id: string; url: string; version: number }> {
      const created = await this.createSource(url);
      expect(created?.__typename, JSON.stringify(created)).toBe('CreateSourceSuccess');
      return created.source;
    },
    async capture(id: string) {
      const result = await gql(captureMutation, { id });
      expect(result.errors).toBeUndefined();
      return result.data?.captureSource;
    },
    async snapshots(id: string) {
      return (await gql(snapshotsQuery, { id })).data?.node;
    },
    async score(sourceId: string, value: number, benchmark: string, locator: string, quote?: string) {
      const result = await gql(createScoreMutation, {
        input: {
          model: 'o4-mini',
          benchmark,
          value,
          setting: `fixture ${++settingCounter}`,
          citation: { sourceId, locator, ...(quote ? { quote } : {}) },
          submitForReview: true,
        },
      });
      expect(result.data?.createScore.__typename, JSON.stringify(result)).toBe('CreateScoreSuccess');
      return result.data!.createScore.score;
    },
    async price(sourceId: string, kind: string, usd: number, locator: string) {
      const day = String(++settingCounter % 28 + 1).padStart(2, '0');
      const month = String(Math.floor(settingCounter / 28) % 12 + 1).padStart(2, '0');
      const result = await gql(createPriceMutation, {
        input: { model: 'o4-mini', kind, usdPerMillionTokens: usd, effectiveFrom: `2025-${month}-${day}`, citation: { sourceId, locator }, submitForReview: true },
      });
      expect(result.data?.createPrice.__typename, JSON.stringify(result)).toBe('CreatePriceSuccess');
      return result.data!.createPrice.price;
    },
    async citation(id: string) {
      const result = await gql(citationQuery, { id });
      expect(result.errors).toBeUndefined();
      return result.data?.node.citation;
    },
  };
}

/** The server still answers: its health check, and a public query. */
async function expectAlive(app: TestApp) {
  const health = await fetch(`${app.url}/health`);
  expect(health.status).toBe(200);
  expect(await health.json()).toEqual({ status: 'ok' });
  const model = await app.gql(`{ model(slug: "o4-mini") { slug } }`);
  expect(model.errors).toBeUndefined();
  expect(model.data?.model).toEqual({ slug: 'o4-mini' });
}

describe('evidence against fixture pages over the HTTP API', () => {
  let site: Server;
  let trap: Server;
  let trap6: Server;
  let base = '';
  let app: TestApp;
  let editor: ReturnType<typeof editorOn>;
  let creatingApp: TestApp;
  let creatingEditor: ReturnType<typeof editorOn>;

  beforeAll(async () => {
    site = track(createServer((req, res) => void answer(req, res)));
    trap = track(createServer((req, res) => void (trapHits.push(`127.0.0.1 ${req.url}`), res.writeHead(200, { 'content-type': 'text/plain' }).end('GPQA Diamond 81.4%'))));
    trap6 = track(createServer((req, res) => void (trapHits.push(`[::1] ${req.url}`), res.writeHead(200, { 'content-type': 'text/plain' }).end('GPQA Diamond 81.4%'))));
    sitePort = await listen(site, '127.0.0.1');
    trapPort = await listen(trap, '127.0.0.1');
    trap6Port = await listen(trap6, '::1');
    base = `http://127.0.0.1:${sitePort}`;
    // Only the fixture site, by host and port, as an intranet deployment would list its own hosts.
    process.env.SOURCE_FETCH_ALLOW_HOSTS = `127.0.0.1:${sitePort}`;
    const allowHosts = [{ host: '127.0.0.1', port: String(sitePort) }];
    const prepare = async (db: Parameters<NonNullable<Parameters<typeof startTestApp>[0]>>[0]) => {
      await smallCatalog(db);
      const catalog = new CatalogFixture(db);
      await catalog.benchmark('swe-bench-verified');
      await catalog.benchmark('aime-2025');
      await insertUser(db, 'editor@example.com', 'EDITOR');
    };
    // Captures only when asked (captureSource), so each case's snapshots are its own; and a second
    // server capturing every source when it is created, as production does.
    app = await startTestApp(prepare, { captureOnCreate: false, allowHosts });
    creatingApp = await startTestApp(prepare, { captureOnCreate: true, allowHosts });
    editor = editorOn(app, await login(app, 'editor@example.com'));
    creatingEditor = editorOn(creatingApp, await login(creatingApp, 'editor@example.com'));
  });

  afterAll(async () => {
    delete process.env.SOURCE_FETCH_ALLOW_HOSTS;
    for (const entry of holds.values()) entry.release();
    await app?.close();
    await creatingApp?.close();
    for (const socket of sockets) socket.destroy();
    await Promise.all([site, trap, trap6].map((server) => new Promise((resolve) => (server ? server.close(resolve) : resolve(null)))));
  });

  describe('pages that hold the numbers', () => {
    it('finds a score in a PDF paper’s results table, captured when the source is created, with the excerpt', async () => {
      const source = await creatingEditor.source(`${base}/paper.pdf`);
      await expect
        .poll(async () => (await creatingEditor.snapshots(source.id)).snapshots.totalCount, { timeout: 60_000 })
        .toBe(1);
      const [snapshot] = (await creatingEditor.snapshots(source.id)).snapshots.edges.map((edge: any) => edge.node);
      expect(snapshot).toMatchObject({ url: `${base}/paper.pdf`, error: null });
      expect(snapshot.sha256).toMatch(/^[0-9a-f]{64}$/);

      const quoted = await creatingEditor.score(source.id, 77.3, 'gpqa-diamond', 'Table 2', 'GPQA Diamond 77.3');
      expect(quoted.citation.evidence.status).toBe('FOUND');
      expect(quoted.citation.evidence.excerpt).toContain('GPQA Diamond 77.3');
      expect(quoted.citation.evidence.snapshot).toMatchObject({ sha256: snapshot.sha256, contentType: 'application/pdf' });
      expect(quoted.citation.lastConfirmedAt).not.toBeNull();

      const byRow = await creatingEditor.score(source.id, 62.7, 'swe-bench-verified', 'Table 2, SWE-bench Verified row');
      expect(byRow.citation.evidence.status).toBe('FOUND');
      expect(byRow.citation.evidence.excerpt).toContain('SWE-bench Verified 62.7');
      expect(byRow.citation.evidence.explanation).toMatch(/^found 62\.7 near "SWE-bench" and "Verified"/);

      // A baseline's number quoted as the model's is caught: the quote is not on the page.
      const wrong = await creatingEditor.score(source.id, 79.6, 'aime-2025', 'Table 2', 'AIME 2025 79.6');
      expect(wrong.citation.evidence.status).toBe('NOT_FOUND');
      expect(wrong.citation.evidence.excerpt).toBeNull();
      expect(wrong.citation.evidence.explanation).toContain('the quote "AIME 2025 79.6" is not on the page');
    });

    it('finds a price in a JSON price list by its key path', async () => {
      const source = await editor.source(`${base}/prices.json`);
      const input = await editor.price(source.id, 'INPUT', 1.1, 'models.o4-mini.input');
      const output = await editor.price(source.id, 'OUTPUT', 4.4, 'models.o4-mini.output');
      const absent = await editor.price(source.id, 'CACHE_WRITE', 1.375, 'models.o4-mini.cache_write');
      for (const price of [input, output, absent]) expect(price.citation.evidence.status).toBe('UNCHECKED');

      const capture = await editor.capture(source.id);
      expect(capture.__typename).toBe('CaptureSourceSuccess');
      expect(capture.snapshot).toMatchObject({ url: `${base}/prices.json`, httpStatus: 200, error: null, contentType: 'application/json' });
      expect(capture.evidence).toEqual(expect.arrayContaining([{ status: 'FOUND', count: 2 }, { status: 'NOT_FOUND', count: 1 }]));

      const inputEvidence = (await editor.citation(input.id)).evidence;
      expect(inputEvidence.status).toBe('FOUND');
      expect(inputEvidence.excerpt).toBe('models.o4-mini.input = 1.1');
      expect(inputEvidence.explanation).toBe('found $1.10 at models.o4-mini.input in: "models.o4-mini.input = 1.1"');
      const outputEvidence = (await editor.citation(output.id)).evidence;
      expect(outputEvidence.status).toBe('FOUND');
      expect(outputEvidence.excerpt).toBe('models.o4-mini.output = 4.4');
      const absentEvidence = (await editor.citation(absent.id)).evidence;
      expect(absentEvidence.status).toBe('NOT_FOUND');
      expect(absentEvidence.explanation).toBe('the key path models.o4-mini.cache_write is not in the JSON file');
    });
  });

  describe('hostile and broken pages end as a clear status, and the server keeps answering', () => {
    const unreachable: [string, string, RegExp, RegExp][] = [
      ['a 50 MB body sent without a length', '/huge', /^TOO_LARGE$/, /^The last capture failed: The body is larger than \d+ bytes\./],
      ['a 50 MB body announced up front', '/huge-declared', /^TOO_LARGE$/, /^The last capture failed: The body is larger than \d+ bytes\./],
      ['a redirect loop', '/loop', /^TOO_MANY_REDIRECTS$/, /^The last capture failed: More than 5 redirects\./],
      ['a two-page redirect cycle', '/ping', /^TOO_MANY_REDIRECTS$/, /^The last capture failed: More than 5 redirects\./],
      ['a redirect to the cloud metadata address', '/to-metadata', /^REFUSED_(URL|ADDRESS)$/, /not opened: a link-local \(cloud metadata\) address/],
      ['a redirect to the metadata address written as one number', '/to-metadata-decimal', /^REFUSED_(URL|ADDRESS)$/, /not opened: a link-local \(cloud metadata\) address/],
      ['a redirect to the metadata address as IPv4-mapped IPv6', '/to-metadata-mapped', /^REFUSED_(URL|ADDRESS)$/, /not opened: a IPv4-mapped link-local \(cloud metadata\) address/],
      ['a redirect to [::1]', '/to-ipv6-loopback', /^REFUSED_(URL|ADDRESS)$/, /not opened: a loopback address/],
      ['a redirect to 127.0.0.1 on a port not in the allow list', '/to-other-port', /^REFUSED_(URL|ADDRESS)$/, /not opened: a loopback address/],
      ['a redirect to localhost (the allowed port, another name)', '/to-localhost', /^REFUSED_(URL|ADDRESS)$/, /not opened: a local name/],
      ['a 404 page (whatever its body says)', '/missing', /^HTTP_ERROR$/, /^The last capture failed: the page answered HTTP 404\./],
    ];

    it.each(unreachable)('%s: UNREACHABLE with the reason', async (_name, path, error, explanation) => {
      const source = await editor.source(`${base}${path}`);
      const score = await editor.score(source.id, 81.4, 'gpqa-diamond', 'GPQA Diamond');
      const capture = await editor.capture(source.id);
      expect(capture.__typename).toBe('CaptureSourceSuccess');
      expect(capture.snapshot.sha256).toBeNull();
      expect(capture.snapshot.error).toMatch(error);
      expect(capture.snapshot.errorReason).toBeTruthy();
      expect(capture.evidence).toEqual([{ status: 'UNREACHABLE', count: 1 }]);

      const citation = await editor.citation(score.id);
      expect(citation.evidence.status).toBe('UNREACHABLE');
      expect(citation.evidence.excerpt).toBeNull();
      expect(citation.evidence.explanation).toMatch(explanation);
      expect(citation.lastConfirmedAt).toBeNull();
      await expectAlive(app);
    });

    it('reads no more of a 50 MB body than the cap allows', () => {
      // Both huge pages were captured above; whatever sat in socket buffers, the sender was stopped well short of 50 MB.
      expect(counters.hugeBytesSent).toBeGreaterThan(0);
      expect(counters.hugeBytesSent).toBeLessThan(hugeSize);
      expect(counters.hugeDeclaredBytesSent).toBeLessThan(hugeSize);
    });

    it(
      'a page trickling one byte a second for 30 s: UNREACHABLE at the fetch deadline, the connection closed',
      async () => {
        // startTestApp's captures use a 5 s fetch deadline (production: 20 s), within its 9.5 s capture wait.
        const source = await editor.source(`${base}/trickle`);
        const score = await editor.score(source.id, 81.4, 'gpqa-diamond', 'GPQA Diamond');
        const capture = await editor.capture(source.id);
        expect(capture.__typename).toBe('CaptureSourceSuccess');
        expect(capture.snapshot).toMatchObject({ sha256: null, error: 'TIMEOUT' });
        const citation = await editor.citation(score.id);
        expect(citation.evidence.status).toBe('UNREACHABLE');
        expect(citation.evidence.explanation).toMatch(/^The last capture failed: No complete answer within \d+ ms\./);
        await expectAlive(app);
        // The server hung up on the trickle rather than waiting out its 30 bytes.
        await expect.poll(() => counters.trickleClosedEarly, { timeout: 30_000 }).toBe(1);
        expect(counters.trickleBytesSent).toBeLessThan(30);
      },
      120_000,
    );

    it('a source whose own address is loopback ([::1], or 127.0.0.1 on a port not allowed) cannot be created, and an existing one is never opened', async () => {
      for (const url of [`http://[::1]:${trap6Port}/`, `http://127.0.0.1:${trapPort}/`]) {
        const refused = await editor.createSource(url);
        expect(refused.__typename).toBe('ValidationError');
        expect(refused.fieldErrors).toEqual([{ path: 'url', message: 'Use a public web address: this one has a loopback address.' }]);
      }
      // Rows that predate the rule (an old import) or were written by hand are still refused when captured.
      for (const url of [`http://[::1]:${trap6Port}/old`, `http://127.0.0.1:${trapPort}/old`]) {
        const [row] = await app.db.raw.query<{ id: number }>(
          `insert into sources (url, title, publisher, kind, retrieved_at) values ($1, 'Old import', 'Example', 'OTHER', '2026-11-01') returning id`,
          [url],
        );
        const id = Buffer.from(`Source:${row!.id}`).toString('base64');
        const score = await editor.score(id, 81.4, 'gpqa-diamond', 'GPQA Diamond');
        const capture = await editor.capture(id);
        expect(capture.__typename).toBe('CaptureSourceSuccess');
        expect(capture.snapshot.error).toMatch(/^REFUSED_(URL|ADDRESS)$/);
        const citation = await editor.citation(score.id);
        expect(citation.evidence.status).toBe('UNREACHABLE');
        expect(citation.evidence.explanation).toMatch(/^The last capture failed: The address is not opened: a loopback address\./);
      }
      await expectAlive(app);
    });

    it('no refused address was ever opened', () => {
      expect(trapHits).toEqual([]);
    });

    const uncheckable: [string, string, string][] = [
      ['an image (image/png)', '/chart.png', 'image/png'],
      ['a corrupt PDF', '/broken.pdf', 'application/pdf'],
      ['a truncated PDF', '/cut.pdf', 'application/pdf'],
    ];

    it.each(uncheckable)('%s: UNCHECKABLE, the capture kept', async (_name, path, contentType) => {
      const source = await editor.source(`${base}${path}`);
      const score = await editor.score(source.id, 81.4, 'gpqa-diamond', 'GPQA Diamond');
      const capture = await editor.capture(source.id);
      expect(capture.__typename).toBe('CaptureSourceSuccess');
      expect(capture.snapshot).toMatchObject({ httpStatus: 200, error: null, contentType });
      expect(capture.snapshot.sha256).toMatch(/^[0-9a-f]{64}$/);
      const citation = await editor.citation(score.id);
      expect(citation.evidence.status).toBe('UNCHECKABLE');
      expect(citation.evidence.explanation).toMatch(/no text to search/);
      expect(citation.evidence.snapshot.sha256).toBe(capture.snapshot.sha256);
      await expectAlive(app);
    });

    it('malformed HTML is read as a browser would show its table', async () => {
      const source = await editor.source(`${base}/malformed.html`);
      const capture = await editor.capture(source.id);
      expect(capture.snapshot).toMatchObject({ error: null, httpStatus: 200 });
      const found = await editor.score(source.id, 81.4, 'gpqa-diamond', 'GPQA Diamond row');
      expect(found.citation.evidence.status).toBe('FOUND');
      expect(found.citation.evidence.excerpt).toContain('GPQA Diamond | 81.4%');
      // What a script would have written is not the page's text.
      const scripted = await editor.score(source.id, 99.9, 'gpqa-diamond', 'GPQA Diamond row');
      expect(scripted.citation.evidence.status).toBe('NOT_FOUND');
      await expectAlive(app);
    });

    it('a page nested 20,000 elements deep is cut, not recursed into: a status, not a crash', async () => {
      const source = await editor.source(`${base}/deep.html`);
      const score = await editor.score(source.id, 81.4, 'gpqa-diamond', 'GPQA Diamond');
      const capture = await editor.capture(source.id);
      expect(capture.__typename).toBe('CaptureSourceSuccess');
      expect(capture.snapshot).toMatchObject({ error: null, httpStatus: 200 });
      expect(capture.snapshot.sha256).toMatch(/^[0-9a-f]{64}$/);
      // The number sits below the depth the extractor reads: neither found nor said to be missing.
      const citation = await editor.citation(score.id);
      expect(citation.evidence.status).toBe('UNCHECKABLE');
      expect(citation.evidence.excerpt).toBeNull();
      expect(citation.evidence.explanation).toContain('could not be searched');
      await expectAlive(app);
    });
  });

  describe('a capture racing an edit of the source’s address', () => {
    const awaitHold = async (path: string) => {
      await hold(path).arrived;
    };

    it('captureSource: the edit wins, the capture of the old address is dropped with a clear answer', async () => {
      const source = await editor.source(`${base}/hold/a.html`);
      const score = await editor.score(source.id, 81.4, 'gpqa-diamond', 'GPQA Diamond');
      const capturing = editor.capture(source.id);
      await awaitHold('/hold/a.html');

      const moved = await app.gql(
        updateSourceMutation,
        { id: source.id, expectedVersion: source.version, patch: { url: `${base}/moved-here.html` } },
        (await login(app, 'editor@example.com')).headers,
      );
      expect(moved.data?.updateSource.__typename, JSON.stringify(moved)).toBe('UpdateSourceSuccess');
      hold('/hold/a.html').release();

      const dropped = await capturing;
      expect(dropped.__typename).toBe('ValidationError');
      expect(dropped.message).toContain("The source's address changed while it was being captured; capture it again.");
      expect(dropped.fieldErrors).toEqual([{ path: 'id', message: "The source's address changed while it was being captured; capture it again." }]);

      // Nothing of the old page was filed under the source, nor judged against: the number was never checked.
      const after = await editor.snapshots(source.id);
      expect(after.url).toBe(`${base}/moved-here.html`);
      expect(after.snapshots.totalCount).toBe(0);
      expect((await editor.citation(score.id)).evidence.status).toBe('UNCHECKED');

      const again = await editor.capture(source.id);
      expect(again.__typename).toBe('CaptureSourceSuccess');
      expect(again.snapshot.url).toBe(`${base}/moved-here.html`);
      const citation = await editor.citation(score.id);
      expect(citation.source.url).toBe(`${base}/moved-here.html`);
      expect(citation.evidence.status).toBe('FOUND');
      expect(citation.evidence.snapshot.url).toBe(`${base}/moved-here.html`);
      await expectAlive(app);
    });

    it('capture on creation: an address changed while the first capture is in flight is never filed under the old one', async () => {
      const source = await creatingEditor.source(`${base}/hold/b.html`);
      await awaitHold('/hold/b.html');
      const session = await login(creatingApp, 'editor@example.com');
      const moved = await creatingApp.gql(
        updateSourceMutation,
        { id: source.id, expectedVersion: source.version, patch: { url: `${base}/moved-here.html` } },
        session.headers,
      );
      expect(moved.data?.updateSource.__typename, JSON.stringify(moved)).toBe('UpdateSourceSuccess');
      hold('/hold/b.html').release();

      // captureSource joins the creation's capture while it runs (and is told the address moved), then captures anew.
      let outcome: any;
      for (let attempt = 0; attempt < 20; attempt++) {
        outcome = await creatingEditor.capture(source.id);
        if (outcome.__typename === 'CaptureSourceSuccess') break;
        expect(outcome.message).toContain("The source's address changed while it was being captured; capture it again.");
      }
      expect(outcome.__typename).toBe('CaptureSourceSuccess');
      expect(outcome.snapshot.url).toBe(`${base}/moved-here.html`);

      const after = await creatingEditor.snapshots(source.id);
      expect(after.url).toBe(`${base}/moved-here.html`);
      expect(after.snapshots.edges.map((edge: any) => edge.node.url)).toEqual(Array(after.snapshots.totalCount).fill(`${base}/moved-here.html`));
      const score = await creatingEditor.score(source.id, 81.4, 'gpqa-diamond', 'GPQA Diamond');
      expect(score.citation.evidence.status).toBe('FOUND');
      await expectAlive(creatingApp);
    });
  });

  describe('found by the first attack on these pages', () => {
    it('explains a failed capture in one sentence ending in one full stop', async () => {
      const source = await editor.source(`${base}/loop?again`);
      const score = await editor.score(source.id, 81.4, 'gpqa-diamond', 'GPQA Diamond');
      await editor.capture(source.id);
      const citation = await editor.citation(score.id);
      expect(citation.evidence.status).toBe('UNREACHABLE');
      expect(citation.evidence.explanation).toMatch(/^The last capture failed: [\s\S]*[^.]\.$/);
    });

    it("reads a JSON key path as the document's own: another model's value of the same key is not this one's", async () => {
      const source = await editor.source(`${base}/prices.json?second`);
      await editor.capture(source.id);
      // 2.0 is o3's input price and 0.4 gpt-4.1-nano's output price; o4-mini's are 1.1 and 4.4.
      const o3Input = await editor.price(source.id, 'INPUT', 2.0, 'models.o4-mini.input');
      expect(o3Input.citation.evidence).toMatchObject({ status: 'NOT_FOUND', explanation: 'models.o4-mini.input is 1.1 in the JSON file, not $2.00' });
      const nanoOutput = await editor.price(source.id, 'OUTPUT', 0.4, 'models.o4-mini.output');
      expect(nanoOutput.citation.evidence.status).toBe('NOT_FOUND');
    });

    it('captures a new address once the change commits, even while a capture of the old one is in flight', async () => {
      const source = await creatingEditor.source(`${base}/hold/moving.html`);
      await hold('/hold/moving.html').arrived;
      const session = await login(creatingApp, 'editor@example.com');
      const moved = await creatingApp.gql(
        updateSourceMutation,
        { id: source.id, expectedVersion: source.version, patch: { url: `${base}/moved-again.html` } },
        session.headers,
      );
      expect(moved.data?.updateSource.__typename, JSON.stringify(moved)).toBe('UpdateSourceSuccess');
      hold('/hold/moving.html').release();
      // Nobody asks for a capture: the server promised one of the new address once the change committed.
      await expect
        .poll(async () => (await creatingEditor.snapshots(source.id)).snapshots.edges.map((edge: any) => edge.node.url), { timeout: 60_000 })
        .toContain(`${base}/moved-again.html`);
    });
  });
});
