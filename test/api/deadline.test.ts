import type { AddressInfo } from 'node:net';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { createDatabase } from '../../db/client.ts';
import { sources } from '../../db/schema/index.ts';
import { createApp } from '../../server/http/app.ts';
import { CatalogMeta } from '../../server/http/catalogMeta.ts';
import { write, type Write } from '../../server/catalog/write.ts';
import { RequestDeadlineError } from '../../server/errors.ts';
import type { Context } from '../../server/context.ts';
import { startTestApp, type TestApp } from '../helpers/app.ts';
import { freshDatabase } from '../helpers/database.ts';
import { insertUser } from '../helpers/editor.ts';
import { CatalogFixture } from '../helpers/fixtures.ts';
import { until } from '../helpers/until.ts';

let app: TestApp;
const query = '{ models(first: 1) { totalCount } }';

beforeAll(async () => {
  app = await startTestApp(
    async (db) => {
      const catalog = new CatalogFixture(db);
      await catalog.model('m', await catalog.provider('acme'));
    },
    { requestTimeoutMs: 300 },
  );
});
afterAll(() => app?.close());

async function timedPost() {
  const started = performance.now();
  const response = await fetch(`${app.url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query }),
  });
  return { response, body: await response.json(), ms: performance.now() - started };
}

/**
 * The app answering again: the 300 ms deadline that this file tests can pass on a busy machine for
 * a read that is merely slow, so recovery is a read answered 200 within a bounded number of tries.
 */
const answered = () => until(() => app.gql(query), (result) => result.status === 200);

describe('when the database cannot answer', () => {
  it('clients get a typed 503 quickly, /ready says so, and the app recovers by itself', async () => {
    if (app.db.driver === 'postgres') {
      // A lock held on models makes every read of it wait: the request deadline answers instead.
      const locked = app.db.db.transaction(async (tx) => {
        await tx.execute('lock table models in access exclusive mode' as never);
        await tx.execute('select pg_sleep(1.5)' as never);
      });
      await new Promise((resolve) => setTimeout(resolve, 100));
      // Without the deadline the read would wait for the lock and answer 200: the 503 is the deadline's.
      const { response, body } = await timedPost();
      expect(response.status).toBe(503);
      expect(body.errors[0].extensions.code).toBe('SERVICE_UNAVAILABLE');
      await locked;
      expect((await answered()).data?.models.totalCount).toBe(1);
    } else {
      // PGlite runs inside the process, so a slow statement blocks it whole and no deadline can
      // help; the outage it can have is a database that is gone.
      const spare = await startTestApp(undefined, { requestTimeoutMs: 300 });
      await spare.db.close();
      const response = await fetch(`${spare.url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ query }),
      });
      const body = await response.json();
      expect(response.status).toBe(503);
      expect(body.errors[0]).toMatchObject({ extensions: { code: 'SERVICE_UNAVAILABLE' } });
      expect((await fetch(`${spare.url}/ready`)).status).toBe(503);
      await spare.close().catch(() => {});
      expect((await answered()).data?.models.totalCount).toBe(1);
    }
    expect((await until(() => fetch(`${app.url}/ready`).then((response) => response.status), (status) => status === 200))).toBe(200);
  });
});

describe('a write whose request deadline passed (its client was answered 503)', () => {
  it('rolls back, whether the deadline passed while it waited for a connection or while it ran', async () => {
    const userId = await insertUser(app.db, 'late-editor@sourced.test', 'EDITOR');
    const context = (deadline: AbortSignal) =>
      ({ db: app.db.db, viewer: { id: userId, email: 'late-editor@sourced.test', role: 'EDITOR' }, requestId: 'late', deadline }) as unknown as Context;
    const createSource = (url: string, whileRunning?: () => void) => async ({ tx, audit }: Write) => {
      const [row] = await tx.insert(sources).values({ url, title: 'Late page', publisher: 'Late Co', kind: 'VENDOR_DOCS', retrievedAt: '2026-11-01' }).returning();
      await audit({ action: 'CREATE', entityType: 'Source', entityId: row!.id, diff: { url: { before: null, after: url } } });
      whileRunning?.();
    };
    const saved = async () =>
      (await app.db.raw.query<{ url: string }>(`select url from sources where url like 'https://late.test/%' order by url`)).map((row) => row.url);
    const audited = async () =>
      (await app.db.raw.query<{ n: number }>(`select count(*)::int as n from audit_events where request_id = 'late'`))[0]!.n;

    await expect(write(context(AbortSignal.abort()), createSource('https://late.test/before'))).rejects.toBeInstanceOf(RequestDeadlineError);
    const deadline = new AbortController();
    await expect(write(context(deadline.signal), createSource('https://late.test/during', () => deadline.abort()))).rejects.toThrow(
      'The service could not answer in time; nothing was saved.',
    );
    expect(await saved()).toEqual([]);
    expect(Number(await audited())).toBe(0);

    await write(context(new AbortController().signal), createSource('https://late.test/in-time'));
    expect(await saved()).toEqual(['https://late.test/in-time']);
    expect(Number(await audited())).toBe(1);
  });
});

