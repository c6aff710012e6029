import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importModelsDev, type ImportSummary } from '../../server/import/models-dev.ts';
import { seedDemoCatalog, seedDir } from '../../server/import/demo.ts';
import { freshDatabase, type TestDatabase } from '../helpers/database.ts';

const dataset = { commit: 'f3fc692299671838c7c65fd8126bf84d81a2e817', retrievedAt: '2026-07-02' };

async function count(db: TestDatabase, table: string, where = 'true'): Promise<number> {
  const [row] = await db.raw.query<{ n: number | string }>(`select count(*) as n from ${table} where ${where}`);
  return Number(row!.n);
}

async function fingerprint(db: TestDatabase) {
  const tables = ['providers', 'model_families', 'models', 'model_facts', 'prices', 'scores', 'sources', 'benchmarks', 'benchmark_aliases'];
  const result: Record<string, unknown> = {};
  for (const table of tables) {
    const [row] = await db.raw.query(`select count(*)::int as rows, max(${table === 'benchmark_aliases' ? 'alias' : 'updated_at::text'}) as latest from ${table}`);
    result[table] = row;
  }
  return result;
}

describe('the demo catalog', () => {
  let db: TestDatabase;
  let summary: ImportSummary;
  const progress: string[] = [];

  beforeAll(async () => {
    db = await freshDatabase();
    summary = (await seedDemoCatalog(db, { onProgress: (line) => progress.push(line) }))!;
  });
  afterAll(() => db?.destroy());

  it('imports every file of the subset, reporting progress and a summary', () => {
    expect(summary.filesSeen).toBe(450);
    expect(summary.filesRead).toBe(450);
    expect(summary.skipped).toEqual([]);
    expect(summary.models.created).toBeGreaterThan(250);
    expect(summary.prices.created).toBeGreaterThan(600);
    expect(summary.scores.created).toBeGreaterThan(250);
    expect(progress.some((line) => /^\[\d+\/\d+\] models imported/.test(line))).toBe(true);
    expect(progress.at(-1)).toMatch(/files: 450 seen, 450 read, 0 not read/);
  });

  it('cites every published number: a source, a locator and a retrieval date', async () => {
    for (const table of ['scores', 'prices', 'model_facts']) {
      expect(await count(db, table, `status = 'VERIFIED'`)).toBeGreaterThan(0);
      expect(await count(db, table, `status = 'VERIFIED' and (length(locator) = 0 or retrieved_at is null)`)).toBe(0);
    }
    // A dataset number cites the file it came from, at the commit (the provider's file wins over the base).
    const [fact] = await db.raw.query<{ url: string; kind: string; retrieved_at: string; locator: string }>(
      `select s.url, s.kind, f.retrieved_at::text, f.locator from model_facts f join sources s on s.id = f.source_id
       join models m on m.id = f.model_id where m.slug = 'o3' and f.fact = 'CONTEXT_WINDOW'`,
    );
    expect(fact).toEqual({
      url: `https://github.com/anomalyco/models.dev/blob/${dataset.commit}/providers/openai/models/o3.toml`,
      kind: 'AGGREGATOR_DATASET',
      retrieved_at: '2026-07-02',
      locator: 'limit.context',
    });
    // A benchmark entry cites its own source and date.
    const [score] = await db.raw.query<{ url: string; kind: string; retrieved_at: string }>(
      `select s.url, s.kind, sc.retrieved_at::text from scores sc join sources s on s.id = sc.source_id
       join models m on m.id = sc.model_id join benchmarks b on b.id = sc.benchmark_id
       where m.slug = 'gpt-5' and b.slug = 'aider-polyglot'`,
    );
    expect(score).toEqual({ url: 'https://aider.chat/docs/leaderboards/', kind: 'INDEPENDENT_LEADERBOARD', retrieved_at: '2025-08-23' });
  });

  it("keeps the reference page's choices and holds the dataset's o4-mini claims for review", async () => {
    const published = await db.raw.query<{ fact: string; value: string; kind: string }>(
      `select f.fact, f.value, s.kind from model_facts f join sources s on s.id = f.source_id join models m on m.id = f.model_id
       where m.slug = 'o4-mini' and f.status = 'VERIFIED' order by f.fact`,
    );
    expect(published).toEqual([
      { fact: 'CONTEXT_WINDOW', value: '200000', kind: 'VENDOR_DOCS' },
      { fact: 'KNOWLEDGE_CUTOFF', value: '2024-05', kind: 'VENDOR_DOCS' },
      { fact: 'MAX_OUTPUT_TOKENS', value: '100000', kind: 'VENDOR_DOCS' },
      { fact: 'RELEASE_DATE', value: '2025-04-16', kind: 'VENDOR_MODEL_CARD' },
    ]);
    const [note] = await db.raw.query<{ note: string }>(
      `select f.note from model_facts f join models m on m.id = f.model_id where m.slug = 'o4-mini' and f.fact = 'KNOWLEDGE_CUTOFF' and f.status = 'VERIFIED'`,
    );
    expect(note!.note).toContain("says 'Jun 2024'");
    const held = await db.raw.query<{ benchmark: string; value: number }>(
      `select b.slug as benchmark, s.value from scores s join models m on m.id = s.model_id join benchmarks b on b.id = s.benchmark_id
       where m.slug = 'o4-mini' and s.status = 'PENDING_REVIEW'`,
    );
    expect(held).toEqual([{ benchmark: 'aider-polyglot', value: 72 }]);
    expect(await count(db, 'scores s join models m on m.id = s.model_id', `m.slug = 'o4-mini' and s.status = 'VERIFIED'`)).toBe(1);
  });

  it('inherits from base_model: a provider file overrides the base field by field and cites where each came from', async () => {
    const rows = await db.raw.query<{ fact: string; value: string; url: string }>(
      `select f.fact, f.value, s.url from model_facts f join sources s on s.id = f.source_id join models m on m.id = f.model_id
       where m.slug = 'gemini-3-pro-image-preview' and f.status = 'VERIFIED' order by f.fact`,
    );
    const byFact = Object.fromEntries(rows.map((row) => [row.fact, row]));
    expect(byFact.CONTEXT_WINDOW).toMatchObject({ value: '131072', url: expect.stringMatching(/providers\/google\/models\/gemini-3-pro-image-preview\.toml$/) });
    expect(byFact.RELEASE_DATE?.url).toMatch(/\/models\/google\/gemini-3-pro-image-preview\.toml$/);
    const [price] = await db.raw.query<{ usd: number }>(
      `select p.usd_per_million_tokens::float8 as usd from prices p join models m on m.id = p.model_id
       where m.slug = 'gemini-3-pro-image-preview' and p.kind = 'OUTPUT' and p.tier_min_tokens = 0`,
    );
    expect(price!.usd).toBe(120);
  });

  it('files spelling variants of a benchmark under one benchmark', async () => {
    const rows = await db.raw.query<{ slug: string; aliases: string[] }>(
      `select b.slug, array_agg(a.alias order by a.alias) as aliases from benchmarks b join benchmark_aliases a on a.benchmark_id = b.id
       where b.slug like 'swe-bench-pro' or b.slug like 'terminal-bench-2-%' group by b.slug order by b.slug`,
    );
    expect(rows.map((row) => row.slug)).toEqual(['swe-bench-pro', 'terminal-bench-2-0', 'terminal-bench-2-1']);
    expect(await count(db, 'benchmarks', `slug like 'swe-bench-pro%' or slug like 'swe bench%'`)).toBe(1);
    expect(await count(db, 'scores s join benchmarks b on b.id = s.benchmark_id', `b.slug = 'swe-bench-pro'`)).toBe(38);
  });

  it('a second run changes nothing', async () => {
    const before = await fingerprint(db);
    const again = await importModelsDev(db, `${seedDir}models.dev`, dataset);
    for (const key of ['providers', 'families', 'models', 'facts', 'prices', 'benchmarks', 'scores', 'sources'] as const) {
      expect(again[key].created + again[key].updated + again[key].retired, key).toBe(0);
    }
    expect(await fingerprint(db)).toEqual(before);
  });
});

