import { describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '../../db/client.ts';
import { benchmarks } from '../../db/schema/index.ts';
import { CatalogMeta } from '../../server/catalogMeta.ts';

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
