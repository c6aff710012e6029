import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemoCatalog } from '../../server/import/demo.ts';
import { startTestApp, type TestApp } from '../helpers/app.ts';
import { contractOperations, contractVariables } from '../helpers/contract.ts';
import { CatalogFixture } from '../helpers/fixtures.ts';

// As of a past day: the catalog as the public saw it at the end of that day (UTC), from the numbers'
// own history (verified, withdrawn, effective) and the change log (models published).
const changes = contractOperations('changes.graphql');
const publicOps = contractOperations('public.graphql');

// Days counted from the database's today, read when the catalog is built: the server's "as of" and
// "in the future" follow the database's clock, and a run crossing midnight UTC must not mix two days.
let todayMs = Date.now();
const dayOffset = (days: number) => new Date(todayMs + days * 86_400_000).toISOString().slice(0, 10);
let today = dayOffset(0);
// The contract's whole model page, with an asOf.
const asOfPage = publicOps
  .get('ModelPage')!
  .replace('query ModelPage($slug: String!)', 'query ModelPage($slug: String!, $asOf: Date)')
  .replace('model(slug: $slug)', 'model(slug: $slug, asOf: $asOf)');
let [start, before, changed, after] = [dayOffset(-10), dayOffset(-5), dayOffset(-3), dayOffset(-1)];
const noon = (day: string) => `${day}T12:00:00Z`;
/** The statements sent, shortened, for a failure's message (a full PostgreSQL run once saw 12 where 1 was due). */
const seen = (statements: string[]) => statements.map((text) => text.replace(/\s+/g, ' ').slice(0, 240)).join('\n');

let app: TestApp;
const url = (n: number) => `https://example.test/source-${n}`;

beforeAll(async () => {
  app = await startTestApp(async (db) => {
    const [{ day }] = (await db.raw.query<{ day: string }>(`select current_date::text as day`)) as [{ day: string }];
    todayMs = Date.parse(`${day}T00:00:00Z`);
    [today, start, before, changed, after] = [dayOffset(0), dayOffset(-10), dayOffset(-5), dayOffset(-3), dayOffset(-1)];
    const catalog = new CatalogFixture(db);
    const provider = await catalog.provider('acme', 'Acme AI');
    const bench = await catalog.benchmark('bench');
    const alpha = await catalog.model('alpha', provider);
    const beta = await catalog.model('beta', provider); // published today (its change is now)
    const gamma = await catalog.model('gamma', provider);
    const [s1, s2, s3, s4] = [await catalog.source(), await catalog.source(), await catalog.source(), await catalog.source()];
    expect([s1, s2, s3, s4].length).toBe(4);
    // alpha and gamma were published on the catalog's first day.
    await db.raw.query(`insert into catalog_changes (at, kind, model_id) values ($1, 'MODEL_PUBLISHED', $2), ($1, 'MODEL_PUBLISHED', $3)`, [noon(start), alpha, gamma]);
    // The context window: 128000, superseded on `changed` by 200000.
    await catalog.fact(alpha, 'CONTEXT_WINDOW', '128000', s1, 'SUPERSEDED');
    await catalog.fact(alpha, 'CONTEXT_WINDOW', '200000', s2);
    // INPUT: $1 from the start, $2 from `changed` on (entered ahead, verified the day before it took effect).
    await catalog.price(alpha, 'INPUT', 1, s1, start);
    await catalog.price(alpha, 'INPUT', 2, s2, changed);
    // OUTPUT: $4 superseded on `changed` by a corrected $5 of the same date.
    await catalog.price(alpha, 'OUTPUT', 4, s1, start, 'SUPERSEDED');
    await catalog.price(alpha, 'OUTPUT', 5, s3, start);
    // Scores: alpha's 50 superseded on `changed` by 60; gamma's 55 all along; beta's 70 today.
    await catalog.score(alpha, bench, 50, s1, { status: 'SUPERSEDED' });
    await catalog.score(alpha, bench, 60, s4);
    await catalog.score(gamma, bench, 55, s1);
    await catalog.score(beta, bench, 70, s1);
    const history = async (table: string, where: string, verified: string, withdrawn: string | null) =>
      db.raw.query(`update ${table} set created_at = $1, verified_at = $1, withdrawn_at = $2 where ${where}`, [verified, withdrawn]);
    await history('model_facts', `model_id = ${alpha} and value = '128000'`, noon(start), noon(changed));
    await history('model_facts', `model_id = ${alpha} and value = '200000'`, noon(changed), null);
    await history('prices', `model_id = ${alpha} and usd_per_million_tokens in (1, 4)`, noon(start), null);
    await history('prices', `model_id = ${alpha} and usd_per_million_tokens = 4`, noon(start), noon(changed));
    await history('prices', `model_id = ${alpha} and usd_per_million_tokens = 2`, noon(dayOffset(-4)), null);
    await history('prices', `model_id = ${alpha} and usd_per_million_tokens = 5`, noon(changed), null);
    await history('scores', `model_id = ${alpha} and value = 50`, noon(start), noon(changed));
    await history('scores', `model_id = ${alpha} and value = 60`, noon(changed), null);
    await history('scores', `model_id = ${gamma}`, noon(start), null);
  });
});
afterAll(() => app?.close());

