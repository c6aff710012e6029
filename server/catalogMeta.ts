import { asc } from 'drizzle-orm';
import type { DatabaseHandle } from '../db/client.ts';
import { benchmarks, siteTexts } from '../db/schema/index.ts';

export type BenchmarkRow = typeof benchmarks.$inferSelect;

/**
 * Benchmarks and site texts change rarely and are read on every leaderboard and model page, so each
 * process keeps them in memory. A trigger NOTIFYs `catalog_meta` on any change and every process
 * reloads, so a page never shows a stale definition.
 */
export class CatalogMeta {
  private benchmarksBySlug = new Map<string, BenchmarkRow>();
  private texts = new Map<string, string>();
  private loading: Promise<void> | null = null;
  private stale = true;
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

  invalidate(): void {
    this.stale = true;
  }

  async ensureLoaded(): Promise<void> {
    if (!this.stale) return;
    this.loading ??= this.load().finally(() => {
      this.loading = null;
    });
    return this.loading;
  }

  private async load(): Promise<void> {
    this.stale = false;
    const [benchmarkRows, textRows] = await Promise.all([
      this.handle.db.select().from(benchmarks).orderBy(asc(benchmarks.id)),
      this.handle.db.select().from(siteTexts),
    ]);
    this.benchmarksBySlug = new Map(benchmarkRows.map((row) => [row.slug, row]));
    this.texts = new Map(textRows.map((row) => [row.key, row.body]));
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
