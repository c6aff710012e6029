import { sql } from 'drizzle-orm';
import { parseAtomFeed, parseJsonFeed } from 'feedsmith';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../helpers/app.ts';
import { globalId, insertUser, login, op, type Session, smallCatalog } from '../helpers/editor.ts';
import { secondInstance, subscribe } from '../helpers/live.ts';

// The public change log: a verification appears in changes(), in both feeds (read by a real feed
// parser), and live to a subscriber of another app instance on the same database.

let app: TestApp;
let editor: Session;
let reviewer: Session;
let sourceId: number;
let laterModelId: number;

async function enterAndVerifyScore(value: number, setting: string, model = 'o4-mini') {
  const created = await app.gql(
    op('CreateScore'),
    { input: { model, benchmark: 'gpqa-diamond', value, setting, citation: { sourceId: globalId('Source', sourceId), locator: 'Table 2' }, submitForReview: true } },
    editor.headers,
  );
  const score = created.data?.createScore.score;
  const verified = await app.gql(op('VerifyScore'), { id: score.id, expectedVersion: score.version }, reviewer.headers);
  expect(verified.data?.verifyScore.__typename).toBe('VerifyScoreSuccess');
  return score;
}

beforeAll(async () => {
  app = await startTestApp(async (db) => {
    const small = await smallCatalog(db);
    sourceId = small.sourceId;
    laterModelId = await small.catalog.model('later-model', small.providerId, { publication: 'DRAFT' });
    await insertUser(db, 'editor@example.com', 'EDITOR');
    await insertUser(db, 'reviewer@example.com', 'REVIEWER');
  });
  editor = await login(app, 'editor@example.com');
  reviewer = await login(app, 'reviewer@example.com');
});
afterAll(() => app?.close());

const changesQuery = `query ($first: Int, $after: String, $since: DateTime, $kinds: [ChangeKind!], $model: String) {
  changes(first: $first, after: $after, since: $since, kinds: $kinds, model: $model) {
    pageInfo { hasNextPage endCursor }
    edges { cursor node { id kind at summary value previousValue model { slug name } benchmark { slug } citation { locator source { url } } } }
  }
}`;

