import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../helpers/app.ts';
import { contractOperations } from '../helpers/contract.ts';
import { CatalogFixture } from '../helpers/fixtures.ts';
import type { TestDatabase } from '../helpers/database.ts';
import { rankByIntervals } from '../../server/graphql/leaderboard.ts';
import { globalId, insertUser, login, type Session } from '../helpers/editor.ts';

// Comparable results (contract/results.graphql): a leaderboard ranks only rows obtained the same way,
// lists the others with why, and ties rows whose stated intervals overlap.

const results = contractOperations('results.graphql');
let app: TestApp;
let editor: Session;
let reviewer: Session;
let sourceId: number;

async function score(db: TestDatabase, model: string, value: number, columns: Record<string, unknown>) {
  const [row] = await db.raw.query<{ id: number }>(
    `insert into scores (model_id, benchmark_id, value, setting, source_id, locator, retrieved_at, status, origin, run_by,
       shots, tools, pass_at_k, stderr, interval_low, interval_high, interval_level, samples, harness)
     select m.id, b.id, $2, $3, $4, 'Table 1', '2026-11-01', 'VERIFIED', 'IMPORT', $5, $6, $7, $8, $9, $10, $11, $12, $13, $14
     from models m, benchmarks b where m.slug = $1 and b.slug = 'mmlu-pro' returning id`,
    [model, value, columns.setting, sourceId, columns.runBy ?? 'INDEPENDENT', columns.shots ?? null, columns.tools ?? null, columns.passAtK ?? null,
      columns.stderr ?? null, columns.low ?? null, columns.high ?? null, columns.level ?? null, columns.samples ?? null, columns.harness ?? null],
  );
  return row!.id;
}

beforeAll(async () => {
  app = await startTestApp(async (db) => {
    const catalog = new CatalogFixture(db);
    const provider = await catalog.provider('lab', 'Lab');
    for (const slug of ['vendor-model', 'model-b', 'model-c', 'model-d', 'model-e', 'model-f']) await catalog.model(slug, provider);
    await catalog.benchmark('mmlu-pro');
    await db.raw.query(`update benchmarks set versions = '{"1.0","2.0"}', default_setting = '0-shot, no tools' where slug = 'mmlu-pro'`);
    sourceId = await catalog.source('https://example.test/results');
    // The vendor's own 5-shot run with tools, beside independent 0-shot runs without tools.
    await score(db, 'vendor-model', 91.2, { setting: '5-shot, with tools', runBy: 'VENDOR', shots: 5, tools: true });
    await score(db, 'model-b', 85.0, { setting: '0-shot, no tools', shots: 0, tools: false, stderr: 0.5, samples: 12000 });
    await score(db, 'model-c', 84.4, { setting: '0-shot, no tools', shots: 0, tools: false, low: 83.5, high: 85.3, level: 0.95 });
    await score(db, 'model-d', 80.0, { setting: '0-shot, no tools', shots: 0, tools: false });
    await score(db, 'model-e', 80.0, { setting: '0-shot, no tools', shots: 0, tools: false });
    // Free text nobody could read: compared with nothing until an editor states its conditions.
    await score(db, 'model-f', 88.0, { setting: 'best of our internal harness' });
    await insertUser(db, 'editor@example.com', 'EDITOR');
    await insertUser(db, 'reviewer@example.com', 'REVIEWER');
    // Other sources' entries for the disagreement check: within 80.0's uncertainty, clearly apart, and another setting.
    const other = await catalog.source('https://example.test/other-results');
    const pending = (model: string, value: number, setting: string, stderr: number | null) =>
      db.raw.query(
        `insert into scores (model_id, benchmark_id, value, setting, source_id, locator, retrieved_at, status, origin, stderr)
         select m.id, b.id, $2, $3, $4, 'Row', '2026-11-02', 'PENDING_REVIEW', 'IMPORT', $5 from models m, benchmarks b where m.slug = $1 and b.slug = 'mmlu-pro'`,
        [model, value, setting, other, stderr],
      );
    await pending('model-d', 80.5, 'harness other, 0-shot, no tools', 0.4);
    await pending('model-e', 74.0, 'harness other, 0-shot, no tools', null);
    await pending('vendor-model', 70.0, 'harness other, 0-shot, no tools', null);
  });
  editor = await login(app, 'editor@example.com');
  reviewer = await login(app, 'reviewer@example.com');
});
afterAll(() => app?.close());

