import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDatabase } from '../../db/client.ts';
import { ImportInputError, resolveDataset } from '../../server/import/dataset.ts';
import { formatSummary, importLockKey, importModelsDev } from '../../server/import/models-dev.ts';
import { freshDatabase, type TestDatabase } from '../helpers/database.ts';

// Hostile or odd models.dev trees: folder names that are no slug (or that name Object.prototype's
// members), symbolic links, prices finer than the column holds, editors' prices, URLs the database
// refuses, repository URLs, huge files, invalid UTF-8, concurrent runs, models whose files are gone.

const dataset = { repository: 'https://github.com/example/models.dev-hostile', commit: '0123456789abcdef0123456789abcdef01234567', retrievedAt: '2026-06-01' };

function tree(files: Record<string, string | Buffer>): string {
  const root = mkdtempSync(join(tmpdir(), 'models-dev-hostile-'));
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  }
  return root;
}

const roots: string[] = [];
const make = (files: Record<string, string | Buffer>) => {
  const root = tree(files);
  roots.push(root);
  return root;
};

async function rows<T = Record<string, unknown>>(db: TestDatabase, text: string): Promise<[T, ...T[]]> {
  return (await db.raw.query<T>(text)) as [T, ...T[]];
}

describe('models.dev import of hostile trees', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await freshDatabase();
  });
  afterAll(async () => {
    for (const root of roots) rmSync(root, { recursive: true, force: true });
    await db?.destroy();
  });

  it('F1: skips a vendor or provider folder that is no slug or names an Object member, and imports the rest', async () => {
    const root = make({
      'models/ACME/base.toml': 'name = "X"\n[limit]\ncontext = 64000\n',
      'providers/toString/provider.toml': 'name = "To string"\n',
      'providers/constructor/provider.toml': 'name = "Constructor"\n',
      'models/constructor/prototype.toml': 'name = "Proto"\n[limit]\ncontext = 1000\n',
      'models/goodvendor/good-1.toml': 'name = "Good 1"\n[limit]\ncontext = 64000\n',
    });
    const summary = await importModelsDev(db, root, dataset);
    expect(summary.skipped).toEqual(
      expect.arrayContaining([
        { path: 'models/ACME/base.toml', field: 'vendor (the folder name)', reason: expect.stringContaining('lower-case') },
        { path: 'providers/toString/provider.toml', field: 'provider (the folder name)', reason: expect.stringContaining('lower-case') },
      ]),
    );
    expect(formatSummary(summary)).not.toMatch(/insert into|Failed query/);
    const models = await rows<{ slug: string; provider: string; name: string }>(
      db,
      `select m.slug, p.slug as provider, p.name from models m join providers p on p.id = m.provider_id order by m.slug`,
    );
    expect(models).toEqual(
      expect.arrayContaining([
        { slug: 'good-1', provider: 'goodvendor', name: 'goodvendor' },
        { slug: 'prototype', provider: 'constructor', name: 'Constructor' },
      ]),
    );
  });

  it('F1 sibling: a benchmark named after an Object member ("constructor", "toString") is filed under its own slug', async () => {
    const root = make({
      'models/protobench/pb.toml':
        'name = "PB"\n[limit]\ncontext = 1000\n' +
        '[[benchmarks]]\nname = "constructor"\nscore = 50\nmetric = "accuracy"\nsource = "https://example.com/constructor"\n' +
        '[[benchmarks]]\nname = "toString"\nscore = 40\nmetric = "accuracy"\nsource = "https://example.com/tostring"\n',
    });
    const summary = await importModelsDev(db, root, dataset);
    expect(summary.skipped).toEqual([]);
    const slugs = await rows<{ slug: string }>(db, `select b.slug from scores s join benchmarks b on b.id = s.benchmark_id join models m on m.id = s.model_id where m.slug = 'pb' order by b.slug`);
    expect(slugs.map((row) => row.slug)).toEqual(['constructor', 'tostring']);
  });

  it('F2: does not follow symbolic links (files, folders, loops), reports them, and bounds slugs', async () => {
    const outside = make({ 'outside.toml': 'name = "Outside"\n[limit]\ncontext = 100\n' });
    const root = make({ 'models/linky/inside.toml': 'name = "Inside"\n[limit]\ncontext = 100\n' });
    symlinkSync(join(outside, 'outside.toml'), join(root, 'models/linky/outside-link.toml'));
    symlinkSync('/etc/passwd', join(root, 'models/linky/passwd.toml'));
    symlinkSync('..', join(root, 'models/linky/loop'));
    mkdirSync(join(root, 'models/linky/long'), { recursive: true });
    writeFileSync(join(root, 'models/linky/long', `${'x'.repeat(120)}.toml`), 'name = "Long"\n');
    const summary = await importModelsDev(db, root, dataset);
    expect(summary.skipped).toEqual(
      expect.arrayContaining([
        { path: 'models/linky/outside-link.toml', reason: expect.stringContaining('symbolic link') },
        { path: 'models/linky/passwd.toml', reason: expect.stringContaining('symbolic link') },
        { path: 'models/linky/loop', reason: expect.stringContaining('symbolic link') },
        { path: `models/linky/long/${'x'.repeat(120)}.toml`, reason: expect.stringContaining('slug') },
      ]),
    );
    // A linked models/ folder (of the tree or of a provider) is not read either.
    const linked = make({ 'providers/linkprov/provider.toml': 'name = "Link provider"\n' });
    symlinkSync(join(root, 'models'), join(linked, 'models'));
    symlinkSync(join(root, 'models'), join(linked, 'providers/linkprov/models'));
    const linkedSummary = await importModelsDev(db, linked, dataset);
    expect(linkedSummary.skipped).toEqual([
      { path: 'models', reason: expect.stringContaining('symbolic link') },
      { path: 'providers/linkprov/models', reason: expect.stringContaining('symbolic link') },
    ]);
    expect(linkedSummary.models.created + linkedSummary.models.updated + linkedSummary.models.unchanged).toBe(0);
    const names = await rows<{ name: string }>(db, `select m.name from models m join providers p on p.id = m.provider_id where p.slug = 'linky' order by m.name`);
    expect(names).toEqual([{ name: 'Inside' }]);
    const [{ n }] = await rows<{ n: number }>(db, `select count(*)::int as n from sources where url like '%outside%' or url like '%passwd%' or url like '%loop%'`);
    expect(Number(n)).toBe(0);
  });

  it('F3: a price finer than the column holds is skipped; re-importing prices with 6 decimals changes nothing', async () => {
    const root = make({
      'models/finevendor/fine.toml':
        'name = "Fine"\nrelease_date = "2025-01-15"\n[cost]\ninput = 0.000001\ncache_read = 0.1234567\noutput = 0.0000001\nreasoning = 1e-320\ncache_write = 0.123456\n',
    });
    const first = await importModelsDev(db, root, dataset);
    expect(first.skipped).toEqual(
      expect.arrayContaining([
        { path: 'models/finevendor/fine.toml', field: 'cost.cache_read', reason: expect.stringContaining('6 decimal') },
        { path: 'models/finevendor/fine.toml', field: 'cost.output', reason: expect.stringContaining('6 decimal') },
        { path: 'models/finevendor/fine.toml', field: 'cost.reasoning', reason: expect.stringContaining('6 decimal') },
      ]),
    );
    const second = await importModelsDev(db, root, dataset);
    expect(second.prices).toMatchObject({ created: 0, updated: 0 });
    const prices = await rows<{ kind: string; usd: string }>(
      db,
      `select p.kind, p.usd_per_million_tokens::text as usd from prices p join models m on m.id = p.model_id where m.slug = 'fine' order by p.kind`,
    );
    expect(prices.map((row) => [row.kind, Number(row.usd)])).toEqual([
      ['CACHE_WRITE', 0.123456],
      ['INPUT', 0.000001],
    ]);
  });

  it("F4: an imported price that would become current over an editor's verified price of that kind is held for review", async () => {
    const root = make({ 'models/editvendor/r1.toml': 'name = "R1"\nrelease_date = "2025-01-15"\n[cost]\ninput = 1\n' });
    await importModelsDev(db, root, dataset);
    const [{ id: modelId }] = await rows<{ id: number }>(db, `select id from models where slug = 'r1'`);
    const [{ id: sourceId }] = await rows<{ id: number }>(
      db,
      `insert into sources (url, kind, publisher, title, retrieved_at) values ('https://editvendor.example.com/pricing', 'VENDOR_PRICING', 'Edit vendor', 'Pricing', '2025-01-02') returning id`,
    );
    const [{ id: editorId }] = await rows<{ id: number }>(db, `insert into users (email, role, password_hash) values ('editor@hostile.test', 'EDITOR', 'x') returning id`);
    const [{ id: reviewerId }] = await rows<{ id: number }>(db, `insert into users (email, role, password_hash) values ('reviewer@hostile.test', 'REVIEWER', 'x') returning id`);
    await db.raw.query(
      `insert into prices (model_id, kind, tier_min_tokens, usd_per_million_tokens, effective_from, source_id, locator, retrieved_at, status, origin, created_by, verified_by, verified_at)
       values ($1, 'CACHE_WRITE', 0, 0.5, '2025-01-01', $2, 'pricing table', '2025-01-02', 'VERIFIED', 'EDITOR', $3, $4, now())`,
      [modelId, sourceId, editorId, reviewerId],
    );
    writeFileSync(join(root, 'models/editvendor/r1.toml'), 'name = "R1"\nrelease_date = "2025-01-15"\n[cost]\ninput = 1\ncache_write = 0.7\n');
    const summary = await importModelsDev(db, root, dataset);
    expect(summary.heldForReview).toBe(1);
    const cacheWrite = await rows<{ usd: string; status: string }>(
      db,
      `select usd_per_million_tokens::float8 as usd, status from prices where model_id = ${modelId} and kind = 'CACHE_WRITE' order by effective_from`,
    );
    expect(cacheWrite.map((row) => [Number(row.usd), row.status])).toEqual([
      [0.5, 'VERIFIED'],
      [0.7, 'PENDING_REVIEW'],
    ]);
  });

  it('F5: a benchmark source the database would refuse skips that entry; a file name with a space is cited percent-encoded', async () => {
    const root = make({
      'models/urlvendor/has space.toml': 'name = "Has space"\n[limit]\ncontext = 1000\n',
      'models/urlvendor/bench.toml':
        'name = "Bench"\n[limit]\ncontext = 1000\n' +
        '[[benchmarks]]\nname = "GPQA"\nscore = 50\nmetric = "accuracy"\nsource = "HTTPS://labs.scale.com/x"\n' +
        '[[benchmarks]]\nname = "MMLU"\nscore = 50\nmetric = "accuracy"\nsource = "https://example.com/a b"\n',
    });
    const summary = await importModelsDev(db, root, dataset);
    expect(summary.skipped).toEqual([{ path: 'models/urlvendor/bench.toml', field: 'benchmarks[1] (MMLU).source', reason: expect.stringContaining('space') }]);
    const models = await rows<{ slug: string }>(db, `select m.slug from models m join providers p on p.id = m.provider_id where p.slug = 'urlvendor' order by m.slug`);
    expect(models).toEqual([{ slug: 'bench' }, { slug: 'has-space' }]);
    const urls = await rows<{ url: string }>(db, `select url from sources where url like '%has%space%' or url like '%labs.scale.com/x'`);
    expect(urls.map((row) => row.url).sort()).toEqual([`${dataset.repository}/blob/${dataset.commit}/models/urlvendor/has%20space.toml`, 'https://labs.scale.com/x']);
    const again = await importModelsDev(db, root, dataset);
    expect(again.facts).toMatchObject({ created: 0, updated: 0, retired: 0 });
  });

  it('F6: refuses a repository URL with credentials, a link-local or metadata address, or markup', async () => {
    const empty = make({ 'models/x/y.toml': 'name = "Y"\n' });
    for (const repository of [
      'https://169.254.169.254/latest',
      'https://user:pw@github.com/x/y',
      'https://evil.example.com/"><script>',
      'https://10.0.0.1/owner/repo',
    ]) {
      expect(() => resolveDataset(empty, { repository, commit: dataset.commit, retrievedAt: dataset.retrievedAt }), repository).toThrow(ImportInputError);
      await expect(importModelsDev(db, empty, { ...dataset, repository }), repository).rejects.toThrow(ImportInputError);
    }
    const withFile = make({ 'models/x/y.toml': 'name = "Y"\n', 'dataset.json': JSON.stringify({ repository: 'https://169.254.169.254/latest', commit: dataset.commit }) });
    expect(() => resolveDataset(withFile, {})).toThrow(/repository/);
  });

  it('F7: a file over 1 MB is skipped; unknown keys are listed at most 10 per file with a count of the rest', async () => {
    const big = `name = "Big"\n${Array.from({ length: 130_000 }, (_, i) => `k${i} = 1`).join('\n')}\n`;
    const many = `name = "Many"\n${Array.from({ length: 60_000 }, (_, i) => `k${i}=1`).join('\n')}\n`;
    const root = make({ 'models/deep/k.toml': big, 'models/deep/many.toml': many });
    const summary = await importModelsDev(db, root, dataset);
    expect(summary.skipped).toEqual([{ path: 'models/deep/k.toml', reason: expect.stringContaining('1 MB') }]);
    const warnings = summary.warnings.filter((warning) => warning.path === 'models/deep/many.toml');
    expect(warnings.length).toBe(11);
    expect(warnings.at(-1)!.reason).toContain('and 59,990 more unknown keys');
    expect(formatSummary(summary)).toContain('skipped: 1');
  });

  it('F9: a file that is not valid UTF-8 is skipped with a reason', async () => {
    const root = make({
      'models/utfvendor/badutf8.toml': Buffer.concat([Buffer.from('name = "Bad '), Buffer.from([0xff, 0xfe]), Buffer.from(' utf8"\n[limit]\ncontext = 100\n')]),
      'models/utfvendor/good.toml': 'name = "Good UTF-8 ✓"\n',
    });
    const summary = await importModelsDev(db, root, dataset);
    expect(summary.skipped).toEqual([{ path: 'models/utfvendor/badutf8.toml', reason: expect.stringContaining('UTF-8') }]);
    const [{ n }] = await rows<{ n: number }>(db, `select count(*)::int as n from models where name like '%\uFFFD%'`);
    expect(Number(n)).toBe(0);
  });

  it('F11: warns about models imported from this repository earlier whose files this run did not see, and leaves them', async () => {
    const root = make({ 'models/gonevendor/stays.toml': 'name = "Stays"\n[limit]\ncontext = 100\n', 'models/gonevendor/goes.toml': 'name = "Goes"\n[limit]\ncontext = 100\n' });
    await importModelsDev(db, root, dataset);
    rmSync(join(root, 'models/gonevendor/goes.toml'));
    const summary = await importModelsDev(db, root, dataset);
    const missing = summary.warnings.filter((warning) => warning.reason.includes('not in this tree'));
    expect(missing).toEqual(expect.arrayContaining([{ path: 'models/gonevendor/goes.toml', field: 'goes', reason: expect.stringContaining('left as it is') }]));
    expect(missing.some((warning) => warning.path === 'models/gonevendor/stays.toml')).toBe(false);
    const [{ n }] = await rows<{ n: number }>(
      db,
      `select count(*)::int as n from model_facts f join models m on m.id = f.model_id where m.slug = 'goes' and f.status = 'VERIFIED'`,
    );
    expect(Number(n)).toBe(1);
  });

  it('F8: a second import on the same database is refused while one runs (PostgreSQL: an advisory lock; PGlite: the data directory lock)', async () => {
    if (!process.env.DATABASE_URL) {
      // An embedded database is one data directory: a second importer cannot even open it while the first has it.
      const dataDir = mkdtempSync(join(tmpdir(), 'sourced-import-lock-'));
      const first = await createDatabase({ dataDir });
      try {
        await expect(createDatabase({ dataDir })).rejects.toThrow(/is in use by another Sourced process/);
      } finally {
        await first.close();
        rmSync(dataDir, { recursive: true, force: true });
      }
      return;
    }
    const root = make({ 'models/lockvendor/l.toml': 'name = "L"\n' });
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    let locked!: () => void;
    const isLocked = new Promise<void>((resolve) => (locked = resolve));
    const holder = db.db.transaction(async (tx) => {
      await tx.execute(sql`select pg_advisory_xact_lock(${importLockKey})`);
      locked();
      await held;
    });
    await isLocked;
    try {
      await expect(importModelsDev(db, root, dataset)).rejects.toThrow('another catalog import is running on this database');
    } finally {
      release();
      await holder;
    }
    const summary = await importModelsDev(db, root, dataset);
    expect(summary.models.created).toBe(1);
  });
});
