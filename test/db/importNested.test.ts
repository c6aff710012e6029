import { execFile, execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dateProblem, githubUrl, ImportInputError, resolveDataset } from '../../server/import/dataset.ts';
import { formatSummary, importModelsDev, type ImportSummary } from '../../server/import/models-dev.ts';
import { freshDatabase, type TestDatabase } from '../helpers/database.ts';

// The importer against a hand-written tree in the layouts models.dev's own loader reads
// (test/fixtures/models-dev/nested): nested provider folders, base_model overrides, a benchmark
// without `metric`, one without `source`, a score that is not a number, unknown keys, zero limits.

const repo = fileURLToPath(new URL('../..', import.meta.url));
const fixture = join(repo, 'test/fixtures/models-dev/nested');
const dataset = { repository: 'https://github.com/example/models.dev-fixture', commit: '0123456789abcdef0123456789abcdef01234567', retrievedAt: '2026-06-01' };

async function count(db: TestDatabase, table: string, where = 'true'): Promise<number> {
  const [row] = await db.raw.query<{ n: number | string }>(`select count(*) as n from ${table} where ${where}`);
  return Number(row!.n);
}

/** Runs the CLI in its own process on a fresh embedded database. */
function cli(args: string[], env: Record<string, string> = {}): Promise<{ status: number; stdout: string; stderr: string }> {
  const dataDir = mkdtempSync(join(tmpdir(), 'import-cli-'));
  const childEnv: NodeJS.ProcessEnv = { ...process.env, DATA_DIR: dataDir, ...env };
  delete childEnv.DATABASE_URL;
  delete childEnv.MIGRATION_DATABASE_URL;
  return new Promise((resolve) => {
    execFile(join(repo, 'node_modules/.bin/tsx'), ['scripts/import.ts', ...args], { cwd: repo, env: childEnv }, (error, stdout, stderr) => {
      rmSync(dataDir, { recursive: true, force: true });
      resolve({ status: error ? Number((error as { code?: number }).code ?? 1) : 0, stdout, stderr });
    });
  });
}

