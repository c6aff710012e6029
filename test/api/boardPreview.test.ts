import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../helpers/app.ts';
import { CatalogFixture } from '../helpers/fixtures.ts';
import type { TestDatabase } from '../helpers/database.ts';
import { insertUser, login, type Session } from '../helpers/editor.ts';

// boardPreview: what the score form shows before saving — the label the conditions make, whether the
// score joins the benchmark's default board (else why not), and how many published results it is
// comparable with (a warning when none).

let app: TestApp;
let editor: Session;

const preview = `query ($benchmark: String!, $conditions: ScoreConditionsInput, $metric: String, $runBy: RunBy) {
  boardPreview(benchmark: $benchmark, conditions: $conditions, metric: $metric, runBy: $runBy) {
    setting versions comparableOn defaultSetting
    defaultConditions { harness benchmarkVersion shots passAtK tools reasoningEffort }
    joinsDefaultBoard reason comparablePublished warning
  }
}`;

async function score(db: TestDatabase, model: string, benchmark: string, setting: string, status = 'VERIFIED') {
  await db.raw.query(
    `insert into scores (model_id, benchmark_id, value, setting, source_id, locator, retrieved_at, status, origin)
     select m.id, b.id, 50, $3, (select min(id) from sources), 'Table 1', '2026-11-01', $4, 'IMPORT'
     from models m, benchmarks b where m.slug = $1 and b.slug = $2`,
    [model, benchmark, setting, status],
  );
}

beforeAll(async () => {
  app = await startTestApp(async (db) => {
    const catalog = new CatalogFixture(db);
    const provider = await catalog.provider('lab', 'Lab');
    for (const slug of ['model-a', 'model-b', 'model-c', 'model-d']) await catalog.model(slug, provider);
    await catalog.model('draft-model', provider, { publication: 'DRAFT' });
    await catalog.source('https://example.test/results');
    // A benchmark with a declared default board and versions.
    await catalog.benchmark('gpqa-diamond');
    await db.raw.query(
      `update benchmarks set name = 'GPQA Diamond', versions = '{"main","diamond-v2"}', default_setting = '0-shot, pass@1, no tools' where slug = 'gpqa-diamond'`,
    );
    await score(db, 'model-a', 'gpqa-diamond', '0-shot, pass@1, no tools');
    await score(db, 'model-b', 'gpqa-diamond', '0-shot, pass@1, no tools, harness Codex');
    await score(db, 'model-c', 'gpqa-diamond', '5-shot, with tools');
    // Not published: pending, or of a draft model. Neither counts.
    await score(db, 'model-d', 'gpqa-diamond', '5-shot, pass@1, no tools', 'PENDING_REVIEW');
    await score(db, 'draft-model', 'gpqa-diamond', '5-shot, pass@1, no tools');
    // A benchmark with no declared default: the conditions most published results share; compared on shots only.
    await catalog.benchmark('swe-bench');
    await db.raw.query(`update benchmarks set name = 'SWE-bench', comparable_on = '{shots}' where slug = 'swe-bench'`);
    await score(db, 'model-a', 'swe-bench', '1-shot, with tools');
    await score(db, 'model-b', 'swe-bench', '1-shot, no tools');
    await score(db, 'model-c', 'swe-bench', '1-shot, no tools');
    await score(db, 'model-d', 'swe-bench', '3-shot');
    // A benchmark nobody has published on.
    await catalog.benchmark('empty-bench');
    await insertUser(db, 'editor@example.com', 'EDITOR');
  });
  editor = await login(app, 'editor@example.com');
});
afterAll(() => app?.close());

const ask = async (variables: Record<string, unknown>) => {
  const result = await app.gql(preview, variables, editor.headers);
  expect(result.errors).toBeUndefined();
  return result.data!.boardPreview;
};

describe('boardPreview', () => {
  it('names the label and the default board a score under the default conditions joins, and counts the comparable published results', async () => {
    const board = await ask({ benchmark: 'gpqa-diamond', conditions: { shots: 0, passAtK: 1, tools: false, harness: 'Claude Code' }, metric: 'accuracy' });
    expect(board).toEqual({
      setting: 'accuracy, 0-shot, pass@1, no tools, harness Claude Code',
      versions: ['main', 'diamond-v2'],
      comparableOn: ['benchmarkVersion', 'shots', 'passAtK', 'tools', 'reasoningEffort'],
      defaultSetting: '0-shot, pass@1, no tools',
      defaultConditions: { harness: null, benchmarkVersion: null, shots: 0, passAtK: 1, tools: false, reasoningEffort: null },
      joinsDefaultBoard: true,
      reason: null,
      // The harness is reported, not compared: model-a and model-b's Codex run both count.
      comparablePublished: 2,
      warning: null,
    });
  });

  it('says why a score under other conditions is listed apart, and warns when no published result is comparable', async () => {
    const board = await ask({ benchmark: 'gpqa-diamond', conditions: { shots: 5, passAtK: 1, tools: false }, runBy: 'VENDOR' });
    expect(board).toMatchObject({
      setting: '5-shot, pass@1, no tools',
      joinsDefaultBoard: false,
      reason: 'self-reported, 5-shot; this board is 0-shot',
      // The pending entry and the draft model's score are not published.
      comparablePublished: 0,
      warning: 'No published GPQA Diamond result was obtained this way: this score will be ranked alone.',
    });
    // Without runBy the reason does not guess who ran it.
    const unsaid = await ask({ benchmark: 'gpqa-diamond', conditions: { shots: 5, tools: true } });
    expect(unsaid).toMatchObject({ joinsDefaultBoard: false, reason: '5-shot, pass@k not stated, with tools; this board is 0-shot, pass@1, no tools', comparablePublished: 1, warning: null });
  });

  it('takes the most common conditions as the default board when none is declared, comparing only what the benchmark compares', async () => {
    const board = await ask({ benchmark: 'swe-bench', conditions: { shots: 1, tools: true } });
    // Tools differ from the board's, but this benchmark compares shots only.
    expect(board).toMatchObject({ defaultSetting: '1-shot, no tools', comparableOn: ['shots'], joinsDefaultBoard: true, comparablePublished: 3, warning: null, versions: [] });
    const other = await ask({ benchmark: 'swe-bench', conditions: { shots: 2 } });
    expect(other).toMatchObject({ joinsDefaultBoard: false, reason: '2-shot; this board is 1-shot', comparablePublished: 0, warning: 'No published SWE-bench result was obtained this way: this score will be ranked alone.' });
  });

  it('has no default board on a benchmark without published results; an unknown benchmark is null', async () => {
    const empty = await ask({ benchmark: 'empty-bench', conditions: null });
    expect(empty).toMatchObject({ setting: '', defaultSetting: null, defaultConditions: null, joinsDefaultBoard: false, reason: null, comparablePublished: 0 });
    expect(empty.warning).toContain('this score will be ranked alone');
    expect(await ask({ benchmark: 'no-such-bench' })).toBeNull();
  });

  it('refuses impossible conditions field by field', async () => {
    const result = await app.gql(preview, { benchmark: 'gpqa-diamond', conditions: { shots: -1, passAtK: 0 } }, editor.headers);
    expect(result.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(result.errors?.[0]?.message).toMatch(/Cannot be negative|pass@k starts at k = 1/);
  });

  it('refuses anonymous callers', async () => {
    const result = await app.gql(preview, { benchmark: 'gpqa-diamond' });
    expect(result.data?.boardPreview ?? null).toBeNull();
    expect(result.errors?.[0]?.message).toBe('Sign in to do this.');
  });
});
