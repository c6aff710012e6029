import { asc, eq, inArray, sql } from 'drizzle-orm';
import type { DatabaseHandle } from '../../db/client.ts';
import { sources, type linkStatuses } from '../../db/schema/index.ts';
import { clamp, type Destination, destination, headerText, type OutboundOptions, requestPinned, untilAborted } from './outbound.ts';

// destination() moved to outbound.ts (evidence capture shares it); its callers still import it from here.
export { destination, type Destination };

export type LinkStatus = Exclude<(typeof linkStatuses)[number], 'UNCHECKED'>;

export interface LinkResult {
  status: LinkStatus;
  httpStatus: number | null;
  finalUrl: string | null;
  error?: string;
}

/** With OutboundOptions: allowHosts (default SOURCE_FETCH_ALLOW_HOSTS) and lookup (a stand-in for tests). */
export interface LinkCheckOptions extends OutboundOptions {
  /** Give up on a URL (all its redirect hops) after this long (ms); at most 60 s. */
  timeoutMs?: number;
  /** URLs checked at the same time (1 to 16). */
  concurrency?: number;
  /** Only these sources (default: all). */
  sourceIds?: number[];
  userAgent?: string;
  /** Redirects followed before giving up (at most 10; default 5). */
  maxRedirects?: number;
}

interface HopAnswer {
  status: number;
  location: string | null;
}

/** One request to the pinned address, headers only (the body is never read), within the signal. */
async function requestHead(target: Extract<Destination, { ok: true }>, method: 'HEAD' | 'GET', userAgent: string, signal: AbortSignal): Promise<HopAnswer> {
  const response = await requestPinned(target, { method, headers: { 'user-agent': userAgent, accept: 'text/html,*/*' }, signal });
  // Status and headers are all the check needs: nothing of the body is read or kept.
  response.destroy();
  return { status: response.statusCode ?? 0, location: typeof response.headers.location === 'string' ? response.headers.location : null };
}

/**
 * Checks one URL: HEAD first (cheap), GET when the server refuses HEAD. Redirects are followed by
 * hand, each hop checked again like the first URL (scheme, credentials, every resolved address) and
 * connected to at the address checked; at most `maxRedirects`. Ending on a 2xx after a redirect is
 * REDIRECTED (the source may want its URL updated), a 4xx/5xx is BROKEN; no answer in time, no
 * connection, too many redirects, or an address the checker may not open is UNREACHABLE (with no
 * HTTP status: nothing about a refused host is reported).
 */
export async function checkLink(url: string, options: LinkCheckOptions = {}): Promise<LinkResult> {
  const timeoutMs = clamp(options.timeoutMs, 50, 60_000, 10_000);
  const maxRedirects = clamp(options.maxRedirects, 0, 10, 5);
  const userAgent = headerText(options.userAgent ?? 'Sourced link checker');
  const signal = AbortSignal.timeout(timeoutMs);
  let current: string | URL = url;
  try {
    for (let hop = 0; hop <= maxRedirects; hop++) {
      const target: Destination = await untilAborted(destination(current, options), signal);
      if (!target.ok) return { status: 'UNREACHABLE', httpStatus: null, finalUrl: null, error: target.error };
      signal.throwIfAborted();
      let answer = await requestHead(target, 'HEAD', userAgent, signal);
      if ([403, 405, 501].includes(answer.status)) answer = await requestHead(target, 'GET', userAgent, signal);
      if (answer.status >= 300 && answer.status < 400 && answer.location) {
        try {
          current = new URL(answer.location, target.url);
        } catch {
          return { status: 'BROKEN', httpStatus: answer.status, finalUrl: target.url.href };
        }
        continue;
      }
      const finalUrl = target.url.href;
      if (answer.status >= 400 || answer.status < 200) return { status: 'BROKEN', httpStatus: answer.status, finalUrl };
      return { status: hop > 0 || finalUrl !== new URL(url).href ? 'REDIRECTED' : 'OK', httpStatus: answer.status, finalUrl };
    }
    return { status: 'UNREACHABLE', httpStatus: null, finalUrl: null, error: 'TOO_MANY_REDIRECTS' };
  } catch (error) {
    const cause = signal.aborted ? 'TIMEOUT' : ((error as { code?: string }).code ?? (error as Error).name);
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
  await eachWithConcurrency(rows, clamp(options.concurrency, 1, 16, 8), async (row) => {
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
