import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../helpers/app.ts';
import { contractOperations } from '../helpers/contract.ts';
import { CatalogFixture } from '../helpers/fixtures.ts';
import { until } from '../helpers/until.ts';

const modelPage = contractOperations('public.graphql').get('ModelPage')!;
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
});