const modelAsOf = async (asOf: string, slug = 'alpha') => {
  const result = await app.gql(changes.get('ModelAsOf')!, { slug, asOf });
  expect(result.errors).toBeUndefined();
  return result.data!.model;
};

describe('a model page as of a past day', () => {
  it('shows the price in effect then, with its citation, and the score and fact public then', async () => {
    const page = await modelAsOf(before);
    expect(page.contextWindow).toEqual({ value: 128000 });
    expect(page.prices).toEqual([
      { kind: 'INPUT', usdPerMillionTokens: 1, citation: { source: { url: url(1) } } },
      { kind: 'OUTPUT', usdPerMillionTokens: 4, citation: { source: { url: url(1) } } },
    ]);
    expect(page.scores).toEqual([{ value: 50, benchmark: { slug: 'bench' }, citation: { source: { url: url(1) } } }]);
  });

  it('never shows a number that was withdrawn without ever being verified (a draft retired, a held import superseded)', async () => {
    await app.db.raw.query(
      `insert into scores (model_id, benchmark_id, value, setting, source_id, locator, retrieved_at, status, origin, created_at)
       select m.id, b.id, v.value, v.setting, (select min(id) from sources), 'Row', $1::date, v.status, v.origin, $2::timestamptz
       from models m, benchmarks b, (values (99.0, 'harness never verified a', 'RETIRED', 'EDITOR'), (98.0, 'harness never verified b', 'SUPERSEDED', 'IMPORT')) v(value, setting, status, origin)
       where m.slug = 'alpha' and b.slug = 'bench'`,
      [start, noon(start)],
    );
    for (const day of [before, after, today]) {
      expect((await modelAsOf(day)).scores.map((score: { value: number }) => score.value)).not.toContain(99);
      expect((await modelAsOf(day)).scores.map((score: { value: number }) => score.value)).not.toContain(98);
    }
  });

  it('shows the new price and score after the change', async () => {
    for (const day of [changed, after, today]) {
      const page = await modelAsOf(day);
      expect(page.contextWindow).toEqual({ value: 200000 });
      expect(page.prices).toEqual([
        { kind: 'INPUT', usdPerMillionTokens: 2, citation: { source: { url: url(2) } } },
        { kind: 'OUTPUT', usdPerMillionTokens: 5, citation: { source: { url: url(3) } } },
      ]);
      expect(page.scores).toEqual([{ value: 60, benchmark: { slug: 'bench' }, citation: { source: { url: url(4) } } }]);
    }
  });

  it('a price verified ahead of its date is not in effect before it', async () => {
    const page = await modelAsOf(dayOffset(-4));
    expect(page.prices.map((price: { usdPerMillionTokens: number }) => price.usdPerMillionTokens)).toEqual([1, 4]);
  });

  it('a model published later is absent before', async () => {
    expect(await modelAsOf(before, 'beta')).toBeNull();
    expect((await modelAsOf(today, 'beta')).slug).toBe('beta');
  });

  it('the FAQ and cost estimate use the prices of that day', async () => {
    const query = `query ($asOf: Date) { model(slug: "alpha", asOf: $asOf) { estimateCost(inputTokens: 1000000, outputTokens: 1000000) } }`;
    expect((await app.gql(query, { asOf: before })).data!.model.estimateCost).toBe(5);
    expect((await app.gql(query, { asOf: today })).data!.model.estimateCost).toBe(7);
  });

  it('is one SQL statement, as the current page', async () => {
    await modelAsOf(before); // the catalog's first day is read once per process
    app.statements.length = 0;
    await modelAsOf(before);
    expect(app.statements, seen(app.statements)).toHaveLength(1);
    app.statements.length = 0;
    await modelAsOf(today);
    expect(app.statements, seen(app.statements)).toHaveLength(1);
  });

  it('the whole contract page as of a past day is one SQL statement', async () => {
    for (const asOf of [before, today]) {
      app.statements.length = 0;
      const result = await app.gql(asOfPage, { slug: 'alpha', asOf });
      expect(result.errors).toBeUndefined();
      expect(result.data!.model.prices).toHaveLength(2);
      expect(app.statements, seen(app.statements)).toHaveLength(1);
    }
  });
});

