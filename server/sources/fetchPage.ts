import type { IncomingMessage } from 'node:http';
import type { Readable, Transform } from 'node:stream';
import { createBrotliDecompress, createGunzip, createInflate } from 'node:zlib';
import { clamp, type Destination, destination, headerText, type OutboundOptions, requestPinned, untilAborted } from './outbound.ts';

// Captures a cited page's body so its numbers can be checked: the same address rules as the link
// check (every hop), and bounded in time and bytes, because the page is chosen by whoever cites it.

export interface FetchPageOptions extends OutboundOptions {
  /** One deadline for everything: name lookups, connections, every hop and the body (ms; default 20 s, at most 60 s). */
  timeoutMs?: number;
  /** Largest body kept, counted after decoding (bytes; default 10 MiB, at most 100 MiB). */
  maxBytes?: number;
  /** Redirects followed before giving up (at most 10; default 5). */
  maxRedirects?: number;
  userAgent?: string;
}

export type FetchError =
  | 'INVALID_URL'
  | 'REFUSED_URL'
  | 'REFUSED_ADDRESS'
  | 'DNS'
  | 'CONNECTION'
  | 'TIMEOUT'
  | 'TOO_LARGE'
  | 'TOO_MANY_REDIRECTS'
  | 'BAD_REDIRECT';

export type FetchedPage =
  | { ok: true; url: string; httpStatus: number; contentType: string | null; body: Buffer; redirects: number }
  | { ok: false; error: FetchError; reason: string; url: string | null; httpStatus: number | null };

const MiB = 1024 * 1024;
const defaultUserAgent = 'Sourced evidence capture (+https://github.com/sourced)';
const accept = 'text/html,application/xhtml+xml,application/pdf,application/json,text/plain;q=0.9,*/*;q=0.5';
const redirectStatuses = new Set([301, 302, 303, 307, 308]);

const decoders: Record<string, () => Transform> = {
  gzip: createGunzip,
  'x-gzip': createGunzip,
  deflate: createInflate,
  br: createBrotliDecompress,
};

const failure = (error: FetchError, reason: string, url: string | null, httpStatus: number | null = null): FetchedPage => ({
  ok: false,
  error,
  reason,
  url,
  httpStatus,
});

/**
 * GETs a page: http(s) only, redirects followed by hand with each hop checked and connected to at
 * its checked address, no cookies, credentials or Referer sent. Any HTTP answer that is not a
 * redirect is returned (a 404 too: the caller decides what it proves), with its body decoded
 * (gzip, deflate, br) and at most `maxBytes` long; everything else is a failure with a reason.
 * Sockets and timers are closed when it returns.
 */
export async function fetchPage(url: string, options: FetchPageOptions = {}): Promise<FetchedPage> {
  const timeoutMs = clamp(options.timeoutMs, 50, 60_000, 20_000);
  const maxBytes = clamp(options.maxBytes, 1, 100 * MiB, 10 * MiB);
  const maxRedirects = clamp(options.maxRedirects, 0, 10, 5);
  const headers = {
    'user-agent': headerText(options.userAgent ?? defaultUserAgent),
    accept,
    'accept-encoding': 'gzip, deflate, br',
  };
  const deadline = new AbortController();
  const timer = setTimeout(() => deadline.abort(new Error('deadline')), timeoutMs);
  const { signal } = deadline;
  let current: string | URL = url;
  let httpStatus: number | null = null;
  try {
    for (let hop = 0; ; hop++) {
      const target: Destination = await untilAborted(destination(current, options), signal);
      const hopUrl = shownUrl(current);
      if (!target.ok) {
        if (target.error === 'INVALID_URL') return failure('INVALID_URL', 'The address is not a URL.', null);
        if (target.error === 'REFUSED_URL' || target.error === 'REFUSED_ADDRESS') {
          return failure(target.error, `The address is not opened: ${target.reason}.`, hopUrl);
        }
        return failure('DNS', `The host name does not resolve (${target.error}).`, hopUrl);
      }
      current = target.url;
      httpStatus = null;
      const response = await requestPinned(target, { method: 'GET', headers, signal });
      httpStatus = response.statusCode ?? 0;
      const location = response.headers.location;
      if (redirectStatuses.has(httpStatus) && location) {
        response.destroy();
        if (hop >= maxRedirects) return failure('TOO_MANY_REDIRECTS', `More than ${maxRedirects} redirects.`, target.url.href, httpStatus);
        try {
          current = new URL(location, target.url);
        } catch {
          return failure('BAD_REDIRECT', 'The redirect does not name a valid URL.', target.url.href, httpStatus);
        }
        continue;
      }
      const read = await readBody(response, maxBytes, signal);
      if (!read.ok) return failure(read.error, read.reason, target.url.href, httpStatus);
      const contentType = response.headers['content-type'] ?? null;
      return { ok: true, url: target.url.href, httpStatus, contentType, body: read.body, redirects: hop };
    }
  } catch (error) {
    const at = shownUrl(current);
    if (signal.aborted) return failure('TIMEOUT', `No complete answer within ${timeoutMs} ms.`, at, httpStatus);
    return failure('CONNECTION', connectionReason(error), at, httpStatus);
  } finally {
    clearTimeout(timer);
    // Tears down whatever still listens to the deadline (a request that failed half-way).
    deadline.abort(new Error('done'));
  }
}

