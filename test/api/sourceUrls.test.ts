import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cleanSourceUrl, sourceUrlKey } from '../../server/sources/sourceUrls.ts';
import { startTestApp, type TestApp } from '../helpers/app.ts';
import { globalId, insertUser, login, smallCatalog, type Session } from '../helpers/editor.ts';

// One source per page: URLs that differ only in how they are spelled name the same source, and the
// API (a typed error naming the existing source) and the database (a unique index) both refuse a second.
let app: TestApp;
let editor: Session;
let ids: Awaited<ReturnType<typeof smallCatalog>>;

beforeAll(async () => {
  app = await startTestApp(async (db) => {
    ids = await smallCatalog(db);
    await insertUser(db, 'editor@sourced.test', 'EDITOR');
  });
  editor = await login(app, 'editor@sourced.test');
});
afterAll(() => app?.close());

/** Pairs that name the same page. */
const same: [string, string][] = [
  ['https://example.com/pricing', 'https://example.com/pricing/'],
  ['https://example.com/pricing', 'HTTPS://Example.COM/pricing'],
  ['https://example.com/pricing', 'https://example.com:443/pricing'],
  ['http://example.com/pricing', 'http://example.com:80/pricing/'],
  ['https://example.com/pricing', 'https://example.com/pricing#batch-api'],
  ['https://example.com/pricing', 'https://example.com/pricing/?utm_source=newsletter&utm_medium=email'],
  ['https://example.com/pricing', 'https://example.com/pricing?gclid=abc&fbclid=def&mc_cid=1&mc_eid=2&ref=hn'],
  ['https://example.com/pricing', 'https://example.com/pricing?UTM_Campaign=x'],
  ['https://example.com/pricing', 'https://example.com/pricing?'],
  ['https://example.com/docs?page=2', 'https://example.com/docs/?page=2&utm_source=x#top'],
  ['https://example.com/docs?page=2&lang=en', 'https://example.com/docs?utm_term=a&page=2&ref=x&lang=en'],
  ['https://example.com', 'https://example.com/'],
  ['https://bücher.example/a', 'https://xn--bcher-kva.example/a/'],
];

/** Pairs that name different pages. */
const different: [string, string][] = [
  ['https://example.com/pricing', 'https://example.com/Pricing'],
  ['https://example.com/pricing', 'http://example.com/pricing'],
  ['https://example.com/pricing', 'https://www.example.com/pricing'],
  ['https://example.com/pricing', 'https://example.com:8443/pricing'],
  ['https://example.com/docs?page=2', 'https://example.com/docs?page=3'],
  ['https://example.com/docs?page=2&lang=en', 'https://example.com/docs?lang=en&page=2'],
  ['https://example.com/docs?page=2', 'https://example.com/docs'],
  ['https://example.com/pricing', 'https://example.com/pricing/batch'],
  ['https://example.com/a?reference=1', 'https://example.com/a'],
  ['https://arxiv.org/abs/2501.00001v1', 'https://arxiv.org/abs/2501.00001v2'],
];

async function sqlKey(url: string): Promise<string> {
  const [row] = await app.db.raw.query<{ key: string }>('select source_url_key($1) as key', [url]);
  return row!.key;
}

const createSource = `mutation ($input: CreateSourceInput!) {
  createSource(input: $input) {
    __typename
    ... on CreateSourceSuccess { source { id url } }
    ... on DuplicateSourceError { message existingSource { id url title } fieldErrors { path message } }
    ... on ValidationError { message fieldErrors { path message } }
  }
}`;
const updateSource = `mutation ($id: ID!, $v: Int!, $patch: UpdateSourceInput!) {
  updateSource(id: $id, expectedVersion: $v, patch: $patch) {
    __typename
    ... on UpdateSourceSuccess { source { id url version } }
    ... on DuplicateSourceError { message existingSource { id } }
  }
}`;
let seq = 0;
const create = (url: string) =>
  app.gql(createSource, { input: { url, title: `Page ${++seq}`, publisher: 'Example', kind: 'VENDOR_PRICING', retrievedAt: '2026-01-05' } }, editor.headers);

