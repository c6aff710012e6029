import { asc } from 'drizzle-orm';
import type { DatabaseHandle } from '../../db/client.ts';
import { benchmarks, siteTexts } from '../../db/schema/index.ts';

export type BenchmarkRow = typeof benchmarks.$inferSelect;

/**
 * Benchmarks and site texts change rarely and are read on every leaderboard and model page, so each
 * process keeps them in memory. A trigger NOTIFYs `catalog_meta` on any change and every process
 * reloads, so a page never shows a stale definition.
 */
export class CatalogMeta {
  private benchmarksBySlug = new Map<string, BenchmarkRow>();
  private texts = new Map<string, string>();
  /** Moves on with every change announced; a load is good for the generation it started in. */
  private generation = 0;
  private loadedGeneration = -1;
  private loading: { generation: number; done: Promise<void> } | null = null;
  private unlisten: (() => Promise<void>) | null = null;

  constructor(private readonly handle: DatabaseHandle) {}

  async start(): Promise<void> {
    // Also on every reconnect of the listener: a change made meanwhile was not announced.
    this.unlisten = await this.handle.raw.listen('catalog_meta', () => this.invalidate(), () => this.invalidate());
    await this.ensureLoaded();
  }

  async stop(): Promise<void> {
    await this.unlisten?.();
  }

  /** Moves on with every change of benchmarks or site texts heard of (plans made from them are dropped: server/graphql/compiled.ts). */
  get generationNow(): number {
    return this.generation;
  }

  invalidate(): void {
    this.generation++;
  }

  /**
   * Loads when a change was announced since the last load began. A load already under way that began
   * before the latest announcement is not joined: its statements may have read the rows before the
   * change, and a page computed from it would be cached under the catalog version that came with the
   * change. Bounded: under a stream of changes, three loads and then the newest one's rows.
   */
  async ensureLoaded(): Promise<void> {
    for (let attempt = 0; attempt < 3 && this.loadedGeneration < this.generation; attempt++) {
      if (!this.loading || this.loading.generation < this.generation) {
        const generation = this.generation;
        const done = this.load(generation).finally(() => {
          if (this.loading?.done === done) this.loading = null;
        });
        this.loading = { generation, done };
      }
      await this.loading.done;
    }
  }

  private async load(generation: number): Promise<void> {
    const [benchmarkRows, textRows] = await Promise.all([
      this.handle.db.select().from(benchmarks).orderBy(asc(benchmarks.id)),
      this.handle.db.select().from(siteTexts),
    ]);
    // An older load answering last must not replace a newer one's rows.
    if (generation <= this.loadedGeneration) return;
    this.benchmarksBySlug = new Map(benchmarkRows.map((row) => [row.slug, row]));
    this.texts = new Map(textRows.map((row) => [row.key, row.body]));
    this.loadedGeneration = generation;
  }

  async benchmark(slug: string): Promise<BenchmarkRow | undefined> {
    await this.ensureLoaded();
    return this.benchmarksBySlug.get(slug);
  }

  async text(key: string): Promise<string | undefined> {
    await this.ensureLoaded();
    return this.texts.get(key);
  }
}
