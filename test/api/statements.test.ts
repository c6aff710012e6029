import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { refreshSimilaritiesAround } from '../../server/catalog/similarity.ts';
import { declareDefaultSettings } from '../../server/import/run.ts';
import { startTestApp, type TestApp } from '../helpers/app.ts';
import { contractOperations } from '../helpers/contract.ts';
import { globalId, insertUser, login, op, smallCatalog, type Session } from '../helpers/editor.ts';
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
    // As the importer declares them: each benchmark's board is the setting most of its results share.
    await declareDefaultSettings(db.db);
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

  it('Leaderboard of a benchmark without a declared default setting runs two: its most common conditions, then the page', async () => {
    await app.db.raw.query(`update benchmarks set default_setting = null where slug = 'bench-2'`);
    // Every process reloads its benchmarks on such a change (catalogMeta.ts): done before counting.
    await expect.poll(async () => (await app.gql('{ benchmark(slug: "bench-2") { defaultSetting } }')).data?.benchmark.defaultSetting).toBe('');
    app.statements.length = 0;
    const result = await app.gql(operations.get('Leaderboard')!, { benchmark: 'bench-2', first: 5 });
    expect(result.errors).toBeUndefined();
    expect(app.statements).toHaveLength(2);
  });

  it('Models with totalCount, as front ends send it, runs one statement (the count within it); otherwise two (the page and the count)', async () => {
    app.statements.length = 0;
    const result = await app.gql(operations.get('Models')!, { first: 50 });
    expect(result.errors).toBeUndefined();
    expect(result.data?.models.edges).toHaveLength(50);
    expect(result.data?.models.totalCount).toBe(103);
    expect(app.statements).toHaveLength(1);
    // A browser's request (with Origin) takes the general path.
    app.statements.length = 0;
    const general = await app.gql(operations.get('Models')!, { first: 50 }, { origin: 'http://front-end.example' });
    expect(general.data).toEqual(result.data);
    expect(app.statements).toHaveLength(2);
  });

  it('a list asking facts without their citation reads no citation', async () => {
    app.statements.length = 0;
    const result = await app.gql(operations.get('Models')!, { first: 5 });
    expect(result.data?.models.edges[0].node.releaseDate).toEqual({ value: '2025-01-01' });
    expect(app.statements.join('\n')).not.toMatch(/evidence_excerpt|locator/);
    // Asked beside the value, under another name or through a fragment, the citation is read.
    const cited = await app.gql(`{ model(slug: "model-5") {
      releaseDate { value } date: releaseDate { citation { locator source { url } } }
      contextWindow { value ...on SourcedInt { citation { source { url } } } }
    } }`);
    expect(cited.errors).toBeUndefined();
    expect(cited.data?.model.date.citation.source.url).toMatch(/^https?:/);
    expect(cited.data?.model.contextWindow.citation.source.url).toMatch(/^https?:/);
  });
});

// A write is one transaction: each row it touches is locked once and changed once, so no statement
// text repeats. Counted at the driver, BEGIN and COMMIT included, and the session lookup of the request.
describe('statements per write', () => {
  let writes: TestApp;
  let editor: Session;
  let reviewer: Session;
  let sourceId: string;
  let modelId: number;

  beforeAll(async () => {
    writes = await startTestApp(async (db) => {
      const small = await smallCatalog(db);
      sourceId = globalId('Source', small.sourceId);
      modelId = small.modelId;
      await insertUser(db, 'editor@sourced.test', 'EDITOR');
      await insertUser(db, 'reviewer@sourced.test', 'REVIEWER');
    });
    editor = await login(writes, 'editor@sourced.test');
    reviewer = await login(writes, 'reviewer@sourced.test');
  });
  afterAll(() => writes?.close());

  const repeated = (statements: string[]) => statements.filter((text, i) => statements.indexOf(text) !== i);
  const createScore = (value: number, headers: Record<string, string>, setting = 'pass@1') =>
    writes.gql(
      op('CreateScore'),
      { input: { model: 'o4-mini', benchmark: 'gpqa-diamond', value, setting, submitForReview: true, citation: { sourceId, locator: 'Table 2' } } },
      headers,
    );

  it('createScore repeats no statement', async () => {
    writes.statements.length = 0;
    const created = await createScore(71, editor.headers);
    expect(created.data?.createScore.__typename).toBe('CreateScoreSuccess');
    if (process.env.PRINT_STATEMENTS) console.log(`createScore: ${writes.statements.length}\n${writes.statements.join('\n')}`);
    expect(repeated(writes.statements)).toEqual([]);
  });

  it('verifyScore, superseding a verified value, locks each row once: no repeated statement, at most 8 besides the "compare with" refresh', async () => {
    // A verified score moves its model's "compare with" suggestions: server/catalog/similarity.ts refreshes them in
    // the same transaction, in statements of its own (counted here, allowed on top of the 8).
    writes.statements.length = 0;
    await refreshSimilaritiesAround(writes.db.db, modelId);
    const refresh = writes.statements.length;
    for (const value of [72, 73]) {
      const created = await createScore(value, editor.headers, 'pass@5');
      const { id, version } = created.data?.createScore.score ?? expect.fail(JSON.stringify(created));
      writes.statements.length = 0;
      const verified = await writes.gql(op('VerifyScore'), { id, expectedVersion: version }, reviewer.headers);
      expect(verified.data?.verifyScore).toMatchObject({ __typename: 'VerifyScoreSuccess', score: { status: 'VERIFIED' } });
      if (process.env.PRINT_STATEMENTS) console.log(`verifyScore: ${writes.statements.length}\n${writes.statements.join('\n')}`);
      expect(repeated(writes.statements)).toEqual([]);
      // The session, BEGIN, the locks (source, then claim), the superseding UPDATE, the verifying UPDATE
      // (four eyes in its WHERE), the audit event, COMMIT, the answer.
      expect(writes.statements.length - refresh).toBeLessThanOrEqual(8);
    }
    const [superseded] = await writes.db.raw.query<{ value: number; status: string }>(
      `select value, status from scores where setting = 'pass@5' and superseded_by is not null`,
    );
    expect(superseded).toEqual({ value: 72, status: 'SUPERSEDED' });
  });
});
