import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { catchUpModelPrices } from '../../server/catalog/currentPrices.ts';
import { refreshModelSimilarities } from '../../server/catalog/similarity.ts';
import { startTestApp, type TestApp } from '../helpers/app.ts';
import { CatalogFixture } from '../helpers/fixtures.ts';

// A price dated ahead (a announced price change) comes into effect on its day with nobody writing;
// lists that filter and order by price, and "compare with", must follow it then.
let app: TestApp;
const ids: Record<string, number> = {};
const inDays = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);
const on = (day: string) => sql`${day}::date`;

beforeAll(async () => {
  app = await startTestApp(async (db) => {
    const catalog = new CatalogFixture(db);
    const acme = await catalog.provider('acme', 'Acme AI');
    const source = await catalog.source();
    for (const [slug, price] of [
      ['rising', 1],
      ['cheap', 1.2],
      ['dear', 9],
    ] as const) {
      ids[slug] = await catalog.model(slug, acme);
      await catalog.price(ids[slug]!, 'INPUT', price, source);
    }
    // Announced: "rising" costs $10 three days from now, "cheap" $0.50 five days from now.
    await catalog.price(ids.rising!, 'INPUT', 10, source, inDays(3));
    await catalog.price(ids.cheap!, 'INPUT', 0.5, source, inDays(5));
    await refreshModelSimilarities(db.db);
  });
});
afterAll(() => app?.close());

async function slugs(filter: Record<string, unknown>) {
  const result = await app.gql(
    `query($filter: ModelFilter) { models(first: 10, filter: $filter, orderBy: { field: INPUT_PRICE, direction: ASC }) { edges { node { slug } } } }`,
    { filter },
  );
  expect(result.errors).toBeUndefined();
  return result.data!.models.edges.map((edge: { node: { slug: string } }) => edge.node.slug);
}
async function compareWith(slug: string) {
  const result = await app.gql(`query($slug: String!) { model(slug: $slug) { compareWith(first: 5) { slug } } }`, { slug });
  expect(result.errors).toBeUndefined();
  return result.data!.model.compareWith.map((model: { slug: string }) => model.slug);
}
const catalogVersion = async () => Number((await app.db.raw.query<{ v: string }>('select version as v from catalog_version'))[0]!.v);

describe('prices dated ahead', () => {
  it('are not in effect before their day: lists go by the price of today', async () => {
    expect(await slugs({})).toEqual(['rising', 'cheap', 'dear']);
    expect(await slugs({ maxInputPrice: 2 })).toEqual(['rising', 'cheap']);
    expect(await compareWith('rising')).toEqual(['cheap', 'dear']);
  });

  it('when nothing came into effect, the catch-up writes nothing (cached responses stay valid)', async () => {
    const before = await catalogVersion();
    const { today, updated } = await catchUpModelPrices(app.db.db, null);
    expect(updated).toEqual([]);
    expect(today).toBe((await app.db.raw.query<{ d: string }>('select current_date::text as d'))[0]!.d);
    expect(await catalogVersion()).toBe(before);
  });

  it('on their day, the catch-up copies them to their models: filters, order and "compare with" follow', async () => {
    const before = await catalogVersion();
    // At start (no previous run), after the server was down over the day: every model is checked.
    expect(await catchUpModelPrices(app.db.db, null, on(inDays(3)))).toEqual({ today: inDays(3), updated: [ids.rising] });
    expect(await catalogVersion()).toBeGreaterThan(before);
    expect(await slugs({})).toEqual(['cheap', 'dear', 'rising']);
    expect(await slugs({ maxInputPrice: 2 })).toEqual(['cheap']);
    expect(await slugs({ minInputPrice: 10 })).toEqual(['rising']);
    // $10 is now closer to $9 than to $1.20.
    expect(await compareWith('rising')).toEqual(['dear', 'cheap']);
  });

  it('later runs look only at prices dated since the previous one', async () => {
    const before = await catalogVersion();
    expect(await catchUpModelPrices(app.db.db, inDays(3), on(inDays(3)))).toEqual({ today: inDays(3), updated: [] });
    expect(await catchUpModelPrices(app.db.db, inDays(3), on(inDays(4)))).toEqual({ today: inDays(4), updated: [] });
    expect(await catalogVersion()).toBe(before);
    expect(await catchUpModelPrices(app.db.db, inDays(4), on(inDays(5)))).toEqual({ today: inDays(5), updated: [ids.cheap] });
    expect(await slugs({})).toEqual(['cheap', 'dear', 'rising']);
    expect(await slugs({ maxInputPrice: 0.5 })).toEqual(['cheap']);
  });
});
