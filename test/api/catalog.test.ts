import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../helpers/app.ts';
import { CatalogFixture } from '../helpers/fixtures.ts';

// Behaviour of the public lists on a catalog with known shapes: pagination, filters, orders,
// rankings and visibility of unpublished data.
let app: TestApp;
const ids: Record<string, number> = {};

beforeAll(async () => {
  app = await startTestApp(async (db) => {
    const catalog = new CatalogFixture(db);
    const acme = await catalog.provider('acme', 'Acme AI');
    const open = await catalog.provider('openlab', 'Open Lab');
    const source = await catalog.source();
    const gpqa = await catalog.benchmark('gpqa');
    const latency = await catalog.benchmark('latency-ms', { higherIsBetter: false, max: 10_000 });
    // 25 published models with varied facts; ties in release date on purpose.
    for (let i = 0; i < 25; i++) {
      const slug = `model-${String(i).padStart(2, '0')}`;
      const id = await catalog.model(slug, i % 2 ? open : acme, { openWeights: i % 2 === 1 });
      ids[slug] = id;
      await catalog.fact(id, 'RELEASE_DATE', `2025-0${(i % 5) + 1}-01`, source);
      if (i % 4 !== 0) await catalog.fact(id, 'CONTEXT_WINDOW', String(32_000 * (i + 1)), source);
      await catalog.price(id, 'INPUT', i / 10, source);
      await catalog.score(id, gpqa, [90, 80, 80, 70][i % 4]! - i / 100, source);
    }
    // Ties: two models with exactly the same GPQA value.
    const tieA = await catalog.model('tie-a', acme);
    const tieB = await catalog.model('tie-b', acme);
    await catalog.score(tieA, gpqa, 95, source);
    await catalog.score(tieB, gpqa, 95, source);
    await catalog.score(ids['model-00']!, latency, 300, source);
    await catalog.score(ids['model-01']!, latency, 120, source);
    await catalog.score(ids['model-02']!, latency, 800, source);
    // Unpublished things that must stay invisible.
    const draft = await catalog.model('secret-draft', acme, { publication: 'DRAFT' });
    ids['secret-draft'] = draft;
    await catalog.score(draft, gpqa, 99.9, source);
    await catalog.score(ids['model-03']!, gpqa, 99.5, await catalog.source('https://example.test/unverified'), {
      status: 'PENDING_REVIEW',
      setting: 'pending',
    });
  });
});
afterAll(() => app?.close());

const modelsQuery = `query($first: Int, $after: String, $filter: ModelFilter, $orderBy: ModelOrder) {
  models(first: $first, after: $after, filter: $filter, orderBy: $orderBy) {
    totalCount
    pageInfo { hasNextPage endCursor }
    edges { cursor node { slug releaseDate { value } contextWindow { value } provider { slug } license { openWeights } prices { kind usdPerMillionTokens } } }
  }
}`;

async function allPages(variables: Record<string, unknown>, pageSize = 4) {
  const slugs: string[] = [];
  const nodes: any[] = [];
  let after: string | null = null;
  let totalCount = 0;
  for (let page = 0; page < 100; page++) {
    const result: { errors?: unknown; data?: any } = await app.gql(modelsQuery, { ...variables, first: pageSize, after });
    expect(result.errors).toBeUndefined();
    const connection: any = result.data!.models;
    totalCount = connection.totalCount;
    for (const edge of connection.edges) {
      slugs.push(edge.node.slug);
      nodes.push(edge.node);
    }
    if (!connection.pageInfo.hasNextPage) break;
    after = connection.pageInfo.endCursor;
  }
  return { slugs, nodes, totalCount };
}

function sortKeyOf(field: string, node: any): string | number {
  if (field === 'NAME') return node.slug; // fixture names follow their slugs
  if (field === 'RELEASE_DATE') return node.releaseDate?.value ?? '0000';
  if (field === 'CONTEXT_WINDOW') return node.contextWindow?.value ?? 0;
  return node.prices.find((price: { kind: string }) => price.kind === 'INPUT')?.usdPerMillionTokens ?? 0;
}

