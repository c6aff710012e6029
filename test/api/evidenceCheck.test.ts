import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../helpers/app.ts';
import { CatalogFixture } from '../helpers/fixtures.ts';
import { globalId, insertUser, login, type Session, smallCatalog } from '../helpers/editor.ts';

// Checking a number against its source's latest capture before it is saved (checkEvidence), over
// HTTP; the cited page is served by a local server the captures may open (allow-listed), never the internet.

const vendorPage = readFileSync(new URL('../fixtures/evidence/vendor.html', import.meta.url), 'utf8');

function startPages(): Promise<Server> {
  const server = createServer((request, response) => {
    if (request.url === '/vendor.html') {
      response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      response.end(vendorPage);
    } else if (request.url === '/gone') {
      response.writeHead(404, { 'content-type': 'text/html' });
      response.end('<p>Not found</p>');
    } else {
      response.writeHead(404);
      response.end();
    }
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

const checkEvidence = `query ($source: ID!, $value: ValueToCheck!, $quote: String, $locator: String) {
  checkEvidence(source: $source, value: $value, quote: $quote, locator: $locator) {
    status excerpt highlight { start end } explanation renderings quoteUrl
    snapshot { sha256 fetchedAt httpStatus contentType }
  }
}`;
const captureSource = `mutation ($id: ID!) { captureSource(id: $id) { __typename ... on Error { message } } }`;
const createSource = `mutation ($input: CreateSourceInput!) {
  createSource(input: $input) { __typename ... on CreateSourceSuccess { source { id } } ... on Error { message } }
}`;

describe('checkEvidence: a number checked against the cited page before it is saved', () => {
  let pages: Server;
  let pagesUrl: string;
  let app: TestApp;
  let editor: Session;
  let benchmark: string;
  let percentBenchmark: string;
  let neverCaptured: string;
  let vendor: string;
  let gone: string;

  beforeAll(async () => {
    pages = await startPages();
    const port = (pages.address() as AddressInfo).port;
    pagesUrl = `http://127.0.0.1:${port}`;
    process.env.SOURCE_FETCH_ALLOW_HOSTS = `127.0.0.1:${port}`;
    app = await startTestApp(
      async (db) => {
        const { benchmarkId, sourceId } = await smallCatalog(db);
        benchmark = globalId('Benchmark', benchmarkId);
        percentBenchmark = globalId('Benchmark', await new CatalogFixture(db).benchmark('fraction-bench', { min: 0, max: 1 }));
        neverCaptured = globalId('Source', sourceId);
        await insertUser(db, 'editor@example.com', 'EDITOR');
      },
      { allowHosts: [{ host: '127.0.0.1', port: String(port) }] },
    );
    editor = await login(app, 'editor@example.com');
    const source = async (path: string) => {
      const created = await app.gql(
        createSource,
        { input: { url: `${pagesUrl}${path}`, title: `Page ${path}`, publisher: 'OpenAI', kind: 'VENDOR_MODEL_CARD', retrievedAt: '2026-11-01' } },
        editor.headers,
      );
      const id = created.data?.createSource.source.id as string;
      expect((await app.gql(captureSource, { id }, editor.headers)).data?.captureSource.__typename).toBe('CaptureSourceSuccess');
      return id;
    };
    vendor = await source('/vendor.html');
    gone = await source('/gone');
  });

  afterAll(async () => {
    delete process.env.SOURCE_FETCH_ALLOW_HOSTS;
    await app?.close();
    await new Promise((resolve) => pages?.close(resolve));
  });

  const check = async (variables: Record<string, unknown>, session: Session | null = editor) => app.gql(checkEvidence, variables, session?.headers ?? {});

  it('finds a score where the locator points, with the number highlighted in the excerpt and the capture it read', async () => {
    const answer = await check({ source: vendor, value: { score: { benchmark, value: 81.4 } }, locator: 'Results table, GPQA Diamond row' });
    expect(answer.errors).toBeUndefined();
    const result = answer.data!.checkEvidence;
    expect(result.status).toBe('FOUND');
    expect(result.explanation).toMatch(/^found 81\.4 near "GPQA" and "Diamond" in: ".*GPQA Diamond \(no tools\) \| 81\.4%/);
    expect(result.excerpt).toContain('GPQA Diamond (no tools)');
    expect(result.excerpt.slice(result.highlight.start, result.highlight.end)).toBe('81.4%');
    expect(result.renderings).toEqual(expect.arrayContaining(['81.4', '81.4%']));
    expect(result.snapshot).toMatchObject({ sha256: expect.stringMatching(/^[0-9a-f]{64}$/), httpStatus: 200, contentType: expect.stringContaining('text/html') });
    expect(result.quoteUrl).toBe(`${pagesUrl}/vendor.html`);
  });

  it('finds a score on a 0–1 scale written as a percentage, a price, and a fact', async () => {
    const fraction = (await check({ source: vendor, value: { score: { benchmark: percentBenchmark, value: 0.814 } }, locator: 'GPQA Diamond' })).data!.checkEvidence;
    expect(fraction.status).toBe('FOUND');
    expect(fraction.excerpt.slice(fraction.highlight.start, fraction.highlight.end)).toBe('81.4%');

    const price = (await check({ source: vendor, value: { usdPerMillionTokens: 1.1 }, quote: 'Prices start at' })).data!.checkEvidence;
    expect(price.status).toBe('FOUND');
    expect(price.excerpt.slice(price.highlight.start, price.highlight.end)).toBe('$1.10');
    expect(price.quoteUrl).toBe(`${pagesUrl}/vendor.html#:~:text=Prices%20start%20at`);

    const fact = (await check({ source: vendor, value: { fact: { fact: 'CONTEXT_WINDOW', value: '200000' } }, locator: 'Results' })).data!.checkEvidence;
    expect(fact.status).toBe('NOT_FOUND');
    expect(fact.explanation).toContain('is not on the page');
    expect(fact.renderings.length).toBeGreaterThan(0);
  });

  it('says NOT_FOUND when the quote is not next to the number, and explains why', async () => {
    const result = (await check({ source: vendor, value: { score: { benchmark, value: 79.9 } }, locator: 'Results', quote: 'GPQA Diamond (no tools) 79.9%' })).data!
      .checkEvidence;
    expect(result).toMatchObject({ status: 'NOT_FOUND', excerpt: null, highlight: null });
    expect(result.explanation).toContain('is not on the page');
    expect(result.snapshot.sha256).toMatch(/^[0-9a-f]{64}$/);
  });

  it('says UNCHECKED (no capture) for a source never captured, and UNREACHABLE when the last capture failed', async () => {
    const unchecked = (await check({ source: neverCaptured, value: { score: { benchmark, value: 81.4 } }, locator: 'GPQA' })).data!.checkEvidence;
    expect(unchecked).toMatchObject({ status: 'UNCHECKED', snapshot: null, excerpt: null, highlight: null });
    expect(unchecked.explanation).toContain('not been captured');

    const unreachable = (await check({ source: gone, value: { score: { benchmark, value: 81.4 } }, locator: 'GPQA' })).data!.checkEvidence;
    expect(unreachable.status).toBe('UNREACHABLE');
    expect(unreachable.snapshot).toMatchObject({ sha256: null, httpStatus: 404 });
  });

  it('writes nothing', async () => {
    const count = async () => (await app.db.raw.query<{ n: number }>('select (select count(*) from source_snapshots) + (select count(*) from audit_events) + (select count(*) from scores) as n'))[0]!.n;
    const before = await count();
    await check({ source: vendor, value: { score: { benchmark, value: 81.4 } }, locator: 'GPQA' });
    expect(await count()).toBe(before);
  });

  it('refuses anonymous callers', async () => {
    const answer = await check({ source: vendor, value: { score: { benchmark, value: 81.4 } } }, null);
    expect(answer.data?.checkEvidence ?? null).toBeNull();
    expect(answer.errors?.map((error) => error.extensions?.code)).toEqual(['UNAUTHENTICATED']);
  });

  it('refuses inputs out of bounds or ambiguous, with a clear error', async () => {
    const codes = async (variables: Record<string, unknown>) => (await check(variables)).errors?.map((error) => error.extensions?.code ?? error.message);
    // Exactly one kind of value.
    expect(await codes({ source: vendor, value: { usdPerMillionTokens: 1.1, score: { benchmark, value: 81.4 } } })).toHaveLength(1);
    expect(await codes({ source: vendor, value: {} })).toHaveLength(1);
    expect(await codes({ source: vendor, value: { usdPerMillionTokens: 1.1 }, quote: 'x'.repeat(1001) })).toEqual(['BAD_USER_INPUT']);
    expect(await codes({ source: vendor, value: { usdPerMillionTokens: 1.1 }, locator: 'x'.repeat(501) })).toEqual(['BAD_USER_INPUT']);
    expect(await codes({ source: vendor, value: { usdPerMillionTokens: -1 } })).toEqual(['BAD_USER_INPUT']);
    expect(await codes({ source: vendor, value: { score: { benchmark, value: 1e300 } } })).toEqual(['BAD_USER_INPUT']);
    expect(await codes({ source: vendor, value: { fact: { fact: 'RELEASE_DATE', value: '2025-13' } } })).toEqual(['BAD_USER_INPUT']);
    expect(await codes({ source: vendor, value: { usdPerMillionTokens: 1.1 }, quote: 'a\u202Eb' })).toEqual(['BAD_USER_INPUT']);
    expect(await codes({ source: globalId('Source', 999_999), value: { usdPerMillionTokens: 1.1 } })).toEqual(['NOT_FOUND']);
    expect(await codes({ source: benchmark, value: { usdPerMillionTokens: 1.1 } })).toEqual(['NOT_FOUND']);
    expect(await codes({ source: vendor, value: { score: { benchmark: globalId('Benchmark', 999_999), value: 1 } } })).toEqual(['NOT_FOUND']);
  });
});
