import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../helpers/app.ts';
import { globalId, insertUser, login, smallCatalog, type Session } from '../helpers/editor.ts';

// What the black-box attack on issue 12's final server found by racing two people's writes: each
// test races them over HTTP and asserts what sequential runs allow (on PGlite, which runs one
// statement at a time, the same rules hold sequentially; on PostgreSQL the rounds interleave).
let app: TestApp;
let editor: Session;
let otherEditor: Session;
let reviewer: Session;
let otherReviewer: Session;
let ids: Awaited<ReturnType<typeof smallCatalog>>;

beforeAll(async () => {
  app = await startTestApp(async (db) => {
    ids = await smallCatalog(db);
    await insertUser(db, 'ed1@sourced.test', 'EDITOR');
    await insertUser(db, 'ed2@sourced.test', 'EDITOR');
    await insertUser(db, 'rev1@sourced.test', 'REVIEWER');
    await insertUser(db, 'rev2@sourced.test', 'REVIEWER');
  });
  editor = await login(app, 'ed1@sourced.test');
  otherEditor = await login(app, 'ed2@sourced.test');
  reviewer = await login(app, 'rev1@sourced.test');
  otherReviewer = await login(app, 'rev2@sourced.test');
});
afterAll(() => app?.close());

const rounds = 6;
const one = async <T>(sql: string, params: unknown[] = []) => (await app.db.raw.query<T>(sql, params))[0]!;

const createScore = `mutation ($input: CreateScoreInput!) {
  createScore(input: $input) { __typename ... on CreateScoreSuccess { score { id version } } ... on Error { message } }
}`;
const verifyScore = `mutation ($id: ID!, $v: Int!) { verifyScore(id: $id, expectedVersion: $v) { __typename ... on Error { message } } }`;
const retireSource = `mutation ($id: ID!, $v: Int!) { retireSource(id: $id, expectedVersion: $v, reason: "Gone for good") { __typename ... on Error { message } } }`;
const updateBenchmark = `mutation ($id: ID!, $v: Int!) {
  updateBenchmark(id: $id, expectedVersion: $v, patch: { scaleMax: 50 }) { __typename ... on Error { message } }
}`;
const retireModel = `mutation ($id: ID!, $v: Int!) { retireModel(id: $id, expectedVersion: $v) { __typename ... on Error { message } } }`;

describe('two people racing, each round ending as some order of the two would', () => {
  it('a score entered while its benchmark’s scale shrinks: never a live score outside the scale', async () => {
    for (let round = 0; round < rounds; round++) {
      const benchmark = await one<{ id: number }>(
        `insert into benchmarks (slug, name, scale_min, scale_max, higher_is_better, publication) values ($1, $1, 0, 100, true, 'DRAFT') returning id`,
        [`shrinking-${round}`],
      );
      await Promise.all([
        app.gql(updateBenchmark, { id: globalId('Benchmark', benchmark.id), v: 1 }, otherEditor.headers),
        app.gql(
          createScore,
          { input: { model: 'o4-mini', benchmark: `shrinking-${round}`, value: 90, citation: { sourceId: globalId('Source', ids.sourceId), locator: 'Table 2' } } },
          editor.headers,
        ),
      ]);
      const outside = await one<{ n: number }>(
        `select count(*)::int as n from scores s join benchmarks b on b.id = s.benchmark_id
          where b.id = $1 and s.status in ('DRAFT', 'PENDING_REVIEW', 'VERIFIED') and s.value > b.scale_max`,
        [benchmark.id],
      );
      expect(outside.n).toBe(0);
    }
  });

  it('an editor retiring a source while a reviewer verifies a number citing it: never both', async () => {
    for (let round = 0; round < rounds; round++) {
      const source = await one<{ id: number }>(
        `insert into sources (url, title, publisher, kind, retrieved_at, created_by) values ($1, 'Page', 'Vendor', 'VENDOR_DOCS', '2026-11-01', null) returning id`,
        [`https://vendor.example/race-${round}`],
      );
      const entered = await app.gql(
        createScore,
        {
          input: {
            model: 'o4-mini',
            benchmark: 'gpqa-diamond',
            value: 50 + round,
            setting: `race ${round}`,
            citation: { sourceId: globalId('Source', source.id), locator: 'Table 1' },
            submitForReview: true,
          },
        },
        otherEditor.headers,
      );
      const score = entered.data!.createScore.score;
      const [retired, verified] = await Promise.all([
        app.gql(retireSource, { id: globalId('Source', source.id), v: 1 }, editor.headers),
        app.gql(verifyScore, { id: score.id, v: score.version }, reviewer.headers),
      ]);
      const outcome = [retired.data!.retireSource.__typename, verified.data!.verifyScore.__typename];
      expect(outcome).not.toEqual(['RetireSourceSuccess', 'VerifyScoreSuccess']);
      const published = await one<{ n: number }>(
        `select count(*)::int as n from scores c join sources s on s.id = c.source_id where s.id = $1 and c.status = 'VERIFIED' and s.retired_at is not null`,
        [source.id],
      );
      expect(published.n).toBe(0);
    }
  });

  it('two reviewers retiring two models of one family at once: both done, no internal error', async () => {
    const family = await one<{ id: number }>(`insert into model_families (slug, name, provider_id) values ('racing', 'Racing', $1) returning id`, [ids.providerId]);
    for (let round = 0; round < rounds; round++) {
      const models = await Promise.all(
        [0, 1].map((n) =>
          one<{ id: number }>(
            `insert into models (slug, name, provider_id, family_id, publication, api_model_id) values ($1, $1, $2, $3, 'PUBLISHED', $1) returning id`,
            [`racer-${round}-${n}`, ids.providerId, family.id],
          ),
        ),
      );
      for (const model of models) {
        await app.db.raw.query(
          `insert into prices (model_id, kind, usd_per_million_tokens, effective_from, source_id, locator, retrieved_at, status, origin)
           values ($1, 'INPUT', $2, '2025-01-01', $3, 'Pricing', '2026-11-01', 'VERIFIED', 'IMPORT')`,
          [model.id, 1 + round, ids.sourceId],
        );
      }
      const answers = await Promise.all(
        models.map((model, n) => app.gql(retireModel, { id: globalId('Model', model.id), v: 1 }, n === 0 ? reviewer.headers : otherReviewer.headers)),
      );
      expect(answers.map((answer) => answer.errors ?? answer.data!.retireModel.__typename)).toEqual(['RetireModelSuccess', 'RetireModelSuccess']);
    }
  });
});