describe('lists as of a past day', () => {
  it('the leaderboard ranks what was public then', async () => {
    const board = async (asOf: string) => {
      const result = await app.gql(changes.get('LeaderboardAsOf')!, { benchmark: 'bench', asOf });
      expect(result.errors).toBeUndefined();
      return result.data!.leaderboard.map((row: { rank: number; value: number; model: { slug: string } }) => [row.rank, row.value, row.model.slug]);
    };
    expect(await board(before)).toEqual([
      [1, 55, 'gamma'],
      [2, 50, 'alpha'],
    ]);
    expect(await board(today)).toEqual([
      [1, 70, 'beta'],
      [2, 60, 'alpha'],
      [3, 55, 'gamma'],
    ]);
    const current = await app.gql(`{ leaderboard(benchmark: "bench", first: 10) { rank value model { slug } } }`);
    expect(current.data!.leaderboard.map((row: { rank: number; value: number; model: { slug: string } }) => [row.rank, row.value, row.model.slug])).toEqual(
      await board(today),
    );
  });

  it('compare shows the models and scores public then', async () => {
    const query = `query ($asOf: Date) { compare(slugs: ["alpha", "beta", "gamma"], asOf: $asOf) {
      models { slug prices { usdPerMillionTokens } } rows { benchmark { slug } cells { model { slug } value } } } }`;
    const result = await app.gql(query, { asOf: before });
    expect(result.errors).toBeUndefined();
    const comparison = result.data!.compare;
    expect(comparison.models).toEqual([
      { slug: 'alpha', prices: [{ usdPerMillionTokens: 1 }, { usdPerMillionTokens: 4 }] },
      { slug: 'gamma', prices: [] },
    ]);
    expect(comparison.rows).toEqual([
      { benchmark: { slug: 'bench' }, cells: [{ model: { slug: 'alpha' }, value: 50 }, { model: { slug: 'gamma' }, value: 55 }] },
    ]);
  });

  it('models(asOf) lists the models published then', async () => {
    const query = `query ($asOf: Date) { models(first: 10, asOf: $asOf) { totalCount edges { node { slug } } } }`;
    const slugs = async (asOf: string) => {
      const result = await app.gql(query, { asOf });
      expect(result.errors).toBeUndefined();
      const { totalCount, edges } = result.data!.models;
      return { totalCount, slugs: edges.map((edge: { node: { slug: string } }) => edge.node.slug) };
    };
    expect(await slugs(before)).toEqual({ totalCount: 2, slugs: ['alpha', 'gamma'] });
    expect(await slugs(today)).toEqual({ totalCount: 3, slugs: ['alpha', 'beta', 'gamma'] });
  });
});

describe('asOf out of range', () => {
  for (const [name, offset, message] of [
    ['in the future', 1, /future/],
    ['before the catalog began', -11, /before the catalog began/],
  ] as const) {
    it(`${name} is a typed error`, async () => {
      const asOf = dayOffset(offset);
      for (const result of [
        await app.gql(changes.get('ModelAsOf')!, { slug: 'alpha', asOf }),
        await app.gql(changes.get('LeaderboardAsOf')!, { benchmark: 'bench', asOf }),
        await app.gql(`query ($asOf: Date) { compare(slugs: ["alpha"], asOf: $asOf) { rows { cells { value } } } }`, { asOf }),
        await app.gql(`query ($asOf: Date) { models(asOf: $asOf) { edges { node { slug } } } }`, { asOf }),
      ]) {
        expect(result.errors?.[0]?.message).toMatch(message);
        expect(result.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
      }
    });
  }

  it('the catalog’s first day is accepted', async () => {
    expect((await modelAsOf(start)).prices).toHaveLength(2);
  });
});

describe('the demo catalog as of today', () => {
  let demo: TestApp;
  beforeAll(async () => {
    demo = await startTestApp((db) => seedDemoCatalog(db));
  });
  afterAll(() => demo?.close());

  it('equals the current page', async () => {
    const page = publicOps.get('ModelPage')!;
    expect(asOfPage).not.toBe(page);
    const variables = contractVariables().ModelPage!;
    const current = await demo.gql(page, variables);
    expect(current.errors).toBeUndefined();
    expect(current.data!.model).not.toBeNull();
    const asOf = await demo.gql(asOfPage, { ...variables, asOf: today });
    expect(asOf.errors).toBeUndefined();
    expect(asOf.data).toEqual(current.data);
  });

  it('the whole page as of today is one SQL statement, as the current page', async () => {
    const variables = contractVariables().ModelPage!;
    for (const asOf of [undefined, today]) {
      await demo.gql(asOfPage, { ...variables, asOf }); // the catalog's first day is read once per process
      demo.statements.length = 0;
      const result = await demo.gql(asOfPage, { ...variables, asOf });
      expect(result.errors).toBeUndefined();
      expect(demo.statements, seen(demo.statements)).toHaveLength(1);
    }
  });
});