type BodyRead = { ok: true; body: Buffer } | { ok: false; error: 'TOO_LARGE' | 'CONNECTION'; reason: string };

/**
 * The response's body, decoded, streamed and counted: it stops (and closes the socket) at the first
 * chunk past `maxBytes`, so a huge or endless body, or a small compressed bomb, is never held whole.
 */
async function readBody(response: IncomingMessage, maxBytes: number, signal: AbortSignal): Promise<BodyRead> {
  const tooLarge: BodyRead = { ok: false, error: 'TOO_LARGE', reason: `The body is larger than ${maxBytes} bytes.` };
  const stages: Readable[] = [response];
  const onAbort = () => response.destroy(signal.reason as Error);
  signal.addEventListener('abort', onAbort, { once: true });
  try {
    signal.throwIfAborted();
    const declared = Number(response.headers['content-length']);
    if (Number.isFinite(declared) && declared > maxBytes) return tooLarge;
    // Content-Encoding lists the codings in the order applied: undo them last first.
    const codings = (response.headers['content-encoding'] ?? '')
      .split(',')
      .map((coding) => coding.trim().toLowerCase())
      .filter((coding) => coding && coding !== 'identity')
      .reverse();
    // Set by a decoder failing on its own input (not passing on the connection's error), read when the stream fails.
    const decoding = { failed: null as string | null };
    const passedOn = new WeakSet<Error>();
    for (const coding of codings) {
      const create = Object.hasOwn(decoders, coding) ? decoders[coding] : undefined;
      if (!create) return { ok: false, error: 'CONNECTION', reason: `The server sent the body in an encoding that was not asked for (${coding}).` };
      const input = stages.at(-1)!;
      const decoder = create();
      decoder.on('error', (error) => {
        if (!passedOn.has(error)) decoding.failed ??= coding;
      });
      input.on('error', (error) => {
        passedOn.add(error);
        decoder.destroy(error);
      });
      input.pipe(decoder);
      stages.push(decoder);
    }
    const chunks: Buffer[] = [];
    let size = 0;
    try {
      for await (const chunk of stages.at(-1)!) {
        size += (chunk as Buffer).length;
        // The chunk past the cap is not kept: at most maxBytes are ever held.
        if (size > maxBytes) return tooLarge;
        chunks.push(chunk as Buffer);
      }
    } catch (error) {
      if (signal.aborted) throw error;
      if (decoding.failed) return { ok: false, error: 'CONNECTION', reason: `The body does not decode as ${decoding.failed}.` };
      throw error;
    }
    return { ok: true, body: Buffer.concat(chunks, size) };
  } finally {
    signal.removeEventListener('abort', onAbort);
    for (const stage of stages) stage.destroy();
  }
}

/** A URL as reported back: without any user name or password it carried (those are refused, not repeated). */
function shownUrl(url: string | URL): string | null {
  try {
    const parsed = new URL(url);
    parsed.username = '';
    parsed.password = '';
    return parsed.href;
  } catch {
    return null;
  }
}

function connectionReason(error: unknown): string {
  const code = (error as { code?: string } | null)?.code ?? (error as Error | null)?.name ?? 'unknown';
  if (code === 'ECONNREFUSED') return 'The server refused the connection.';
  if (code === 'ECONNRESET') return 'The connection was closed before the answer was complete.';
  if (code === 'HPE_HEADER_OVERFLOW') return 'The answer’s headers are too large.';
  if (code.startsWith('HPE_')) return `The answer is not valid HTTP (${code}).`;
  if (/CERT|SSL|TLS/.test(code)) return `The TLS connection was not accepted (${code}).`;
  return `The connection failed (${code}).`;
}