describe('a leaderboard ranks like with like', () => {
  it("ranks the board's setting, ties overlapping intervals and equal values, and lists the rest with why", async () => {
    const board = await app.gql(results.get('ComparableLeaderboard')!, { benchmark: 'mmlu-pro', setting: null });
    expect(board.errors).toBeUndefined();
    expect(board.data!.benchmark).toEqual({ slug: 'mmlu-pro', versions: ['1.0', '2.0'], defaultSetting: '0-shot, no tools' });
    const rows = board.data!.leaderboard.map((row: any) => [row.model.slug, row.value, row.rank]);
    // 85.0 ± 0.98 and [83.5, 85.3] overlap: a statistical tie. 80.0 and 80.0 tie; both are clearly behind.
    expect(rows).toEqual([
      ['model-b', 85, 1],
      ['model-c', 84.4, 1],
      ['model-d', 80, 3],
      ['model-e', 80, 3],
    ]);
    expect(board.data!.leaderboard[0]).toMatchObject({
      setting: '0-shot, no tools',
      runBy: 'INDEPENDENT',
      conditions: { shots: 0, tools: false, passAtK: null, benchmarkVersion: null, harness: null, reasoningEffort: null },
      uncertainty: { stderr: 0.5, low: null, high: null, level: null, samples: 12000 },
      citation: { locator: 'Table 1', source: { url: 'https://example.test/results' } },
    });
    expect(board.data!.leaderboard[1].uncertainty).toEqual({ stderr: null, low: 83.5, high: 85.3, level: 0.95, samples: null });
    expect(board.data!.leaderboard[2].uncertainty).toBeNull();

    const excluded = Object.fromEntries(board.data!.leaderboardExcluded.map((row: any) => [row.model.slug, row]));
    expect(Object.keys(excluded).sort()).toEqual(['model-f', 'vendor-model']);
    expect(excluded['vendor-model']).toMatchObject({ value: 91.2, runBy: 'VENDOR', reason: 'self-reported, 5-shot, with tools; this board is 0-shot, no tools' });
    expect(excluded['model-f'].reason).toContain('"best of our internal harness" could not be read');
  });

  it('ranks another setting when asked, and refuses one it cannot read', async () => {
    const vendor = await app.gql(results.get('ComparableLeaderboard')!, { benchmark: 'mmlu-pro', setting: '5-shot, with tools' });
    expect(vendor.data!.leaderboard.map((row: any) => [row.model.slug, row.rank])).toEqual([['vendor-model', 1]]);
    // Every other published row is listed apart, those that state no shots or tools included.
    expect(vendor.data!.leaderboardExcluded.map((row: any) => row.model.slug).sort()).toEqual(['model-b', 'model-c', 'model-d', 'model-e', 'model-f']);
    expect(vendor.data!.leaderboardExcluded.map((row: any) => row.reason)).toContain('independent, 0-shot, no tools; this board is 5-shot, with tools');
    const unreadable = await app.gql(results.get('ComparableLeaderboard')!, { benchmark: 'mmlu-pro', setting: 'whatever was fastest' });
    expect(unreadable.errors?.[0]?.message).toBe('The setting "whatever was fastest" could not be read: name its conditions, e.g. "0-shot, pass@1, no tools".');
  });

  it('shows every published value of a model on a benchmark, its source, and its distance from the chosen one', async () => {
    const result = await app.gql(results.get('ScoreReconciliation')!, { model: 'model-b', benchmark: 'mmlu-pro' });
    expect(result.errors).toBeUndefined();
    expect(result.data!.scoreReconciliation).toMatchObject({
      chosen: { value: 85, runBy: 'INDEPENDENT', citation: { source: { url: 'https://example.test/results' } } },
      values: [{ value: 85, runBy: 'INDEPENDENT', setting: '0-shot, no tools', delta: 0, citation: { source: { kind: 'VENDOR_DOCS' } } }],
      reason: 'The only published value.',
    });
    const unknown = await app.gql(results.get('ScoreReconciliation')!, { model: 'no-such-model', benchmark: 'mmlu-pro' });
    expect(unknown.data!.scoreReconciliation).toBeNull();
  });
});