describe('importing nested provider folders', () => {
  let db: TestDatabase;
  let summary: ImportSummary;

  beforeAll(async () => {
    db = await freshDatabase();
    summary = await importModelsDev(db, fixture, dataset);
  });
  afterAll(() => db?.destroy());

  it('reads every file, at any depth, and says how many it saw and read', () => {
    expect(summary.filesSeen).toBe(10);
    expect(summary.filesRead).toBe(10);
    expect(formatSummary(summary)).toContain('files: 10 seen, 10 read, 0 not read');
  });

  it('keeps the id of a nested file whole (its slashes are the API model id) and imports models only a provider serves', async () => {
    const rows = await db.raw.query<{ slug: string; api_model_id: string; provider: string }>(
      `select m.slug, m.api_model_id, p.slug as provider from models m join providers p on p.id = m.provider_id order by m.slug`,
    );
    expect(rows).toEqual([
      { slug: 'acme_ai-chat-models-acme-chat-1', api_model_id: 'acme_ai/Chat/models/acme-chat-1', provider: 'nvidia' },
      { slug: 'deepseek-ai-deepseek-v4-pro', api_model_id: 'deepseek-ai/deepseek-v4-pro', provider: 'nvidia' },
      { slug: 'deepseek-v4-pro', api_model_id: 'deepseek-v4-pro', provider: 'deepseek' },
      { slug: 'mimo-v2-flash', api_model_id: 'mimo-v2-flash', provider: 'xiaomi' },
      { slug: 'nvidia-nemotron-nano-9b', api_model_id: 'nvidia/nemotron-nano-9b', provider: 'nvidia' },
    ]);
  });

  it("a provider's own limits win over its base model's, field by field, each citing its file", async () => {
    const rows = await db.raw.query<{ fact: string; value: string; url: string }>(
      `select f.fact, f.value, s.url from model_facts f join sources s on s.id = f.source_id join models m on m.id = f.model_id
       where m.slug = 'deepseek-ai-deepseek-v4-pro' and f.status = 'VERIFIED' order by f.fact`,
    );
    const base = `${dataset.repository}/blob/${dataset.commit}/models/deepseek/deepseek-v4-pro.toml`;
    const own = `${dataset.repository}/blob/${dataset.commit}/providers/nvidia/models/deepseek-ai/deepseek-v4-pro.toml`;
    expect(rows).toEqual([
      { fact: 'CONTEXT_WINDOW', value: '128000', url: own },
      { fact: 'KNOWLEDGE_CUTOFF', value: '2025-12', url: base },
      { fact: 'MAX_OUTPUT_TOKENS', value: '16384', url: own },
      { fact: 'RELEASE_DATE', value: '2026-04-20', url: base },
    ]);
    // Its prices are NVIDIA's (free), not DeepSeek's.
    const prices = await db.raw.query<{ kind: string; usd: number }>(
      `select p.kind, p.usd_per_million_tokens::float8 as usd from prices p join models m on m.id = p.model_id where m.slug = 'deepseek-ai-deepseek-v4-pro' order by p.kind`,
    );
    expect(prices).toEqual([
      { kind: 'INPUT', usd: 0 },
      { kind: 'OUTPUT', usd: 0 },
    ]);
  });

  it('skips the one bad benchmark entry, imports the rest of the model, and reports file, field and reason', async () => {
    expect(summary.skipped).toEqual([
      { path: 'models/deepseek/deepseek-v4-pro.toml', field: 'benchmarks[2] (Aider Polyglot).source', reason: expect.stringContaining('no source') },
      { path: 'models/deepseek/deepseek-v4-pro.toml', field: 'benchmarks[3] (Terminal-Bench 2.0).score', reason: expect.stringContaining('"n/a"') },
    ]);
    const scores = await db.raw.query<{ benchmark: string; value: number; setting: string }>(
      `select b.slug as benchmark, s.value, s.setting from scores s join benchmarks b on b.id = s.benchmark_id join models m on m.id = s.model_id
       where m.slug = 'deepseek-v4-pro' and s.status = 'VERIFIED' order by b.slug`,
    );
    // No metric is allowed (an empty setting); a score written as text is read as a number.
    expect(scores).toEqual([
      { benchmark: 'gpqa-diamond', value: 81.5, setting: 'accuracy' },
      { benchmark: 'scicode', value: 44.5, setting: '' },
      { benchmark: 'swe-bench-verified', value: 72, setting: '' },
    ]);
    expect(await count(db, 'model_facts f join models m on m.id = f.model_id', `m.slug = 'deepseek-v4-pro'`)).toBe(4);
    expect(await count(db, 'prices p join models m on m.id = p.model_id', `m.slug = 'deepseek-v4-pro'`)).toBe(3);
  });

  it('lists unknown keys and numbers the catalog has no place for, and publishes no zero limit', async () => {
    const warnings = summary.warnings.map((warning) => `${warning.path} [${warning.field}]`);
    expect(warnings).toEqual(
      expect.arrayContaining([
        'models/xiaomi/mimo-v2-flash.toml [sparkle]',
        'providers/nvidia/models/nvidia/nemotron-nano-9b.toml [glitter]',
        'providers/nvidia/models/nvidia/nemotron-nano-9b.toml [cost.citation]',
        'providers/nvidia/models/nvidia/nemotron-nano-9b.toml [cost.request]',
        'providers/nvidia/models/nvidia/nemotron-nano-9b.toml [limit.input]',
        'providers/nvidia/models/nvidia/nemotron-nano-9b.toml [limit.output]',
        'providers/nvidia/models/acme_ai/Chat/models/acme-chat-1.toml [limit.context]',
        'models/deepseek/deepseek-v4-pro.toml [limit.input]',
      ]),
    );
    expect(new Set(warnings).size).toBe(warnings.length);
    expect(await count(db, 'model_facts f join models m on m.id = f.model_id', `m.slug = 'acme_ai-chat-models-acme-chat-1' and f.fact = 'CONTEXT_WINDOW'`)).toBe(0);
  });

  it('names families from the data, not from vendor slugs', async () => {
    const rows = await db.raw.query<{ slug: string; name: string }>(`select slug, name from model_families order by slug`);
    expect(rows).toEqual([
      { slug: 'deepseek-deepseek', name: 'DeepSeek' },
      { slug: 'nvidia-deepseek', name: 'DeepSeek' },
      { slug: 'nvidia-nemotron', name: 'Nemotron' },
      { slug: 'xiaomi-mimo', name: 'MiMo' },
    ]);
  });

  it("the summary's figures are the database's", async () => {
    expect(summary.providers.created).toBe(await count(db, 'providers'));
    expect(summary.families.created).toBe(await count(db, 'model_families'));
    expect(summary.models.created).toBe(await count(db, 'models'));
    expect(summary.facts.created).toBe(await count(db, 'model_facts'));
    expect(summary.prices.created).toBe(await count(db, 'prices'));
    expect(summary.benchmarks.created).toBe(await count(db, 'benchmarks'));
    expect(summary.scores.created).toBe(await count(db, 'scores'));
    expect(summary.sources.created).toBe(await count(db, 'sources'));
    expect(summary.totals).toMatchObject({ models: 5, facts: summary.facts.created, prices: summary.prices.created, scores: summary.scores.created });
  });

  it('records the run in the audit trail: one event for the run with its counts, one per changed model', async () => {
    const [run] = await db.raw.query<{ entity_id: string; diff: Record<string, { after: unknown }>; actor_id: number | null; request_id: string }>(
      `select entity_id, diff, actor_id, request_id from audit_events where entity_type = 'CatalogImport'`,
    );
    expect(run!.entity_id).toBe(summary.runId);
    expect(run!.actor_id).toBeNull();
    expect(run!.diff.dataset!.after).toMatchObject({ commit: dataset.commit });
    expect(run!.diff.counts!.after).toMatchObject({ models: { created: 5 }, scores: { created: 3 } });
    expect(await count(db, 'audit_events', `entity_type = 'Model' and request_id = '${run!.request_id}'`)).toBe(5);
  });
});

