import { asc, eq, inArray, sql } from 'drizzle-orm';
import type { DatabaseHandle } from '../../db/client.ts';
import { sources, type linkStatuses } from '../../db/schema/index.ts';

export type LinkStatus = Exclude<(typeof linkStatuses)[number], 'UNCHECKED'>;

export interface LinkResult {
  status: LinkStatus;
  httpStatus: number | null;
  finalUrl: string | null;
  error?: string;
}

export interface LinkCheckOptions {
  /** Give up on a URL after this long (ms). */
  timeoutMs?: number;
  /** URLs checked at the same time. */
  concurrency?: number;
  /** Only these sources (default: all). */
  sourceIds?: number[];
  userAgent?: string;
  fetch?: typeof fetch;
}

/**
 * Checks one URL: HEAD first (cheap), GET when the server refuses HEAD. Redirects are followed;
 * ending on a 2xx after a redirect is REDIRECTED (the source may want its URL updated), a 4xx/5xx
 * is BROKEN, no answer in time or no connection is UNREACHABLE.
 */
export async function checkLink(url: string, options: LinkCheckOptions = {}): Promise<LinkResult> {
  const doFetch = options.fetch ?? fetch;
  const timeoutMs = options.timeoutMs ?? 10_000;
  const headers = { 'user-agent': options.userAgent ?? 'Sourced link checker', accept: 'text/html,*/*' };
  try {
    let response = await doFetch(url, { method: 'HEAD', redirect: 'follow', headers, signal: AbortSignal.timeout(timeoutMs) });
    if ([403, 405, 501].includes(response.status)) {
      response = await doFetch(url, { method: 'GET', redirect: 'follow', headers, signal: AbortSignal.timeout(timeoutMs) });
    }
    await response.body?.cancel().catch(() => {});
    const finalUrl = response.url || url;
    if (response.status >= 400) return { status: 'BROKEN', httpStatus: response.status, finalUrl };
    return { status: response.redirected || finalUrl !== url ? 'REDIRECTED' : 'OK', httpStatus: response.status, finalUrl };
  } catch (error) {
    const cause = (error as { cause?: { code?: string } }).cause?.code ?? (error as Error).name;
    return { status: 'UNREACHABLE', httpStatus: null, finalUrl: null, error: cause };
  }
}

/** Runs `work` over `items` with at most `concurrency` at a time. */
export async function eachWithConcurrency<T>(items: T[], concurrency: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const workers = Array.from({ length: Math.max(1, Math.min(concurrency, items.length)) }, async () => {
    while (next < items.length) {
      const item = items[next++]!;
      await work(item);
    }
  });
  await Promise.all(workers);
}

export interface SourceCheckSummary {
  checked: number;
  byStatus: Record<LinkStatus, number>;
  results: { id: number; url: string; result: LinkResult }[];
}

/**
 * Checks every source URL (bounded concurrency, per-URL timeout) and records link status, HTTP
 * status and time on each source. Link fields are the checker's, not an editor's change: they do
 * not move the version editors save against.
 */
export async function checkSources(handle: DatabaseHandle, options: LinkCheckOptions = {}): Promise<SourceCheckSummary> {
  const query = handle.db.select({ id: sources.id, url: sources.url }).from(sources).orderBy(asc(sources.id));
  const rows = options.sourceIds ? await query.where(inArray(sources.id, options.sourceIds)) : await query;
  const summary: SourceCheckSummary = {
    checked: 0,
    byStatus: { OK: 0, REDIRECTED: 0, BROKEN: 0, UNREACHABLE: 0 },
    results: [],
  };
  await eachWithConcurrency(rows, options.concurrency ?? 8, async (row) => {
    const result = await checkLink(row.url, options);
    await handle.db
      .update(sources)
      .set({ linkStatus: result.status, linkHttpStatus: result.httpStatus, linkCheckedAt: sql`now()` })
      .where(eq(sources.id, row.id));
    summary.checked++;
    summary.byStatus[result.status]++;
    summary.results.push({ id: row.id, url: row.url, result });
  });
  return summary;
}
