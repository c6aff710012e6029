import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importModelsDev } from '../../server/import/models-dev.ts';
import { seedDir } from '../../server/import/demo.ts';
import { freshDatabase, type TestDatabase } from '../helpers/database.ts';

// The dataset importer applies the editors' input rules (server/catalog/inputs.ts) to what it takes
// from models.dev files: a third-party file must not bring in a link to a loopback, private or
// metadata host (the link check and the public code snippets would use it), hidden characters in
// names, or a date with the year 0000. Such a value is skipped with its path and field; a model
// without a valid name is not imported, one with a bad date is imported without that date.

const dataset = { commit: 'f3fc692299671838c7c65fd8126bf84d81a2e817', retrievedAt: '2026-07-02' };

describe('models.dev import: the editors\' rules for links, text and dates', () => {
  let db: TestDatabase;
  let root: string;
  beforeAll(async () => {
    db = await freshDatabase();
    root = mkdtempSync(join(tmpdir(), 'models-dev-rules-'));
    cpSync(`${seedDir}models.dev/models/anthropic`, join(root, 'models/anthropic'), { recursive: true });
    cpSync(`${seedDir}models.dev/providers/anthropic`, join(root, 'providers/anthropic'), { recursive: true });
  });
  afterAll(async () => {
    rmSync(root, { recursive: true, force: true });
    await db?.destroy();
  });

  it('skips files with a non-public link, hidden characters or a year outside 1900-2200, naming the field, and imports the rest', async () => {
    writeFileSync(join(root, 'models/anthropic/zero-year.toml'), 'name = "Zero year"\nrelease_date = "0000-01-01"\n');
    writeFileSync(join(root, 'models/anthropic/far-future.toml'), 'name = "Far future"\nknowledge = "9999-12"\n');
    writeFileSync(join(root, 'models/anthropic/bidi-name.toml'), 'name = "Claude \\u202Egnp.exe"\nrelease_date = "2025-01-01"\n');
    writeFileSync(
      join(root, 'models/anthropic/local-source.toml'),
      'name = "Local source"\nrelease_date = "2025-01-01"\n[[benchmarks]]\nname = "GPQA"\nscore = 50\nmetric = "accuracy"\nsource = "http://127.0.0.1:8080/leak"\n',
    );
    mkdirSync(join(root, 'providers/metadata'), { recursive: true });
    writeFileSync(join(root, 'providers/metadata/provider.toml'), 'name = "Metadata"\napi = "http://169.254.169.254/latest"\ndoc = "http://[::1]/docs"\n');
    const summary = await importModelsDev(db, root, dataset);
    expect(summary.skipped).toEqual(
      expect.arrayContaining([
        { path: 'models/anthropic/zero-year.toml', field: 'release_date', reason: expect.stringContaining('1900') },
        { path: 'models/anthropic/far-future.toml', field: 'knowledge', reason: expect.stringContaining('1900') },
        { path: 'models/anthropic/bidi-name.toml', field: 'name', reason: expect.stringContaining('invisible') },
        { path: 'models/anthropic/local-source.toml', field: 'benchmarks[0] (GPQA).source', reason: expect.stringContaining('public') },
        { path: 'providers/metadata/provider.toml', field: 'api', reason: expect.stringContaining('public') },
        { path: 'providers/metadata/provider.toml', field: 'doc', reason: expect.stringContaining('public') },
      ]),
    );
    expect(summary.models.created).toBeGreaterThan(10);
    const bad = await db.raw.query<{ n: number }>(
      `select ((select count(*) from sources where url like '%127.0.0.1%' or url like '%169.254%' or url like '%[::1]%')
             + (select count(*) from providers where api_base_url like '%169.254%' or docs_url like '%[::1]%')
             + (select count(*) from models where name like '%gnp.exe%')
             + (select count(*) from model_facts where value like '0000%' or value like '9999%')
             + (select count(*) from scores s join models m on m.id = s.model_id where m.name = 'Local source'))::int as n`,
    );
    expect(Number(bad[0]!.n)).toBe(0);
  });
});