describe('ranks by intervals', () => {
  it('puts a row a wide interval keeps level with the leaders among them, in rank order', () => {
    const rows: { id: string; low: number; high: number; rank?: number }[] = [
      { id: 'a', low: 84.9, high: 85.1 },
      { id: 'b', low: 84.0, high: 84.05 },
      { id: 'c', low: 70, high: 90 },
    ];
    expect(rankByIntervals(rows, true).map((row) => [row.id, row.rank])).toEqual([
      ['a', 1],
      ['c', 1],
      ['b', 2],
    ]);
  });
});

describe('disagreements compare like with like', () => {
  it('lists only comparable results from different sources that differ beyond their stated uncertainty', async () => {
    const result = await app.gql(
      '{ disagreements(first: 10) { totalCount edges { node { model { slug } setting scores { value } } } } }',
      {},
      reviewer.headers,
    );
    expect(result.errors).toBeUndefined();
    // model-d: 80.0 vs 80.5 ± 0.8 overlap; vendor-model: 5-shot with tools vs 0-shot no tools are not comparable.
    expect(result.data!.disagreements.edges.map((edge: any) => [edge.node.model.slug, edge.node.scores.map((s: any) => s.value)])).toEqual([
      ['model-e', [80, 74]],
    ]);
  });
});

