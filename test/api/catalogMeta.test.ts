import pino from 'pino';
import { describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '../../db/client.ts';
import { benchmarks } from '../../db/schema/index.ts';
import { CatalogMeta } from '../../server/http/catalogMeta.ts';
import { createResponseCache } from '../../server/http/responseCache.ts';
import { freshDatabase } from '../helpers/database.ts';
import { CatalogFixture } from '../helpers/fixtures.ts';

/**
 * A database whose benchmark reads answer when the test says: each read takes a snapshot of the
 * rows when it is sent (as PostgreSQL does when the statement starts) and returns it when released.
 */
function slowDatabase() {
  let rows = [{ slug: 'direction-bench', higherIsBetter: true }];
  const pending: (() => void)[] = [];
  const read = (snapshot: unknown[]) => {
    const answer = new Promise<unknown[]>((resolve) => pending.push(() => resolve(snapshot)));
    return { orderBy: () => answer, then: answer.then.bind(answer) };
  };
  const handle = {
    db: {
      select: () => ({ from: (table: unknown) => read(table === benchmarks ? rows.map((row) => ({ ...row })) : []) }),
    },
    raw: { listen: async () => async () => {} },
  } as unknown as DatabaseHandle;
  return {
    handle,
    change: (higherIsBetter: boolean) => (rows = [{ slug: 'direction-bench', higherIsBetter }]),
    release: () => pending.splice(0).forEach((answer) => answer()),
  };
}

describe('benchmarks and site texts kept in memory', () => {
  it('a change announced while a reload is under way is not hidden by that reload', async () => {
    const database = slowDatabase();
    const meta = new CatalogMeta(database.handle);
    let started = false;
    const starting = meta.start().then(() => (started = true));
    for (let i = 0; i < 50 && !started; i++) {
      database.release();
      await new Promise((resolve) => setTimeout(resolve, 0));
    }
    await starting;
    // A page starts a reload (the definition is stale); its reads take their snapshot now.
    meta.invalidate();
    const early = meta.benchmark('direction-bench');
    await new Promise((resolve) => setTimeout(resolve, 0));
    // The benchmark's direction flips and commits; its NOTIFY arrives before that reload answers.
    database.change(false);
    meta.invalidate();
    const late = meta.benchmark('direction-bench');
    for (let i = 0; i < 5; i++) {
      database.release();
      await new Promise((resolve) => setTimeout(resolve, 0));
    }
    await early;
    expect((await late)?.higherIsBetter).toBe(false);
    expect((await meta.benchmark('direction-bench'))?.higherIsBetter).toBe(false);
  });
});

describe('benchmarks and texts beside the response cache', () => {
  it('are reloaded as soon as the catalog version moves on, before the change is announced to them', async () => {
    const db = await freshDatabase();
    try {
      await new CatalogFixture(db).benchmark('flip-bench', { higherIsBetter: true });
      // Its own announcement (NOTIFY catalog_meta) has not arrived: only the version tells.
      const meta = new CatalogMeta({ ...db, raw: { ...db.raw, listen: async () => async () => {} } });
      await meta.start();
      const { cache } = await createResponseCache({ handle: db, logger: pino({ level: 'silent' }) });
      cache.onAdvance(() => meta.invalidate()); // as server/main.ts wires them
      expect((await meta.benchmark('flip-bench'))?.higherIsBetter).toBe(true);
      await db.raw.query(`update benchmarks set higher_is_better = false where slug = 'flip-bench'`);
      // What a mutation does before it is answered: re-read the committed version.
      await cache.refresh();
      expect((await meta.benchmark('flip-bench'))?.higherIsBetter).toBe(false);
      await cache.stop();
    } finally {
      await db.destroy();
    }
  });
});