describe('models pagination', () => {
  for (const field of ['NAME', 'RELEASE_DATE', 'CONTEXT_WINDOW', 'INPUT_PRICE']) {
    for (const direction of ['ASC', 'DESC']) {
      it(`visits every published model exactly once ordered by ${field} ${direction}, and totalCount agrees`, async () => {
        const { slugs, nodes, totalCount } = await allPages({ orderBy: { field, direction } });
        expect(totalCount).toBe(27);
        expect(slugs).toHaveLength(27);
        expect(new Set(slugs).size).toBe(27);
        expect(slugs).not.toContain('secret-draft');
        // The pages come in the order asked for (a missing value sorts as the lowest).
        const keys = nodes.map((node) => sortKeyOf(field, node));
        const sorted = [...keys].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
        expect(keys).toEqual(direction === 'ASC' ? sorted : sorted.reverse());
      });
    }
  }

  it('orders by release date newest first, ties broken consistently', async () => {
    const { nodes } = await allPages({ orderBy: { field: 'RELEASE_DATE', direction: 'DESC' } });
    const dates = nodes.map((node) => node.releaseDate?.value ?? '0000');
    expect(dates).toEqual([...dates].sort().reverse());
  });

  it('orders by score on a benchmark', async () => {
    const result = await app.gql(modelsQuery, { first: 3, orderBy: { field: 'SCORE', benchmark: 'gpqa', direction: 'DESC' } });
    expect(result.data!.models.edges.map((edge: any) => edge.node.slug)).toEqual(['tie-b', 'tie-a', 'model-00']); // ties: the id follows the direction, so one index serves the order
  });

  it('explains that ordering by score needs a benchmark', async () => {
    const result = await app.gql(modelsQuery, { first: 3, orderBy: { field: 'SCORE' } });
    expect(result.errors?.[0]?.message).toMatch(/needs a benchmark/);
  });
});

describe('models filters', () => {
  it('filters by provider, open weights and minimum context window together', async () => {
    const { nodes, totalCount } = await allPages({ filter: { provider: 'openlab', openWeights: true, minContextWindow: 300_000 } });
    expect(totalCount).toBe(nodes.length);
    expect(nodes.length).toBeGreaterThan(0);
    for (const node of nodes) {
      expect(node.provider.slug).toBe('openlab');
      expect(node.license.openWeights).toBe(true);
      expect(node.contextWindow.value).toBeGreaterThanOrEqual(300_000);
    }
  });

  it('filters by price range and release dates', async () => {
    const { nodes } = await allPages({ filter: { maxInputPrice: 1, releasedAfter: '2025-03-01', releasedBefore: '2025-04-30' } });
    expect(nodes.length).toBeGreaterThan(0);
    for (const node of nodes) {
      expect(node.prices.find((price: any) => price.kind === 'INPUT').usdPerMillionTokens).toBeLessThanOrEqual(1);
      expect(node.releaseDate.value >= '2025-03-01' && node.releaseDate.value <= '2025-04-30').toBe(true);
    }
  });

  it('leaves out models whose price, context window or release date is unknown', async () => {
    // 25 models with prices and release dates, 18 of them with a context window; tie-a and tie-b have none.
    expect((await allPages({ filter: { maxInputPrice: 100 } })).totalCount).toBe(25);
    expect((await allPages({ filter: { minInputPrice: 0 } })).totalCount).toBe(25);
    expect((await allPages({ filter: { minContextWindow: 0 } })).totalCount).toBe(18);
    expect((await allPages({ filter: { releasedBefore: '2100-01-01' } })).totalCount).toBe(25);
    expect((await allPages({ filter: { releasedAfter: '2025-05-01' } })).slugs.sort()).toEqual(['model-04', 'model-09', 'model-14', 'model-19', 'model-24']);
  });

  it('searches names and slugs, treating % and _ literally', async () => {
    expect((await allPages({ filter: { search: 'MODEL-1' } })).slugs.sort()).toEqual(
      ['model-10', 'model-11', 'model-12', 'model-13', 'model-14', 'model-15', 'model-16', 'model-17', 'model-18', 'model-19'],
    );
    expect((await allPages({ filter: { search: '%' } })).totalCount).toBe(0);
  });
});

