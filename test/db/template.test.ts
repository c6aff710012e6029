import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createDatabase } from '../../db/client.ts';
import { migrateDatabase } from '../../db/migrate.ts';
import { seedDemoCatalog } from '../../server/import/demo.ts';
import { buildDemoTemplate, demoTemplateFor, templateInputFiles } from '../../server/import/template.ts';

// `npm install` builds the template (scripts/postinstall.ts); the first `npm start` unpacks it.
describe('the embedded database template', () => {
  const dir = mkdtempSync(join(os.tmpdir(), 'sourced-template-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('starts an empty data directory migrated and loaded with the demo catalog', async () => {
    await buildDemoTemplate();
    const template = demoTemplateFor(dir);
    expect(template).not.toBeNull();
    const handle = await createDatabase({ dataDir: dir, loadDataDir: template });
    try {
      await migrateDatabase(handle);
      const [row] = await handle.raw.query<{ models: number; scores: number; users: number }>(
        `select (select count(*)::int from models) as models, (select count(*)::int from scores where status = 'VERIFIED') as scores,
                (select count(*)::int from users) as users`,
      );
      expect(row).toEqual({ models: 262, scores: 254, users: 0 });
      // Already loaded: the start-up seed leaves it alone.
      expect(await seedDemoCatalog(handle)).toBeNull();
    } finally {
      await handle.close();
    }
    // Only an empty directory starts from the template; this one now holds a database.
    expect(demoTemplateFor(dir)).toBeNull();
  });

  it('is named by what shapes it, so code that changes the demo never starts from an old one', () => {
    // The name once hashed no file at all (the paths were read from server/, not the project root),
    // so a template built by an earlier install was used whatever the code had become.
    const files = templateInputFiles().map((file) => file.slice(process.cwd().length + 1));
    expect(files).toContain('server/import/demo.ts');
    expect(files).toContain('server/digest/demo.ts');
    expect(files.filter((file) => file.startsWith('db/migrations/')).length).toBeGreaterThan(10);
  });

  it('is not used for a directory that already holds data, nor in memory', () => {
    expect(demoTemplateFor(process.cwd())).toBeNull();
    expect(demoTemplateFor('memory://')).toBeNull();
  });
});