describe('a wedge attempt: many requests past a tiny deadline on a pool of 2', () => {
  it('leaves every connection in the pool: afterwards a normal request answers 200', async () => {
    // The app over its own database with a pool of 2 (PGlite has one connection and no pool: the
    // same requests must leave it answering too).
    const db = await freshDatabase({ maxConnections: 2, statementTimeoutMs: 5_000 });
    const catalog = new CatalogFixture(db);
    const provider = await catalog.provider('wedge-co');
    for (let i = 0; i < 20; i++) await catalog.model(`wedge-${i}`, provider);
    const meta = new CatalogMeta(db);
    await meta.start();
    const { server } = createApp({ handle: db, meta, logger: pino({ level: 'silent' }), config: { CORS_ORIGINS: [], REQUEST_TIMEOUT_MS: 100 } });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`;
    const post = (body: string) =>
      fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body }).then(async (response) => ({
        status: response.status,
        body: (await response.json()) as { data?: { models: { totalCount: number } } },
      }));
    try {
      const heavy = JSON.stringify({ query: '{ models(first: 20) { totalCount edges { node { slug name provider { name } } } } }' });
      const statuses: number[] = [];
      // On PostgreSQL the first wave meets a table another session holds locked, so its requests pass
      // their deadline whatever the machine's speed (an idle machine answered all 40 within 100 ms).
      let release = () => {};
      let locked: Promise<unknown> = Promise.resolve();
      if (db.url) {
        const holder = await createDatabase({ url: db.url, maxConnections: 1 });
        const held = new Promise<void>((resolve) => {
          release = resolve;
        });
        let ready = () => {};
        const taken = new Promise<void>((resolve) => {
          ready = resolve;
        });
        locked = holder.db
          .transaction(async (tx) => {
            await tx.execute(sql`lock table models in access exclusive mode`);
            ready();
            await held;
          })
          .finally(() => holder.close());
        await taken;
      }
      for (let wave = 0; wave < 3; wave++) {
        const answers = Promise.all(Array.from({ length: 40 }, () => post(heavy).then((answer) => answer.status)));
        // The first wave's requests wait on the lock past their 100 ms deadline; then it is let go.
        if (wave === 0) setTimeout(() => release(), 500);
        statuses.push(...(await answers));
      }
      await locked;
      expect(statuses.every((status) => status === 200 || status === 503)).toBe(true);
      if (db.driver === 'postgres') expect(statuses).toContain(503);
      // Statements left running after the 503s end within statement_timeout; then the pool must answer.
      let answer = await post(JSON.stringify({ query: '{ models(first: 1) { totalCount } }' }));
      // Up to 240 tries (60 s and more): on a busy machine a read can itself pass the 100 ms deadline.
      for (let tries = 0; tries < 240 && answer.status !== 200; tries++) {
        await new Promise((resolve) => setTimeout(resolve, 250));
        answer = await post(JSON.stringify({ query: '{ models(first: 1) { totalCount } }' }));
      }
      expect(answer.status).toBe(200);
      expect(answer.body.data?.models.totalCount).toBe(20);
    } finally {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await meta.stop();
      await db.destroy();
    }
  });
});

// Statements of an aborted request on a pool of 2, at the driver: test/faults/wedge.test.ts (the fault
// suite's private PostgreSQL cluster, on every run).
