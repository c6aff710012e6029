import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../helpers/app.ts';
import { CatalogFixture } from '../helpers/fixtures.ts';

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

describe('when the database cannot answer', () => {
  it('clients get a typed 503 quickly, /ready says so, and the app recovers by itself', async () => {
    if (app.db.driver === 'postgres') {
      // A lock held on models makes every read of it wait: the request deadline answers instead.
      const locked = app.db.db.transaction(async (tx) => {
        await tx.execute('lock table models in access exclusive mode' as never);
        await tx.execute('select pg_sleep(1.5)' as never);
      });
      await new Promise((resolve) => setTimeout(resolve, 100));
      const { response, body, ms } = await timedPost();
      expect(response.status).toBe(503);
      expect(body.errors[0].extensions.code).toBe('SERVICE_UNAVAILABLE');
      expect(ms).toBeLessThan(1_000);
      await locked;
      expect((await app.gql(query)).data?.models.totalCount).toBe(1);
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
      expect((await app.gql(query)).data?.models.totalCount).toBe(1);
    }
    expect((await fetch(`${app.url}/ready`)).status).toBe(200);
  }, 60_000);
});