describe('re-importing after the source changed', () => {
  let db: TestDatabase;
  let root: string;

  beforeAll(async () => {
    db = await freshDatabase();
    root = mkdtempSync(join(tmpdir(), 'models-dev-nested-'));
    cpSync(fixture, root, { recursive: true });
    await importModelsDev(db, root, dataset);
  });
  afterAll(async () => {
    rmSync(root, { recursive: true, force: true });
    await db?.destroy();
  });

  it('a second run changes nothing', async () => {
    const again = await importModelsDev(db, root, dataset);
    for (const key of ['providers', 'families', 'models', 'facts', 'prices', 'benchmarks', 'scores', 'sources'] as const) {
      expect(again[key].created + again[key].updated + again[key].retired, key).toBe(0);
    }
  });

  it('retires what the file no longer states (a dropped price, a limit now 0, a removed score), and leaves editors\' claims alone', async () => {
    const nemotron = join(root, 'providers/nvidia/models/nvidia/nemotron-nano-9b.toml');
    writeFileSync(nemotron, readFileSync(nemotron, 'utf8').replace('output = 0.16\n', '').replace('context = 131_072', 'context = 0'));
    const canonical = join(root, 'models/deepseek/deepseek-v4-pro.toml');
    writeFileSync(canonical, readFileSync(canonical, 'utf8').replace(/\[\[benchmarks\]\]\nname = "GPQA Diamond"[^[]*/, ''));
    // An editor's claim citing another source, on the same model: never touched by the import.
    await db.raw.query(
      `insert into sources (url, title, publisher, kind, retrieved_at) values ('https://build.nvidia.com/nvidia/nemotron', 'NVIDIA build', 'NVIDIA', 'VENDOR_DOCS', '2026-06-01')`,
    );
    await db.raw.query(
      `insert into model_facts (model_id, fact, value, source_id, locator, retrieved_at, status, origin)
       select m.id, 'CONTEXT_WINDOW', '131072', s.id, 'model card', '2026-06-01', 'PENDING_REVIEW', 'EDITOR'
       from models m, sources s where m.slug = 'nvidia-nemotron-nano-9b' and s.url = 'https://build.nvidia.com/nvidia/nemotron'`,
    );
    const summary = await importModelsDev(db, root, dataset);
    expect(summary.facts.retired).toBe(1);
    expect(summary.prices.retired).toBe(1);
    expect(summary.scores.retired).toBe(1);
    const facts = await db.raw.query<{ status: string; origin: string }>(
      `select f.status, f.origin from model_facts f join models m on m.id = f.model_id where m.slug = 'nvidia-nemotron-nano-9b' and f.fact = 'CONTEXT_WINDOW' order by f.id`,
    );
    expect(facts).toEqual([
      { status: 'RETIRED', origin: 'IMPORT' },
      { status: 'PENDING_REVIEW', origin: 'EDITOR' },
    ]);
    const [model] = await db.raw.query<{ context_window: number | null; output_price: number | null }>(
      `select context_window, output_price from models where slug = 'nvidia-nemotron-nano-9b'`,
    );
    expect(model).toEqual({ context_window: null, output_price: null });
    expect(await count(db, 'scores s join benchmarks b on b.id = s.benchmark_id', `b.slug = 'gpqa-diamond' and s.status = 'RETIRED'`)).toBe(1);
    expect(await count(db, 'audit_events', `entity_type = 'CatalogImport'`)).toBe(3);
  });

  it('a score whose source moved: the old citation is retired and the new one published', async () => {
    const canonical = join(root, 'models/deepseek/deepseek-v4-pro.toml');
    writeFileSync(
      canonical,
      readFileSync(canonical, 'utf8').replace(
        'name = "SWE-bench Verified"\nscore = 72.0\nsource = "https://api-docs.deepseek.com/news/v4"',
        'name = "SWE-bench Verified"\nscore = 72.0\nsource = "https://www.swebench.com/verified"',
      ),
    );
    const summary = await importModelsDev(db, root, dataset);
    expect(summary.scores).toMatchObject({ created: 1, retired: 1 });
    const rows = await db.raw.query<{ status: string; url: string }>(
      `select s.status, src.url from scores s join sources src on src.id = s.source_id join benchmarks b on b.id = s.benchmark_id
       join models m on m.id = s.model_id where m.slug = 'deepseek-v4-pro' and b.slug = 'swe-bench-verified' order by s.id`,
    );
    expect(rows).toEqual([
      { status: 'RETIRED', url: 'https://api-docs.deepseek.com/news/v4' },
      { status: 'VERIFIED', url: 'https://www.swebench.com/verified' },
    ]);
  });

  it('a row the database refuses is reported with its field, not counted, and the rest of the model is kept', async () => {
    await db.raw.query(`alter table prices add constraint prices_test_cap_check check (usd_per_million_tokens < 50)`);
    try {
      const xiaomi = join(root, 'providers/xiaomi/models/mimo-v2-flash.toml');
      writeFileSync(xiaomi, readFileSync(xiaomi, 'utf8').replace('output = 0.30', 'output = 99.0'));
      const pricesBefore = await count(db, 'prices');
      const summary = await importModelsDev(db, root, dataset);
      expect(summary.skipped).toEqual(
        expect.arrayContaining([{ path: 'providers/xiaomi/models/mimo-v2-flash.toml', field: 'cost.output', reason: expect.stringContaining('prices_test_cap_check') }]),
      );
      expect(summary.prices.created + summary.prices.updated).toBe(0);
      expect(await count(db, 'prices')).toBe(pricesBefore);
      expect(formatSummary(summary)).toMatch(/^skipped: [1-9]/m);
    } finally {
      await db.raw.query(`alter table prices drop constraint prices_test_cap_check`);
    }
  });

  it('a model the database refuses leaves no source, family or benchmark behind, and is not counted', async () => {
    writeFileSync(
      join(root, 'providers/xiaomi/models/refused-model.toml'),
      'name = "Refused Model"\nfamily = "refused"\nrelease_date = "2026-01-01"\n[[benchmarks]]\nname = "Brand New Bench"\nscore = 1\nsource = "https://example.com/refused"\n',
    );
    await db.raw.query(`alter table models add constraint models_test_name_check check (name <> 'Refused Model')`);
    try {
      const before = { sources: await count(db, 'sources'), families: await count(db, 'model_families'), benchmarks: await count(db, 'benchmarks') };
      const summary = await importModelsDev(db, root, dataset);
      expect(summary.skipped).toEqual(
        expect.arrayContaining([{ path: 'providers/xiaomi/models/refused-model.toml', reason: expect.stringMatching(/^model not imported: refused by the database \(models_test_name_check\)/) }]),
      );
      expect(summary.models.created).toBe(0);
      expect({ sources: await count(db, 'sources'), families: await count(db, 'model_families'), benchmarks: await count(db, 'benchmarks') }).toEqual(before);
      expect(summary.sources.created + summary.families.created + summary.benchmarks.created).toBe(0);
    } finally {
      await db.raw.query(`alter table models drop constraint models_test_name_check`);
    }
  });
});

describe('the dataset a run cites', () => {
  it('comes from the git checkout at PATH when neither --commit nor dataset.json says', () => {
    const root = mkdtempSync(join(tmpdir(), 'models-dev-git-'));
    try {
      cpSync(fixture, root, { recursive: true });
      rmSync(join(root, 'dataset.json'));
      const git = (...args: string[]) => execFileSync('git', ['-c', 'user.email=test@example.com', '-c', 'user.name=Test', ...args], { cwd: root, encoding: 'utf8' }).trim();
      git('init', '-q');
      git('add', '.');
      git('commit', '-q', '-m', 'snapshot');
      git('remote', 'add', 'origin', 'git@github.com:example/models.dev.git');
      const resolved = resolveDataset(root, {});
      expect(resolved.pinned).toBe(true);
      expect(resolved.dataset).toEqual({ repository: 'https://github.com/example/models.dev', commit: git('rev-parse', 'HEAD'), retrievedAt: git('log', '-1', '--format=%cs') });
      expect(resolved.warnings).toEqual([]);
      // --commit wins over what the checkout says.
      expect(resolveDataset(root, { commit: 'abcdef1' }).dataset.commit).toBe('abcdef1');
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });

  it('a folder inside another project is not taken for a models.dev checkout: citations are said to be unpinned', () => {
    const resolved = resolveDataset(join(fixture, 'providers'), {});
    expect(resolved.pinned).toBe(false);
    expect(resolved.dataset.commit).toBe('main');
    expect(resolved.warnings.join('\n')).toContain('NOT pinned');
    expect(() => resolveDataset(fixture, { commit: 'not-a-commit' })).toThrow(ImportInputError);
  });

  it('reads GitHub remotes in their usual spellings', () => {
    expect(githubUrl('https://github.com/anomalyco/models.dev.git')).toBe('https://github.com/anomalyco/models.dev');
    expect(githubUrl('git@github.com:anomalyco/models.dev.git')).toBe('https://github.com/anomalyco/models.dev');
    expect(githubUrl('https://gitlab.com/a/b')).toBeNull();
  });
});

describe('dates', () => {
  it('are real calendar days, from 1900, not in the future', () => {
    expect(dateProblem('2026-02-30', { dayOnly: true })).toContain('not a real calendar day');
    expect(dateProblem('2025-13')).toContain('not a real date');
    expect(dateProblem('garbage')).toContain('is not a date');
    expect(dateProblem('2025-06', { dayOnly: true })).toContain('YYYY-MM-DD');
    expect(dateProblem('0000-01-01')).toContain('1900');
    expect(dateProblem('2999-01-01')).toContain('2200');
    expect(dateProblem('2025-02-28', { dayOnly: true })).toBeNull();
    expect(dateProblem('2024-02-29')).toBeNull();
  });

  it('importModelsDev refuses a retrieval date in the future, with no change to the database', async () => {
    const db = await freshDatabase();
    try {
      await expect(importModelsDev(db, fixture, { ...dataset, retrievedAt: '2999-01-01' })).rejects.toThrow(ImportInputError);
      expect(await count(db, 'models')).toBe(0);
    } finally {
      await db.destroy();
    }
  });
});

describe('the catalog:import command', () => {
  it('exits 1 and lists every skipped entry with file, field and reason; --allow-partial exits 0 and still lists them', async () => {
    // Without dataset.json nor --commit (and not a git checkout), citations are not pinned: said loudly.
    const root = mkdtempSync(join(tmpdir(), 'models-dev-unpinned-'));
    cpSync(fixture, root, { recursive: true });
    rmSync(join(root, 'dataset.json'));
    // Each run migrates its own embedded database: run both at once.
    const [strict, partial] = await Promise.all([cli([fixture]), cli([root, '--allow-partial'])]).finally(() => rmSync(root, { recursive: true, force: true }));
    expect(strict.status).toBe(1);
    expect(strict.stdout).toContain('files: 10 seen, 10 read, 0 not read');
    expect(strict.stdout).toContain('  - models/deepseek/deepseek-v4-pro.toml [benchmarks[2] (Aider Polyglot).source]: no source');
    expect(strict.stdout).toContain('  - providers/nvidia/models/nvidia/nemotron-nano-9b.toml [glitter]: unknown key');
    expect(strict.stdout).toMatch(/^ {2}models +5 created/m);
    expect(strict.stderr).toContain('2 entries skipped or refused');
    expect(partial.status).toBe(0);
    expect(partial.stdout).toContain('skipped: 2');
    expect(partial.stderr).toContain('citations are NOT pinned to a commit');
    expect(partial.stdout).toContain('(NOT PINNED)');
  }, 300_000);

  it('refuses a path that does not exist, bad dates and unknown options with one line, no stack trace', async () => {
    const missing = await cli(['/no/such/models.dev']);
    expect(missing.status).toBe(1);
    expect(missing.stderr.trim()).toBe('catalog:import: /no/such/models.dev: no such directory');
    for (const [value, message] of [
      ['yesterday', 'is not a date'],
      ['2030-01-01', 'is in the future'],
    ] as const) {
      const result = await cli([fixture, '--retrieved', value]);
      expect(result.status, value).toBe(2);
      expect(result.stderr, value).toContain(message);
      expect(result.stderr, value).not.toMatch(/\n\s+at /);
    }
    const unknown = await cli([fixture, '--bogus']);
    expect(unknown.status).toBe(2);
  });

  it('a database that cannot be opened is one line and exit 1', async () => {
    const result = await cli([fixture], { DATABASE_URL: '' , DATA_DIR: '/dev/null/cannot-create' });
    expect(result.status).toBe(1);
    expect(result.stderr.trim().split('\n').filter((line) => line.startsWith('catalog:import'))).toHaveLength(1);
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });
});