describe('leaderboard', () => {
  const leaderboardQuery = `query($benchmark: String!, $first: Int, $filter: ModelFilter) {
    leaderboard(benchmark: $benchmark, first: $first, filter: $filter) { rank value model { slug } citation { locator source { url } } }
  }`;

  it('ranks published scores best first; ties share a rank', async () => {
    const result = await app.gql(leaderboardQuery, { benchmark: 'gpqa', first: 5 });
    const rows = result.data!.leaderboard;
    expect(rows.map((row: any) => [row.rank, row.value])).toEqual([
      [1, 95],
      [1, 95],
      [3, 90],
      [4, 89.96],
      [5, 89.92],
    ]);
    for (const row of rows) expect(row.citation.source.url).toMatch(/^https:\/\//);
  });

  it('orders ascending when lower is better', async () => {
    const result = await app.gql(leaderboardQuery, { benchmark: 'latency-ms' });
    expect(result.data!.leaderboard.map((row: any) => row.value)).toEqual([120, 300, 800]);
  });

  it('never shows drafts, pending scores or unpublished models', async () => {
    const result = await app.gql(leaderboardQuery, { benchmark: 'gpqa', first: 100 });
    const slugs = result.data!.leaderboard.map((row: any) => row.model.slug);
    expect(slugs).not.toContain('secret-draft');
    expect(result.data!.leaderboard.map((row: any) => row.value)).not.toContain(99.5);
    expect(slugs).toHaveLength(27);
  });

  it('applies the model filter', async () => {
    const result = await app.gql(leaderboardQuery, { benchmark: 'gpqa', first: 100, filter: { provider: 'openlab' } });
    expect(result.data!.leaderboard).toHaveLength(12);
  });
});

describe('visibility of unpublished data', () => {
  it('model(slug) and node(id) do not reveal a draft model', async () => {
    expect((await app.gql('{ model(slug: "secret-draft") { slug } }')).data!.model).toBeNull();
    const id = Buffer.from(`Model:${ids['secret-draft']}`).toString('base64');
    const result = await app.gql('query($id: ID!) { node(id: $id) { id } }', { id });
    expect(result.errors).toBeUndefined();
    expect(result.data!.node).toBeNull();
  });

  it('node(id) finds a published model', async () => {
    const id = Buffer.from(`Model:${ids['model-00']}`).toString('base64');
    const result = await app.gql('query($id: ID!) { node(id: $id) { ... on Model { slug } } }', { id });
    expect(result.data!.node).toEqual({ slug: 'model-00' });
  });

  it('a model page shows no score on a draft benchmark and no draft family', async () => {
    const source = await new CatalogFixture(app.db).source('https://example.test/draft-bench');
    const [bench] = await app.db.raw.query<{ id: number }>(`insert into benchmarks (slug, name, scale_min, scale_max, higher_is_better, publication)
      values ('secret-bench', 'Secret Bench', 0, 100, true, 'DRAFT') returning id`);
    await new CatalogFixture(app.db).score(ids['model-04']!, bench!.id, 42, source);
    const [family] = await app.db.raw.query<{ id: number }>(`insert into model_families (slug, name, provider_id, publication)
      select 'secret-line', 'Secret line', provider_id, 'DRAFT' from models where id = $1 returning id`, [ids['model-04']]);
    await app.db.raw.query('update models set family_id = $1 where id = $2', [family!.id, ids['model-04']]);

    const page = await app.gql('{ model(slug: "model-04") { family { slug } scores { value benchmark { slug } } } }');
    expect(page.errors).toBeUndefined();
    expect(page.data!.model.family).toBeNull();
    expect(page.data!.model.scores.map((score: any) => score.benchmark.slug)).toEqual(['gpqa']);
    const compared = await app.gql('{ compare(slugs: ["model-04", "model-05"]) { benchmarks { slug } } }');
    expect(compared.data!.compare.benchmarks.map((b: any) => b.slug)).not.toContain('secret-bench');
    // Published, the benchmark's score shows.
    await app.db.raw.query(`update benchmarks set publication = 'PUBLISHED' where id = $1`, [bench!.id]);
    const published = await app.gql('{ model(slug: "model-04") { scores { value benchmark { slug } } } }');
    expect(published.data!.model.scores.map((score: any) => score.benchmark.slug).sort()).toEqual(['gpqa', 'secret-bench']);
    await app.db.raw.query(`update benchmarks set publication = 'RETIRED' where id = $1`, [bench!.id]);
  });

  it('a source cited only by an unverified score is not public', async () => {
    const result = await app.gql('{ sources(first: 100) { totalCount edges { node { url citationCount } } } }');
    const urls = result.data!.sources.edges.map((edge: any) => edge.node.url);
    expect(urls).not.toContain('https://example.test/unverified');
    expect(result.data!.sources.totalCount).toBe(urls.length);
  });
});