describe('which URLs name the same page', () => {
  it.each(same)('%s and %s are the same source (TypeScript and SQL agree)', async (a, b) => {
    expect(sourceUrlKey(a)).toBe(sourceUrlKey(b));
    expect(await sqlKey(cleanSourceUrl(a))).toBe(await sqlKey(cleanSourceUrl(b)));
    expect(await sqlKey(cleanSourceUrl(a))).toBe(sourceUrlKey(a));
  });

  it.each(different)('%s and %s are different sources', async (a, b) => {
    expect(sourceUrlKey(a)).not.toBe(sourceUrlKey(b));
    expect(await sqlKey(cleanSourceUrl(a))).not.toBe(await sqlKey(cleanSourceUrl(b)));
  });

  it('the database rule alone also reads raw (uncleaned) spellings, as importers and older rows have them', async () => {
    expect(await sqlKey('HTTPS://Example.COM:443/pricing/?utm_source=x&plan=pro&gclid=1#batch')).toBe('https://example.com/pricing?plan=pro');
  });
});

describe('creating and changing sources', () => {
  it('stores the URL cleaned: lower-case host, no default port, fragment or tracking parameters; the trailing slash as given', async () => {
    const created = await create('HTTPS://Docs.Example.COM:443/models/?utm_source=x&version=2#limits');
    expect(created.data!.createSource).toMatchObject({ __typename: 'CreateSourceSuccess', source: { url: 'https://docs.example.com/models/?version=2' } });
  });

  it('a second source for the same page is a DuplicateSourceError naming the existing source; nothing is written', async () => {
    const first = await create('https://example.com/api/pricing/');
    const existing = first.data!.createSource.source;
    const before = await app.db.raw.query('select id from sources');
    for (const variant of ['https://example.com/api/pricing', 'https://EXAMPLE.com/api/pricing?utm_campaign=launch', 'https://example.com/api/pricing/#batch']) {
      const again = await create(variant);
      expect(again.data!.createSource).toMatchObject({
        __typename: 'DuplicateSourceError',
        existingSource: { id: existing.id, url: 'https://example.com/api/pricing/' },
        fieldErrors: [{ path: 'url' }],
      });
      expect(again.data!.createSource.message).toContain('already in the catalog');
    }
    expect(await app.db.raw.query('select id from sources')).toHaveLength(before.length);
    // Another page of the same site is another source.
    expect((await create('https://example.com/api/pricing/batch')).data!.createSource.__typename).toBe('CreateSourceSuccess');
  });

  it('moving a source onto a page another source has is refused the same way; re-spelling its own URL is not', async () => {
    const [a, b] = [await create('https://example.org/one'), await create('https://example.org/two')];
    const bId = b.data!.createSource.source.id;
    const moved = await app.gql(updateSource, { id: bId, v: 1, patch: { url: 'https://example.org/one/' } }, editor.headers);
    expect(moved.data!.updateSource).toMatchObject({ __typename: 'DuplicateSourceError', existingSource: { id: a.data!.createSource.source.id } });
    const own = await app.gql(updateSource, { id: bId, v: 1, patch: { url: 'https://example.org/two/?utm_source=x' } }, editor.headers);
    expect(own.data!.updateSource).toMatchObject({ __typename: 'UpdateSourceSuccess', source: { url: 'https://example.org/two/', version: 2 } });
  });

  it('a pasted URL finds its page in the source search, however spelled', async () => {
    const query = `query ($filter: SourceFilter) { sources(first: 5, filter: $filter) { edges { node { id url } } } }`;
    const existing = globalId('Source', ids.sourceId);
    for (const filter of [{ search: 'https://OpenAI.com/index/o3-o4-mini-system-card/?utm_source=x' }, { samePageAs: 'https://openai.com/index/o3-o4-mini-system-card/#evals' }]) {
      const found = await app.gql(query, { filter }, editor.headers);
      expect(found.data!.sources.edges.map((edge: { node: { id: string } }) => edge.node.id)).toEqual([existing]);
    }
    const none = await app.gql(query, { filter: { samePageAs: 'https://openai.com/index/another-page' } }, editor.headers);
    expect(none.data!.sources.edges).toEqual([]);
  });
});

describe('the database refuses a duplicate page by itself', () => {
  it('an INSERT of another spelling of a cited page fails on the unique index', async () => {
    await expect(
      app.db.raw.query(`insert into sources (url, title, publisher, kind, retrieved_at) values ($1, 'Again', 'OpenAI', 'PAPER', '2026-01-01')`, [
        'https://openai.com/index/o3-o4-mini-system-card/?utm_source=sql#x',
      ]),
    ).rejects.toThrow(/sources_normalized_url_key/);
    await expect(
      app.db.raw.query(`update sources set url = 'https://openai.com/index/o3-o4-mini-system-card/' where url = 'https://example.org/two/'`),
    ).rejects.toThrow(/sources_normalized_url_key/);
  });
});
