import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildManifest, readManifest, sha256 } from '../../server/http/persistedOperations.ts';
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
      const model = await catalog.model('persisted-model', await catalog.provider('acme'));
      await catalog.score(model, await catalog.benchmark('gpqa'), 50, await catalog.source());
    },
    { responseCache: true },
  );
});
afterAll(() => app?.close());

/** The GET a front end sends for a persisted operation: no query text, only its hash. */
function persistedUrl(hash: string, operationName: string, variables: Record<string, unknown>) {
  const params = new URLSearchParams({
    operationName,
    variables: JSON.stringify(variables),
    extensions: JSON.stringify({ persistedQuery: { version: 1, sha256Hash: hash } }),
  });
  return `${app.url}/graphql?${params}`;
}

const get = (url: string, headers: Record<string, string> = {}) => fetch(url, { headers: { accept: 'application/json', ...headers } });

describe('persisted operations', () => {
  it('persisted-operations.json holds every query of the public contract (run `npm run operations:persist` after changing it)', () => {
    const contract = readFileSync(new URL('../../contract/public.graphql', import.meta.url), 'utf8');
    const manifest = readManifest();
    expect(manifest).toEqual(buildManifest(contract));
    expect(Object.keys(manifest)).toContain(sha256(modelPage));
    expect(Object.values(manifest).every((document) => document.startsWith('query '))).toBe(true);
  });

  it('answers a GET with only the hash as the same request with the query text', async () => {
    const byText = await app.gql(modelPage, { slug: 'persisted-model' });
    const response = await get(persistedUrl(sha256(modelPage), 'ModelPage', { slug: 'persisted-model' }));
    expect(response.status).toBe(200);
    const body = await response.json();
    expect(body.errors).toBeUndefined();
    expect(body.data).toEqual(byText.data);
    expect(body.data.model.scores[0].value).toBe(50);
  });

  it('gives the cached page an ETag, answers 304 to it, and the new page once the data changed', async () => {
    const url = persistedUrl(sha256(modelPage), 'ModelPage', { slug: 'persisted-model' });
    await get(url);
    const cached = await get(url);
    const etag = cached.headers.get('etag');
    expect(etag).toBeTruthy();
    app.statements.length = 0;
    const revalidated = await get(url, { 'if-none-match': etag! });
    expect(revalidated.status).toBe(304);
    expect(await revalidated.text()).toBe('');
    expect(app.statements).toHaveLength(0);
    await app.db.raw.query(`update models set tagline = 'Changed under the ETag' where slug = 'persisted-model'`);
    const changed = await until(() => get(url, { 'if-none-match': etag! }), (response) => response.status === 200);
    expect(changed.status).toBe(200);
    expect(changed.headers.get('etag')).not.toBe(etag);
    expect((await changed.json()).data.model.tagline).toBe('Changed under the ETag');
  });

  it('answers an unknown hash with PersistedQueryNotFound, and a request with neither query nor hash with 400', async () => {
    const unknown = await get(persistedUrl(sha256('query Nope { methodology }'), 'Nope', {}));
    const body = await unknown.json();
    expect(body.data).toBeUndefined();
    expect(body.errors[0]).toMatchObject({ message: 'PersistedQueryNotFound', extensions: { code: 'PERSISTED_QUERY_NOT_FOUND' } });

    const empty = await get(`${app.url}/graphql?variables=%7B%7D`);
    expect(empty.status).toBe(400);
    expect((await empty.json()).errors[0].message).toBe('Send a query, or the sha256Hash of a persisted operation in extensions.persistedQuery.');
  });

  it('still runs ad-hoc queries: the API is public', async () => {
    const response = await app.gql('{ model(slug: "persisted-model") { slug } }');
    expect(response.data?.model.slug).toBe('persisted-model');
  });
});