describe('importing a tree with problems', () => {
  let db: TestDatabase;
  let root: string;

  beforeAll(async () => {
    db = await freshDatabase();
    root = mkdtempSync(join(tmpdir(), 'models-dev-'));
    cpSync(`${seedDir}models.dev/models/anthropic`, join(root, 'models/anthropic'), { recursive: true });
    cpSync(`${seedDir}models.dev/providers/anthropic`, join(root, 'providers/anthropic'), { recursive: true });
  });
  afterAll(async () => {
    rmSync(root, { recursive: true, force: true });
    await db?.destroy();
  });

  it('reports a malformed file or field with its path and field, imports the rest, and writes nothing of the bad value', async () => {
    writeFileSync(join(root, 'models/anthropic/broken-model.toml'), 'name = "Broken"\nrelease_date = "2025-01-01"\n[limit]\ncontext = "big"\n');
    writeFileSync(join(root, 'models/anthropic/not-toml.toml'), 'name = "Unclosed\n');
    const summary = await importModelsDev(db, root, dataset);
    expect(summary.skipped).toEqual(
      expect.arrayContaining([
        { path: 'models/anthropic/broken-model.toml', field: 'limit.context', reason: expect.stringContaining('number') },
        { path: 'models/anthropic/not-toml.toml', reason: expect.stringContaining('not valid TOML') },
      ]),
    );
    expect(summary.models.created).toBeGreaterThan(10);
    // The file that is not TOML is not read at all; the one with a bad limit is imported without it.
    expect(await count(db, 'models', `slug = 'not-toml'`)).toBe(0);
    expect(await count(db, 'sources', `url like '%not-toml%'`)).toBe(0);
    expect(await count(db, 'model_facts f join models m on m.id = f.model_id', `m.slug = 'broken-model' and f.fact = 'CONTEXT_WINDOW'`)).toBe(0);
    expect(await count(db, 'model_facts f join models m on m.id = f.model_id', `m.slug = 'broken-model' and f.fact = 'RELEASE_DATE'`)).toBe(1);
  });

  it('a changed value supersedes the old claim, which stays in history', async () => {
    const file = join(root, 'providers/anthropic/models/claude-opus-4-1.toml');
    const original = (await import('node:fs')).readFileSync(file, 'utf8');
    writeFileSync(file, original.replace(/context = [\d_]+/, 'context = 300_000'));
    const summary = await importModelsDev(db, root, dataset);
    expect(summary.facts.updated).toBe(1);
    const rows = await db.raw.query<{ value: string; status: string; superseded: boolean }>(
      `select f.value, f.status, f.superseded_by is not null as superseded from model_facts f join models m on m.id = f.model_id
       where m.slug = 'claude-opus-4-1' and f.fact = 'CONTEXT_WINDOW' order by f.id`,
    );
    expect(rows).toEqual([
      { value: '200000', status: 'SUPERSEDED', superseded: true },
      { value: '300000', status: 'VERIFIED', superseded: false },
    ]);
    const [model] = await db.raw.query<{ context_window: number }>(`select context_window from models where slug = 'claude-opus-4-1'`);
    expect(model!.context_window).toBe(300_000);
  });
});