describe('the public change log', () => {
  it('lists a verification, newest first, with its citation, and a correction as a superseded score', async () => {
    const since = new Date(Date.now() - 60_000).toISOString();
    await enterAndVerifyScore(80.1, 'pass@1');
    await enterAndVerifyScore(81.4, 'pass@1');
    const result = await app.gql(changesQuery, { first: 10, since, kinds: ['SCORE_PUBLISHED', 'SCORE_SUPERSEDED'] });
    expect(result.errors).toBeUndefined();
    const nodes = result.data!.changes.edges.map((edge: any) => edge.node);
    expect(nodes.map((node: any) => [node.kind, node.value, node.previousValue])).toEqual([
      ['SCORE_SUPERSEDED', '81.4', '80.1'],
      ['SCORE_PUBLISHED', '80.1', null],
    ]);
    expect(nodes[0]).toMatchObject({
      model: { slug: 'o4-mini' },
      benchmark: { slug: 'gpqa-diamond' },
      citation: { locator: 'Table 2', source: { url: 'https://openai.com/index/o3-o4-mini-system-card' } },
    });
    expect(nodes[0].summary).toMatch(/^o4-mini GPQA-DIAMOND \(pass@1\) 80\.1 → 81\.4, .+, \d{4}-\d\d-\d\d$/);
    // The leaderboard move the first verification made is a change of its own.
    const moves = await app.gql(changesQuery, { first: 5, kinds: ['LEADERBOARD_MOVE'], model: 'o4-mini' });
    expect(moves.data!.changes.edges[0].node.summary).toMatch(/^o4-mini enters GPQA-DIAMOND at #1, /);
  });

  it('pages with cursors and refuses one it did not give out', async () => {
    const first = await app.gql(changesQuery, { first: 1 });
    expect(first.data!.changes.pageInfo.hasNextPage).toBe(true);
    const next = await app.gql(changesQuery, { first: 1, after: first.data!.changes.pageInfo.endCursor });
    expect(Number(Buffer.from(next.data!.changes.edges[0].node.id, 'base64').toString().split(':')[1])).toBeLessThan(
      Number(Buffer.from(first.data!.changes.edges[0].node.id, 'base64').toString().split(':')[1]),
    );
    const forged = await app.gql(changesQuery, { first: 1, after: Buffer.from('Change:x').toString('base64') });
    expect(forged.errors?.[0]?.message).toBe('after: This cursor is not one this list gave out.');
    const ancient = await app.gql(changesQuery, { first: 1, since: '0000-01-01T00:00:00Z' });
    expect(ancient.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });

  it('shows readers nothing about a draft model, and no editor anywhere', async () => {
    const all = await app.gql(changesQuery, { first: 100 });
    const text = JSON.stringify(all.data);
    expect(text).not.toContain('secret-model');
    expect(text).not.toMatch(/@example\.com/);
    // Not even recorded: a number verified on a draft model is not a public change.
    await enterAndVerifyScore(55.5, 'draft check', 'secret-model');
    const [row] = await app.db.raw.query<{ n: number }>(`select count(*)::int as n from catalog_changes c join models m on m.id = c.model_id where m.slug = 'secret-model'`);
    expect(row?.n).toBe(0);
    await expect(app.db.raw.query(`update catalog_changes set value = '1'`)).rejects.toThrow(/append-only/);
  });
});

describe('feeds', () => {
  it('serves the changes as Atom and JSON Feed that a feed parser reads, filtered, with 304s', async () => {
    const atom = await fetch(`${app.url}/feed.atom?model=o4-mini&kinds=SCORE_SUPERSEDED,SCORE_PUBLISHED`);
    expect(atom.status).toBe(200);
    expect(atom.headers.get('content-type')).toBe('application/atom+xml; charset=utf-8');
    const parsedAtom = parseAtomFeed(await atom.text());
    expect(parsedAtom.id).toMatch(/^tag:/);
    expect((parsedAtom.title as { value: string }).value).toContain('model o4-mini');
    expect((parsedAtom.entries![0]!.title as { value: string }).value).toMatch(/^o4-mini GPQA-DIAMOND \(pass@1\) 80\.1 → 81\.4/);
    expect(parsedAtom.entries?.[0]?.links?.[0]?.href).toBe('https://openai.com/index/o3-o4-mini-system-card');

    const json = await fetch(`${app.url}/feed.json`);
    expect(json.headers.get('content-type')).toBe('application/feed+json; charset=utf-8');
    const parsedJson = parseJsonFeed(JSON.parse(await json.text()));
    expect(parsedJson.items?.length).toBeGreaterThan(2);
    expect(parsedJson.items?.[0]?.date_published).toMatch(/^\d{4}-\d\d-\d\dT/);

    const again = await fetch(`${app.url}/feed.json`, { headers: { 'if-none-match': json.headers.get('etag')! } });
    expect(again.status).toBe(304);
    const sinceThen = await fetch(`${app.url}/feed.atom`, { headers: { 'if-modified-since': json.headers.get('last-modified')! } });
    expect(sinceThen.status).toBe(304);
  });

  it('gives the feed a new ETag when its words change without a new change (a cited page renamed)', async () => {
    const before = await fetch(`${app.url}/feed.json`);
    await app.db.raw.query(`update sources set title = 'Renamed system card' where url = 'https://openai.com/index/o3-o4-mini-system-card'`);
    const after = await fetch(`${app.url}/feed.json`, { headers: { 'if-none-match': before.headers.get('etag')! } });
    expect(after.status).toBe(200);
    expect(await after.text()).toContain('Renamed system card');
    // A date in the future proves nothing about what the client holds.
    const future = await fetch(`${app.url}/feed.json`, { headers: { 'if-modified-since': 'Fri, 01 Jan 2100 00:00:00 GMT' } });
    expect(future.status).toBe(200);
  });

  it('answers bad filters with 400 and a message', async () => {
    const cases: [string, string][] = [
      ['/feed.atom?kinds=NOPE', 'kinds must be a comma-separated list of'],
      ['/feed.json?model=%3Cscript%3E', 'model must be a model slug'],
      ['/feed.json?foo=1', 'Unknown parameter "foo"'],
      ['/feed.json?model=a&model=b', 'at most once'],
    ];
    for (const [path, message] of cases) {
      const response = await fetch(`${app.url}${path}`);
      expect(response.status, path).toBe(400);
      expect(((await response.json()) as { errors: { message: string }[] }).errors[0]!.message).toContain(message);
    }
  });
});

describe('what the log records', () => {
  it('records a published score withdrawn without a replacement, cited by the number withdrawn', async () => {
    const score = await enterAndVerifyScore(66.6, 'withdrawal check');
    const withdrawn = await app.gql(
      `mutation ($id: ID!, $v: Int) { retireScore(id: $id, reason: "The vendor took the number back", expectedVersion: $v) { __typename } }`,
      { id: score.id, v: score.version + 1 },
      reviewer.headers,
    );
    expect(withdrawn.data?.retireScore.__typename).toBe('RetireScoreSuccess');
    const [latest] = (await app.gql(changesQuery, { first: 1, model: 'o4-mini' })).data!.changes.edges;
    expect(latest.node).toMatchObject({
      kind: 'SCORE_SUPERSEDED',
      value: null,
      previousValue: '66.6',
      citation: { locator: 'Table 2', source: { url: 'https://openai.com/index/o3-o4-mini-system-card' } },
    });
    expect(latest.node.summary).toMatch(/^o4-mini GPQA-DIAMOND \(withdrawal check\) withdrawn, .+, \d{4}-\d\d-\d\d$/);
  });

  it('records the numbers of a model verified while it was a draft when it is published, after its publication', async () => {
    await enterAndVerifyScore(44.4, 'pass@1', 'later-model');
    expect((await app.gql(changesQuery, { first: 5, model: 'later-model' })).data!.changes.edges).toEqual([]);
    const [{ version }] = (await app.db.raw.query<{ version: number }>(`select version from models where id = $1`, [laterModelId])) as [{ version: number }];
    const since = new Date().toISOString();
    const published = await app.gql(
      `mutation ($id: ID!, $v: Int!) { publishModel(id: $id, expectedVersion: $v) { __typename } }`,
      { id: globalId('Model', laterModelId), v: version },
      reviewer.headers,
    );
    expect(published.data?.publishModel.__typename).toBe('PublishModelSuccess');
    // A reader polling changes(since:) from before the publication sees the model and its number.
    const nodes = (await app.gql(changesQuery, { first: 5, model: 'later-model', since })).data!.changes.edges.map((edge: any) => edge.node);
    expect(nodes.map((node: any) => [node.kind, node.value])).toEqual([
      ['SCORE_PUBLISHED', '44.4'],
      ['MODEL_PUBLISHED', null],
    ]);
    // A launch carries a citation too: one of the model's verified numbers.
    expect(nodes[1].citation).toEqual({ locator: 'Table 2', source: { url: 'https://openai.com/index/o3-o4-mini-system-card' } });
  });

  it('records a price corrected in one transaction as one change, from the old price to the new', async () => {
    await app.db.db.transaction(async (tx) => {
      await tx.execute(sql`update models set input_price = null where slug = 'o4-mini'`);
      await tx.execute(sql`update models set input_price = 5 where slug = 'o4-mini'`);
    });
    await app.db.db.transaction(async (tx) => {
      await tx.execute(sql`update models set input_price = null where slug = 'o4-mini'`);
      await tx.execute(sql`update models set input_price = 4.5 where slug = 'o4-mini'`);
    });
    const nodes = (await app.gql(changesQuery, { first: 3, kinds: ['PRICE_CHANGED'], model: 'o4-mini' })).data!.changes.edges.map((edge: any) => edge.node);
    expect(nodes.slice(0, 2).map((node: any) => [node.previousValue, node.value])).toEqual([
      ['5', '4.5'],
      [null, '5'],
    ]);
  });

  it('records a score on a draft benchmark when the benchmark is published, not before', async () => {
    const [{ id: benchmarkId }] = (await app.db.raw.query<{ id: number }>(
      `insert into benchmarks (slug, name, scale_min, scale_max, publication) values ('hidden-bench', 'Hidden bench', 0, 100, 'DRAFT') returning id`,
    )) as [{ id: number }];
    await app.db.raw.query(
      `insert into scores (model_id, benchmark_id, value, setting, source_id, locator, retrieved_at, status, origin)
       select id, $1, 55.5, 'pass@1', $2, 'Table 4', '2026-11-01', 'VERIFIED', 'IMPORT' from models where slug = 'o4-mini'`,
      [benchmarkId, sourceId],
    );
    const count = async () => ((await app.db.raw.query<{ n: number }>(`select count(*)::int as n from catalog_changes where benchmark_id = $1`, [benchmarkId])) as [{ n: number }])[0].n;
    expect(await count()).toBe(0);
    const since = new Date().toISOString();
    await app.db.raw.query(`update benchmarks set publication = 'PUBLISHED' where id = $1`, [benchmarkId]);
    const nodes = (await app.gql(changesQuery, { first: 5, since, kinds: ['SCORE_PUBLISHED'] })).data!.changes.edges.map((edge: any) => edge.node);
    expect(nodes.map((node: any) => [node.benchmark?.slug, node.value])).toEqual([['hidden-bench', '55.5']]);
  });

  it('records the moves a benchmark turning its direction makes on its boards', async () => {
    await app.db.raw.query(`update benchmarks set higher_is_better = false where slug = 'gpqa-diamond'`);
    try {
      const moves = (await app.gql(changesQuery, { first: 10, kinds: ['LEADERBOARD_MOVE'] })).data!.changes.edges.map((edge: any) => edge.node);
      // pass@1: o4-mini 81.4 was #1 and later-model 44.4 #2; lower is better now.
      expect(moves.slice(0, 2).map((move: any) => move.summary.split(', ')[0])).toEqual([
        'o4-mini moves to #2 on GPQA-DIAMOND (was #1)',
        'later-model moves to #1 on GPQA-DIAMOND (was #2)',
      ]);
    } finally {
      await app.db.raw.query(`update benchmarks set higher_is_better = true where slug = 'gpqa-diamond'`);
    }
  });

  it('shows no model through the changes of one since retired, and records nothing verified after', async () => {
    const [{ version }] = (await app.db.raw.query<{ version: number }>(`select version from models where id = $1`, [laterModelId])) as [{ version: number }];
    const retired = await app.gql(
      `mutation ($id: ID!, $v: Int!) { retireModel(id: $id, expectedVersion: $v) { __typename } }`,
      { id: globalId('Model', laterModelId), v: version },
      reviewer.headers,
    );
    expect(retired.data?.retireModel.__typename).toBe('RetireModelSuccess');
    const [{ count: before }] = (await app.db.raw.query<{ count: number }>(`select count(*)::int as count from catalog_changes where model_id = $1`, [laterModelId])) as [{ count: number }];
    // A number verified on a retired model was never public.
    await app.db.raw.query(
      `insert into scores (model_id, benchmark_id, value, setting, source_id, locator, retrieved_at, status, origin)
       select $1, id, 98.76, 'after retirement', $2, 'Table 9', '2026-11-01', 'VERIFIED', 'IMPORT' from benchmarks where slug = 'gpqa-diamond'`,
      [laterModelId, sourceId],
    );
    const [{ count: after }] = (await app.db.raw.query<{ count: number }>(`select count(*)::int as count from catalog_changes where model_id = $1`, [laterModelId])) as [{ count: number }];
    expect(after).toBe(before);
    const nodes = (await app.gql(`{ changes(first: 5, model: "later-model") { edges { node { kind summary model { slug scores { value } } } } } }`)).data!.changes.edges.map((edge: any) => edge.node);
    expect(nodes[0]).toMatchObject({ kind: 'MODEL_RETIRED', summary: expect.stringMatching(/^later-model retired, /), model: null });
    expect(JSON.stringify(nodes)).not.toContain('98.76');
  });
});

describe('live', () => {
  it('holds at most 10 subscriptions per client address', async () => {
    const open = [];
    try {
      for (let i = 0; i < 10; i++) open.push(await subscribe(app.url, 'subscription { catalogChanged { id } }', {}));
      const response = await fetch(`${app.url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'text/event-stream' },
        body: JSON.stringify({ query: 'subscription { catalogChanged { id } }' }),
      });
      const text = await response.text();
      expect(text).toContain('At most 10 live subscriptions per client');
    } finally {
      for (const subscription of open) subscription.close();
    }
  });


  it('holds a subscription to the cost limit, as every query is: its selection runs for every change and subscriber', async () => {
    const nested = (depth: number): string => (depth === 0 ? 'slug name tagline about prices { kind usdPerMillionTokens } faq { question answer }' : `slug compareWith(first: 5) { ${nested(depth - 1)} }`);
    const response = await fetch(`${app.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'text/event-stream' },
      body: JSON.stringify({ query: `subscription { catalogChanged { id model { ${nested(4)} } } }` }),
    });
    expect(await response.text()).toMatch(/Query cost limit of 500 exceeded, found \d+/);
    // The contract's subscription is well within it.
    const contract = await subscribe(app.url, 'subscription CatalogChanged($kinds: [ChangeKind!]) { catalogChanged(kinds: $kinds) { id kind at summary model { slug } } }', {});
    contract.close();
  });

  it('tells a subscriber of another instance about a verification', async () => {
    const other = await secondInstance(app);
    const subscription = await subscribe(other.url, `subscription ($kinds: [ChangeKind!]) { catalogChanged(kinds: $kinds) { id kind summary value model { slug } } }`, {
      kinds: ['SCORE_SUPERSEDED'],
    });
    try {
      await enterAndVerifyScore(82.0, 'pass@1');
      const event = await subscription.next();
      expect(event.data.catalogChanged).toMatchObject({ kind: 'SCORE_SUPERSEDED', value: '82', model: { slug: 'o4-mini' } });
    } finally {
      subscription.close();
      await other.close();
    }
  });
});
