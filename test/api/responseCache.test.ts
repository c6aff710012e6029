import { get as httpGet, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../server/http/app.ts';
import { CatalogMeta } from '../../server/http/catalogMeta.ts';
import { createResponseCache } from '../../server/http/responseCache.ts';
import { startTestApp, type TestApp } from '../helpers/app.ts';
import { contractOperations } from '../helpers/contract.ts';
import { insertUser, op, password } from '../helpers/editor.ts';
import { freshDatabase } from '../helpers/database.ts';
import { CatalogFixture } from '../helpers/fixtures.ts';
import { until } from '../helpers/until.ts';

const modelPage = contractOperations('public.graphql').get('ModelPage')!;

/** Stops a server a test made itself (createApp on its own database), with its cache and metadata. */
async function stopOwnApp(
  server: import('node:http').Server,
  responseCache: { cache: { stop(): Promise<unknown> } },
  meta: CatalogMeta,
  db: { destroy(): Promise<unknown> },
) {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  await responseCache.cache.stop();
  await meta.stop();
  await db.destroy();
}
let app: TestApp;

beforeAll(async () => {
  app = await startTestApp(
    async (db) => {
      const catalog = new CatalogFixture(db);
      const model = await catalog.model('cached-model', await catalog.provider('acme'));
      const benchmark = await catalog.benchmark('gpqa');
      await catalog.score(model, benchmark, 50, await catalog.source());
    },
    { responseCache: true },
  );
});
afterAll(() => app?.close());

describe('response cache for anonymous reads', () => {
  it('serves a repeated page without touching the database', async () => {
    const first = await app.gql(modelPage, { slug: 'cached-model' });
    expect(first.data?.model.slug).toBe('cached-model');
    app.statements.length = 0;
    const second = await app.gql(modelPage, { slug: 'cached-model' });
    expect(second.data).toEqual(first.data);
    expect(app.statements).toHaveLength(0);
  });

  it('never serves a page after the data under it changed', async () => {
    await app.gql(modelPage, { slug: 'cached-model' });
    // A write from elsewhere (another instance, the importer): NOTIFY moves the catalog version on.
    await app.db.raw.query(`update models set tagline = 'Fresh tagline' where slug = 'cached-model'`);
    const after = await until(
      () => app.gql(modelPage, { slug: 'cached-model' }),
      (result) => result.data?.model.tagline === 'Fresh tagline',
    );
    expect(after.data?.model.tagline).toBe('Fresh tagline');
    await app.db.raw.query(`update scores set value = 60`);
    const rescored = await until(
      () => app.gql(modelPage, { slug: 'cached-model' }),
      (result) => result.data?.model.scores[0]?.value === 60,
    );
    expect(rescored.data?.model.scores[0]?.value).toBe(60);
  });

  it('keeps the bytes of a page first served from the second level (another Accept header filled it)', async () => {
    await app.gql(modelPage, { slug: 'cached-model' }, { accept: 'application/json' });
    // Same document, another Accept: a miss in the bytes level (its key holds the Accept header), a hit
    // in Yoga's level, whose answer the bytes level keeps from then on.
    const second = await app.gql(modelPage, { slug: 'cached-model' }, { accept: 'application/graphql-response+json' });
    app.statements.length = 0;
    const third = await app.gql(modelPage, { slug: 'cached-model' }, { accept: 'application/graphql-response+json' });
    expect(third.data).toEqual(second.data);
    expect(app.statements).toHaveLength(0);
    // The bytes level's ETag is a hash of the bytes it sent; Yoga's level would give its own key.
    expect(third.headers.get('etag')).toMatch(/^"[A-Za-z0-9_-]{27}"$/);
  });

  it('logs every request with the id it was answered with, a cached hit\'s included', async () => {
    const db = await freshDatabase();
    const catalog = new CatalogFixture(db);
    await catalog.model('logged-model', await catalog.provider('acme'));
    const meta = new CatalogMeta(db);
    await meta.start();
    const lines: { msg: string; requestId?: string; status?: number }[] = [];
    const logger = pino({ level: 'info' }, { write: (line: string) => void lines.push(JSON.parse(line)) });
    const responseCache = await createResponseCache({ handle: db, logger });
    const { server } = createApp({ handle: db, meta, logger, config: { CORS_ORIGINS: [] }, plugins: responseCache.plugins, responseBytes: responseCache.bytes });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`;
    try {
      const answers: { id: string | null; cache: string | null }[] = [];
      for (const id of ['logged-miss', 'logged-hit']) {
        const response = await fetch(url, {
          method: 'POST',
          headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json', 'x-request-id': id },
          body: JSON.stringify({ query: modelPage, variables: { slug: 'logged-model' } }),
        });
        expect((await response.json()).data.model.slug).toBe('logged-model');
        answers.push({ id: response.headers.get('x-request-id'), cache: response.headers.get('x-cache') });
      }
      expect(answers).toEqual([
        { id: 'logged-miss', cache: 'MISS' },
        { id: 'logged-hit', cache: 'HIT' },
      ]);
      await until(
        async () => lines.filter((line) => line.msg === 'request'),
        (logged) => logged.length === 2,
      );
      expect(lines.filter((line) => line.msg === 'request').map((line) => [line.requestId, line.status])).toEqual([
        ['logged-miss', 200],
        ['logged-hit', 200],
      ]);
    } finally {
      await stopOwnApp(server, responseCache, meta, db);
    }
  });

  it('answers a cached page with the caller\'s request id, or a new one', async () => {
    await app.gql(modelPage, { slug: 'cached-model' });
    app.statements.length = 0;
    const traced = await app.gql(modelPage, { slug: 'cached-model' }, { 'x-request-id': 'trace-cached-1' });
    const untraced = await app.gql(modelPage, { slug: 'cached-model' });
    expect(app.statements).toHaveLength(0);
    expect(traced.headers.get('x-request-id')).toBe('trace-cached-1');
    expect(untraced.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('does not cache requests that carry a session', async () => {
    await app.gql(modelPage, { slug: 'cached-model' });
    app.statements.length = 0;
    await app.gql(modelPage, { slug: 'cached-model' }, { cookie: 'sourced_session=abc' });
    expect(app.statements.length).toBeGreaterThan(0);
  });

  it('answers 304 Not Modified to a GET with the ETag it gave', async () => {
    const url = `${app.url}/graphql?query=${encodeURIComponent('{ model(slug: "cached-model") { slug name } }')}`;
    const first = await fetch(url, { headers: { accept: 'application/json' } });
    expect(first.status).toBe(200);
    const second = await fetch(url, { headers: { accept: 'application/json' } });
    const etag = second.headers.get('etag');
    expect(etag).toBeTruthy();
    const revalidated = await fetch(url, { headers: { accept: 'application/json', 'if-none-match': etag! } });
    expect(revalidated.status).toBe(304);
    // After a change the old ETag no longer matches: the client gets the new page.
    await app.db.raw.query(`update models set name = 'Renamed' where slug = 'cached-model'`);
    const changed = await until(
      () => fetch(url, { headers: { accept: 'application/json', 'if-none-match': etag! } }),
      (response) => response.status === 200,
    );
    expect(changed.status).toBe(200);
    expect((await changed.json()).data.model.name).toBe('Renamed');
  });

  it('sends a cached multipart answer with one framing: a length, not also chunked', async () => {
    const url = `${app.url}/graphql?query=${encodeURIComponent('{ model(slug: "cached-model") { slug } }')}`;
    for (const expected of ['MISS', 'HIT']) {
      const { headers, body } = await rawGet(url, { accept: 'multipart/mixed' });
      expect(headers['x-cache']).toBe(expected);
      expect(headers['transfer-encoding']).toBeUndefined();
      expect(Number(headers['content-length'])).toBe(body.length);
      expect(body.toString()).toContain('"slug":"cached-model"');
    }
  });
});

/** A GET through node:http, which (unlike fetch) hands over a response framed both ways. */
function rawGet(url: string, headers: Record<string, string>): Promise<{ headers: IncomingHttpHeaders; body: Buffer }> {
  return new Promise((resolve, reject) => {
    httpGet(url, { headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => resolve({ headers: res.headers, body: Buffer.concat(chunks) }));
      res.on('error', reject);
    }).on('error', reject);
  });
}

describe('mutations and answers that set a cookie are never cached', () => {
  const signIn = async (email: string, secret: string) => {
    const response = await fetch(`${app.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json' },
      body: JSON.stringify({ query: op('Login'), variables: { email, password: secret } }),
    });
    const body = (await response.json()) as { data?: { login: { __typename: string } } };
    return { typename: body.data?.login.__typename, setCookie: response.headers.get('set-cookie') };
  };
  const signOut = (cookie: string) =>
    fetch(`${app.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', cookie: cookie.split(';')[0]! },
      body: JSON.stringify({ query: op('Logout') }),
    });

  it('the same sign-in twice (signed out between) sets a session cookie both times', async () => {
    await insertUser(app.db, 'twice@sourced.test', 'EDITOR');
    const first = await signIn('twice@sourced.test', password);
    expect(first).toMatchObject({ typename: 'LoginSuccess', setCookie: expect.stringMatching(/session/i) });
    await signOut(first.setCookie!);
    const second = await signIn('twice@sourced.test', password);
    expect(second).toMatchObject({ typename: 'LoginSuccess', setCookie: expect.stringMatching(/session/i) });
    expect(second.setCookie!.split(';')[0]).not.toBe(first.setCookie!.split(';')[0]);
  });

  it('a disabled account is refused, even right after the same sign-in succeeded', async () => {
    const id = await insertUser(app.db, 'soon-disabled@sourced.test', 'EDITOR');
    expect((await signIn('soon-disabled@sourced.test', password)).typename).toBe('LoginSuccess');
    await app.db.raw.query(`update users set disabled_at = now() where id = $1`, [id]);
    const after = await signIn('soon-disabled@sourced.test', password);
    expect(after.typename).not.toBe('LoginSuccess');
    expect(after.setCookie ?? '').not.toMatch(/session=[^;]/i);
  });

  it('every repeated wrong password counts toward the lockout', async () => {
    await insertUser(app.db, 'guessed@sourced.test', 'EDITOR');
    const answers: (string | undefined)[] = [];
    for (let attempt = 0; attempt < 6; attempt++) answers.push((await signIn('guessed@sourced.test', 'wrong password, same each time')).typename);
    expect(answers.slice(0, 5)).not.toContain('TooManyAttemptsError');
    expect(answers[5]).toBe('TooManyAttemptsError');
    // Locked: the right password is refused too.
    expect((await signIn('guessed@sourced.test', password)).typename).toBe('TooManyAttemptsError');
  });
});

describe('the Yoga response cache in this process', () => {
  it('is bounded by bytes: many large distinct answers never take more than its limit', async () => {
    const statements: string[] = [];
    const db = await freshDatabase({ onStatement: (text) => statements.push(text) });
    const catalog = new CatalogFixture(db);
    const provider = await catalog.provider('big-answers');
    for (let i = 0; i < 30; i++) await catalog.model(`big-answer-${i}`, provider);
    await db.raw.query(`update models set tagline = repeat('long tagline text ', 40) || slug`);
    const meta = new CatalogMeta(db);
    await meta.start();
    const logger = pino({ level: 'silent' });
    const maxBytes = 512 * 1024;
    const responseCache = await createResponseCache({ handle: db, logger, maxBytes });
    // Only the Yoga level (no bytes level in front): what it keeps is what is measured.
    const { server } = createApp({ handle: db, meta, logger, config: { CORS_ORIGINS: [] }, plugins: responseCache.plugins });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`;
    // Distinct documents (an alias), each answered with ~25 KB.
    const ask = async (i: number) => {
      const response = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ query: `{ page${i}: models(first: 30) { edges { node { slug tagline } } } }` }),
      });
      return (await response.text()).length;
    };
    try {
      const sizes: number[] = [];
      for (let i = 0; i < 80; i++) sizes.push(await ask(i));
      const answered = sizes.reduce((sum, size) => sum + size, 0);
      expect(answered).toBeGreaterThan(3 * maxBytes);
      // Asked again, answers still kept are served without a statement: at most what fits in the limit.
      let servedFromCache = 0;
      // Newest first: each miss evicts the oldest entry, so asking oldest first would evict them all.
      for (let i = 79; i >= 0; i--) {
        statements.length = 0;
        await ask(i);
        if (statements.length === 0) servedFromCache++;
      }
      expect(servedFromCache).toBeGreaterThan(0);
      expect(servedFromCache).toBeLessThanOrEqual(Math.floor(maxBytes / Math.min(...sizes)));
      expect(responseCache.memory!.calculatedSize).toBeLessThanOrEqual(maxBytes);
      expect(responseCache.memory!.calculatedSize).toBeGreaterThan(0);
    } finally {
      await stopOwnApp(server, responseCache, meta, db);
    }
  });
});

// A withdrawal committed while pages were computed: test/faults/withdrawal.test.ts (it needs two
// PostgreSQL connections at once, so it runs on the fault suite's private cluster on every run).

describe('when the catalog version cannot be read after a mutation', () => {
  it('the mutation is still answered, and no page kept before it is served', async () => {
    await app.gql(modelPage, { slug: 'cached-model' });
    app.statements.length = 0;
    await app.gql(modelPage, { slug: 'cached-model' });
    expect(app.statements).toHaveLength(0);
    await app.db.raw.query('alter table catalog_version rename to catalog_version_away');
    try {
      const login = await app.gql(op('Login'), { email: 'nobody@sourced.test', password: 'not the password' });
      expect(login.errors).toBeUndefined();
      expect(login.data?.login.__typename).toBe('InvalidCredentialsError');
      app.statements.length = 0;
      const page = await app.gql(modelPage, { slug: 'cached-model' });
      expect(page.data?.model.slug).toBe('cached-model');
      expect(app.statements.length).toBeGreaterThan(0);
    } finally {
      await app.db.raw.query('alter table catalog_version_away rename to catalog_version');
    }
  });
});