describe('entering a score with its conditions', () => {
  const create = `mutation ($input: CreateScoreInput!) {
    createScore(input: $input) {
      __typename
      ... on CreateScoreSuccess { score { setting runBy settingParsed conditions { shots passAtK tools reasoningEffort benchmarkVersion harness } uncertainty { stderr low high level samples } } }
      ... on ValidationError { message fieldErrors { path message } }
    }
  }`;
  const base = () => ({ model: 'model-d', benchmark: 'mmlu-pro', value: 79.5, citation: { sourceId: globalId('Source', sourceId), locator: 'Table 2' } });

  it('makes the setting label from the conditions, in words the database reads back', async () => {
    const created = await app.gql(
      create,
      {
        input: {
          ...base(),
          conditions: { benchmarkVersion: '2.0', shots: 0, passAtK: 1, tools: false, reasoningEffort: 'high', harness: 'lm-eval' },
          uncertainty: { low: 78.9, high: 80.1, level: 0.9, samples: 500 },
        },
      },
      editor.headers,
    );
    expect(created.data?.createScore).toEqual({
      __typename: 'CreateScoreSuccess',
      score: {
        setting: 'version 2.0, 0-shot, pass@1, no tools, high effort, harness lm-eval',
        // Not given: from the kind of page cited (the vendor's docs).
        runBy: 'VENDOR',
        settingParsed: true,
        conditions: { shots: 0, passAtK: 1, tools: false, reasoningEffort: 'high', benchmarkVersion: '2.0', harness: 'lm-eval' },
        uncertainty: { stderr: null, low: 78.9, high: 80.1, level: 0.9, samples: 500 },
      },
    });
    const [parsed] = await app.db.raw.query(`select * from score_setting_conditions('version 2.0, 0-shot, pass@1, no tools, high effort, harness lm-eval')`);
    expect(parsed).toEqual({ harness: 'lm-eval', benchmark_version: '2.0', shots: 0, pass_at_k: 1, tools: false, reasoning_effort: 'high', metric: null, parsed: true });
  });

  it('reads a bare setting label into conditions, and flags one it cannot read', async () => {
    const read = await app.gql(create, { input: { ...base(), setting: '3-shot, pass@5, with tools', runBy: 'VENDOR' } }, editor.headers);
    expect(read.data?.createScore.score).toMatchObject({ setting: '3-shot, pass@5, with tools', runBy: 'VENDOR', settingParsed: true, conditions: { shots: 3, passAtK: 5, tools: true } });
    const flagged = await app.gql(create, { input: { ...base(), setting: 'our secret sauce' } }, editor.headers);
    expect(flagged.data?.createScore.score).toMatchObject({ setting: 'our secret sauce', settingParsed: false, conditions: { shots: null, passAtK: null, tools: null } });
  });

  it('refuses impossible conditions and uncertainty field by field, and writes nothing', async () => {
    const [before] = await app.db.raw.query<{ n: number }>(`select count(*)::int as n from scores`);
    const refused = await app.gql(
      create,
      {
        input: {
          ...base(),
          conditions: { shots: -1, passAtK: 0, benchmarkVersion: '3.0' },
          uncertainty: { stderr: -0.1, low: 81, high: 79, level: 1.5 },
        },
      },
      editor.headers,
    );
    expect(refused.data?.createScore.__typename).toBe('ValidationError');
    const paths = Object.fromEntries(refused.data!.createScore.fieldErrors.map((error: any) => [error.path, error.message]));
    expect(paths).toMatchObject({
      'conditions.shots': 'Cannot be negative.',
      'conditions.passAtK': 'pass@k starts at k = 1.',
      'uncertainty.stderr': 'A standard error cannot be negative.',
      'uncertainty.low': 'The low end is above the high end.',
      'uncertainty.level': 'A level between 0 and 1 (0.95).',
    });
    // An uncertainty that does not fit the scale or the value, and a metric that would rewrite the label.
    const unfit = await app.gql(
      create,
      { input: { ...base(), metric: 'accuracy, 5-shot', conditions: { passAtK: 1 }, uncertainty: { stderr: 1e308 } } },
      editor.headers,
    );
    expect(Object.fromEntries(unfit.data!.createScore.fieldErrors.map((error: any) => [error.path, error.message]))).toMatchObject({
      metric: 'Cannot contain "·", "," or ";" (they separate the parts of the setting).',
    });
    const wide = await app.gql(create, { input: { ...base(), uncertainty: { stderr: 1e308 } } }, editor.headers);
    expect(wide.data!.createScore.fieldErrors).toEqual([{ path: 'uncertainty.stderr', message: "A standard error wider than MMLU-PRO's whole scale (100) says nothing." }]);
    const outside = await app.gql(create, { input: { ...base(), uncertainty: { low: 10, high: 20, level: 0.95 } } }, editor.headers);
    expect(outside.data!.createScore.fieldErrors).toEqual([{ path: 'uncertainty.low', message: 'The interval 10 to 20 does not hold the value 79.5.' }]);
    const version = await app.gql(create, { input: { ...base(), conditions: { benchmarkVersion: '3.0' } } }, editor.headers);
    expect(version.data?.createScore.fieldErrors).toEqual([
      { path: 'conditions.benchmarkVersion', message: 'MMLU-PRO is reported on "1.0", "2.0"; "3.0" is not one of them.' },
    ]);
    const [after] = await app.db.raw.query<{ n: number }>(`select count(*)::int as n from scores`);
    expect(after!.n).toBe(before!.n);
    // The database holds the same rules for any other writer.
    await expect(app.db.raw.query(`update scores set interval_low = 5, interval_high = 4 where id = (select min(id) from scores)`)).rejects.toThrow(/scores_interval_check/);
    await expect(app.db.raw.query(`update scores set shots = -1 where id = (select min(id) from scores)`)).rejects.toThrow(/scores_shots_check/);
  });
});
