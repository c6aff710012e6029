import type { LookupAddress } from 'node:dns';
import { lookup as dnsLookup } from 'node:dns/promises';
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { isIP } from 'node:net';
import { asc, eq, inArray, sql } from 'drizzle-orm';
import type { DatabaseHandle } from '../../db/client.ts';
import { sources, type linkStatuses } from '../../db/schema/index.ts';
import { bareHost, configuredAllowHosts, isAllowedHost, nonPublicAddress, urlProblem, type AllowedHost } from './addresses.ts';

export type LinkStatus = Exclude<(typeof linkStatuses)[number], 'UNCHECKED'>;

export interface LinkResult {
  status: LinkStatus;
  httpStatus: number | null;
  finalUrl: string | null;
  error?: string;
}

export interface LinkCheckOptions {
  /** Give up on a URL (all its redirect hops) after this long (ms); at most 60 s. */
  timeoutMs?: number;
  /** URLs checked at the same time (1 to 16). */
  concurrency?: number;
  /** Only these sources (default: all). */
  sourceIds?: number[];
  userAgent?: string;
  /** Redirects followed before giving up (at most 10; default 5). */
  maxRedirects?: number;
  /**
   * Hosts (host or host:port) opened even when they are or resolve to non-public addresses. Default:
   * SOURCE_FETCH_ALLOW_HOSTS (comma-separated), for tests and intranets; nothing else private is opened.
   */
  allowHosts?: AllowedHost[];
  /** Name resolution (default: the system resolver, every address); a stand-in for tests. */
  lookup?: (hostname: string) => Promise<LookupAddress[]>;
}

const systemLookup = (hostname: string) => dnsLookup(hostname, { all: true, verbatim: true });

/** Where one hop of a check may connect: the address it was checked at, or why it may not. */
export type Destination = { ok: true; url: URL; address: string; family: 4 | 6 } | { ok: false; error: string; reason: string };

/**
 * Decides where a URL may be opened, before any connection: only http(s), no credentials, and every
 * address its host resolves to must be public (one private address among public ones is enough to
 * refuse: the connection could go to it). The address returned is the one to connect to, so a
 * second lookup (DNS rebinding) cannot swap it. Allow-listed hosts skip the address rule only.
 */
export async function destination(rawUrl: string | URL, options: Pick<LinkCheckOptions, 'allowHosts' | 'lookup'> = {}): Promise<Destination> {
  let url: URL;
  try {
    url = new URL(rawUrl);
  } catch {
    return { ok: false, error: 'INVALID_URL', reason: 'not a URL' };
  }
  const allowHosts = options.allowHosts ?? configuredAllowHosts();
  const problem = urlProblem(url, allowHosts);
  if (problem) return { ok: false, error: 'REFUSED_URL', reason: problem };
  const host = bareHost(url.hostname);
  let addresses: LookupAddress[];
  if (isIP(host)) {
    addresses = [{ address: host, family: isIP(host) }];
  } else {
    try {
      addresses = await (options.lookup ?? systemLookup)(host);
    } catch (error) {
      return { ok: false, error: (error as { code?: string }).code ?? 'DNS_ERROR', reason: 'the name does not resolve' };
    }
  }
  if (addresses.length === 0) return { ok: false, error: 'ENOTFOUND', reason: 'the name does not resolve' };
  if (!isAllowedHost(url, allowHosts)) {
    for (const { address } of addresses) {
      const refused = nonPublicAddress(address);
      if (refused) return { ok: false, error: 'REFUSED_ADDRESS', reason: `${host} resolves to a ${refused} address` };
    }
  }
  const [first] = addresses;
  return { ok: true, url, address: first!.address, family: first!.family === 6 ? 6 : 4 };
}

interface HopAnswer {
  status: number;
  location: string | null;
}

/** One request to the pinned address, headers only (the body is never read), within the signal. */
function requestHead(target: Extract<Destination, { ok: true }>, method: 'HEAD' | 'GET', userAgent: string, signal: AbortSignal): Promise<HopAnswer> {
  const { url, address, family } = target;
  const secure = url.protocol === 'https:';
  const host = bareHost(url.hostname);
  return new Promise((resolve, reject) => {
    const request = (secure ? httpsRequest : httpRequest)({
      // Connect to the address that was checked, not to whatever the name resolves to now.
      host: address,
      family,
      port: url.port || (secure ? 443 : 80),
      path: `${url.pathname}${url.search}`,
      method,
      headers: { host: url.host, 'user-agent': userAgent, accept: 'text/html,*/*' },
      // TLS still checks the certificate against the name in the URL.
      ...(secure && !isIP(host) ? { servername: host } : {}),
      agent: false,
      maxHeaderSize: 16 * 1024,
      signal,
    });
    request.on('response', (response) => {
      resolve({ status: response.statusCode ?? 0, location: typeof response.headers.location === 'string' ? response.headers.location : null });
      // Status and headers are all the check needs: nothing of the body is read or kept.
      response.destroy();
    });
    request.on('error', reject);
    request.end();
  });
}

/** The promise's value, or the signal's abort (a name lookup cannot be cancelled, only stopped waiting for). */
function untilAborted<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    if (signal.aborted) return reject(signal.reason);
    const onAbort = () => reject(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        resolve(value);
      },
      (error) => {
        signal.removeEventListener('abort', onAbort);
        reject(error);
      },
    );
  });
}

const clamp = (value: number | undefined, min: number, max: number, fallback: number) =>
  value === undefined || !Number.isFinite(value) ? fallback : Math.min(max, Math.max(min, Math.trunc(value)));

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
  const userAgent = (options.userAgent ?? 'Sourced link checker').replace(/[^\x20-\x7e]/g, '').slice(0, 200);
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
