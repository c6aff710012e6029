import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../helpers/app.ts';
import { CatalogFixture } from '../helpers/fixtures.ts';
import { exchange, head, statusOf } from '../helpers/rawHttp.ts';

// Request bodies as a careless or hostile client sends them, at the socket: cut off mid-body, trickled,
// stopped, longer than declared. The server must answer (408/4xx) or drop that one connection, never
// leave a promise rejection unhandled (Node stops the process on one), and go on answering others.

const unhandled: unknown[] = [];
const onUnhandled = (reason: unknown) => unhandled.push(reason);
process.on('unhandledRejection', onUnhandled);

const query = JSON.stringify({ query: '{ models(first: 5) { edges { node { slug } } } }' });

for (const variant of [
  { name: 'with the response cache (anonymous bodies read for its key)', responseCache: true },
  { name: 'without the response cache', responseCache: false },
]) {
  describe(`request bodies at the socket, ${variant.name}`, () => {
    let app: TestApp;

    beforeAll(async () => {
      app = await startTestApp(
        async (db) => {
          const catalog = new CatalogFixture(db);
          await catalog.model('tiny', await catalog.provider('acme'));
        },
        { responseCache: variant.responseCache, bodyTimeoutMs: 1_000 },
      );
    });
    afterAll(async () => {
      await app?.close();
    });

    it('a client that hangs up mid-body (Content-Length 100, 16 bytes sent) leaves the server answering', async () => {
      unhandled.length = 0;
      for (let i = 0; i < 20; i++) {
        // Anonymous, and signed-in-looking (a cookie takes the other path through the server).
        await exchange(app.url, head(100, i % 2 ? 'Cookie: sourced_session=x\r\n' : ''), ['{"query":"{ mode'], { gapMs: 20, hangUp: true });
      }
      // Give the server's event loop a few turns to reject whatever it was going to reject.
      await new Promise((resolve) => setTimeout(resolve, 200));
      const answered = await app.gql('{ models(first: 5) { edges { node { slug } } } }');
      expect(answered.status).toBe(200);
      expect(answered.data?.models.edges).toEqual([{ node: { slug: 'tiny' } }]);
      expect(unhandled.map(String)).toEqual([]);
    });

    it('a GET with a body gets 400 and the connection is closed, the answer cached or not', async () => {
      const url = `/graphql?query=${encodeURIComponent('{ models(first: 5) { edges { node { slug } } } }')}`;
      // Warm: the same GET without a body, twice (the second from the cache when it is on).
      for (let i = 0; i < 2; i++) expect((await fetch(`${app.url}${url}`)).status).toBe(200);
      for (const framing of ['Content-Length: 1000000000', 'Transfer-Encoding: chunked']) {
        const getHead = `GET ${url} HTTP/1.1\r\nHost: 127.0.0.1\r\n${framing}\r\n\r\n`;
        const { text, closed } = await exchange(app.url, getHead, ['x'.repeat(1000)], { trickle: true });
        expect(statusOf(text), text).toBe(400);
        expect(text).toContain('carries no body');
        expect(closed).toBe(true);
      }
    });

    it('a body that stops arriving gets 408 and the connection is closed', async () => {
      unhandled.length = 0;
      const { text, closed } = await exchange(app.url, head(100), ['{"query":"{ mode']);
      expect(statusOf(text), text).toBe(408);
      expect(text).toContain('REQUEST_TIMEOUT');
      expect(closed).toBe(true);
      expect((await app.gql('{ models(first: 1) { totalCount } }')).data?.models.totalCount).toBe(1);
      expect(unhandled.map(String)).toEqual([]);
    });

    it('a trickled body (one byte at a time, never finishing) gets 408 and the connection is closed', async () => {
      const { text, closed } = await exchange(app.url, head(10_000, 'Cookie: sourced_session=x\r\n'), ['{"query":"'], { trickle: true });
      expect(statusOf(text), text).toBe(408);
      expect(closed).toBe(true);
    });

    it('a body longer than its Content-Length is cut at the declared length: an answer, never a crash', async () => {
      unhandled.length = 0;
      // Declares 5 bytes and sends a whole query: the 5 are the body (not JSON), the rest is not a request.
      const { text } = await exchange(app.url, head(5), [query]);
      expect(statusOf(text), text).toBeGreaterThanOrEqual(400);
      expect(statusOf(text), text).toBeLessThan(500);
      // Declares more than the limit: refused unread.
      const big = await exchange(app.url, head(10 * 1024 * 1024), ['{"query":"']);
      expect(statusOf(big.text), big.text).toBe(413);
      // Chunked, without a length: refused unread.
      const chunked = await exchange(app.url, 'POST /graphql HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n', ['5\r\n{"que\r\n']);
      expect(statusOf(chunked.text), chunked.text).toBe(411);
      // Both a length and chunked (request smuggling's shape): Node's parser refuses it.
      const both = await exchange(app.url, `${head(5, 'Transfer-Encoding: chunked\r\n')}`, ['5\r\n{"que\r\n0\r\n\r\n']);
      expect(statusOf(both.text), both.text).toBe(400);
      expect((await app.gql('{ models(first: 1) { totalCount } }')).data?.models.totalCount).toBe(1);
      expect(unhandled.map(String)).toEqual([]);
    });

    it('Node\'s own limits are tight: headers within 15 s, a whole request within 30 s (Node allows 60 s and 300 s)', () => {
      expect(app.server.headersTimeout).toBeLessThanOrEqual(15_000);
      expect(app.server.requestTimeout).toBeLessThanOrEqual(30_000);
      expect(app.server.requestTimeout).toBeGreaterThan(0);
    });

    it('a whole body sent slowly but within the time allowed is answered', async () => {
      const parts = [query.slice(0, 10), query.slice(10, 30), query.slice(30)];
      const { text } = await exchange(app.url, head(Buffer.byteLength(query), 'Connection: close\r\n'), parts, { gapMs: 50 });
      expect(statusOf(text), text).toBe(200);
      expect(text).toContain('"slug":"tiny"');
    });
  });
}

afterAll(() => {
  process.off('unhandledRejection', onUnhandled);
});
