import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../helpers/app.ts';
import { contractOperations } from '../helpers/contract.ts';
import { CatalogFixture } from '../helpers/fixtures.ts';

// A page is one SQL statement however many scores it shows: the query planner turns the whole
// selection into one statement with lateral joins, and benchmarks/methodology come from the
// in-process cache. Statements are counted at the driver.
const operations = contractOperations('public.graphql');
const sizes = [5, 20, 100];

let app: TestApp;

beforeAll(async () => {
  app = await startTestApp(async (db) => {
    const catalog = new CatalogFixture(db);
    const provider = await catalog.provider('acme', 'Acme AI');
    await db.raw.query(`insert into site_texts (key, body) values ('methodology', 'Every number cites its source.')`);
    const benchmarkIds: number[] = [];
    for (let i = 0; i < 100; i++) benchmarkIds.push(await catalog.benchmark(`bench-${i}`));
    for (const size of sizes) {
      const model = await catalog.model(`model-${size}`, provider);
      const source = await catalog.source();
      await catalog.fact(model, 'RELEASE_DATE', '2025-01-01', source);
      await catalog.fact(model, 'CONTEXT_WINDOW', '128000', source);
      await catalog.price(model, 'INPUT', 1, source);
      await catalog.price(model, 'OUTPUT', 2, source);
      for (const benchmark of benchmarkIds.slice(0, size)) await catalog.score(model, benchmark, 50 + (size % 7), source);
    }
    // Leaderboard sizes: bench-0 has 3 scores; add more models to reach 100 rows on bench-1.
    const source = await catalog.source();
    for (let i = 0; i < 100; i++) {
      const model = await catalog.model(`runner-${i}`, provider);
      await catalog.score(model, benchmarkIds[1]!, i % 90, source);
    }
  });
});

afterAll(() => app?.close());

describe('statements per page', () => {
  for (const size of sizes) {
    it(`ModelPage with ${size} scores runs one SQL statement`, async () => {
      app.statements.length = 0;
      const result = await app.gql(operations.get('ModelPage')!, { slug: `model-${size}` });
      expect(result.errors).toBeUndefined();
      expect(result.data?.model.scores).toHaveLength(size);
      expect(app.statements).toHaveLength(1);
    });
  }

  for (const first of sizes) {
    it(`Leaderboard with first: ${first} runs one SQL statement`, async () => {
      app.statements.length = 0;
      const result = await app.gql(operations.get('Leaderboard')!, { benchmark: 'bench-1', first });
      expect(result.errors).toBeUndefined();
      expect(result.data?.leaderboard).toHaveLength(Math.min(first, 102));
      expect(app.statements).toHaveLength(1);
    });
  }

  it('Models with totalCount runs two statements (the page and the count)', async () => {
    app.statements.length = 0;
    const result = await app.gql(operations.get('Models')!, { first: 50 });
    expect(result.errors).toBeUndefined();
    expect(result.data?.models.edges).toHaveLength(50);
    expect(app.statements).toHaveLength(2);
  });
});
