import type { LookupAddress } from 'node:dns';
import { lookup as dnsLookup } from 'node:dns/promises';
import { type IncomingMessage, type OutgoingHttpHeaders, request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { isIP } from 'node:net';
import { bareHost, configuredAllowHosts, isAllowedHost, nonPublicAddress, urlProblem, type AllowedHost } from './addresses.ts';

// Every request the server makes to a cited site (the link check, evidence capture) goes through
// here: where a URL may be opened, and a connection to exactly the address that was checked.

export interface OutboundOptions {
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
export async function destination(rawUrl: string | URL, options: OutboundOptions = {}): Promise<Destination> {
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

export interface PinnedRequest {
  method: 'HEAD' | 'GET';
  /** Sent as given, plus `host` (from the URL): nothing else is added (no cookies, no Referer). */
  headers: OutgoingHttpHeaders;
  signal: AbortSignal;
}

/**
 * One request to the pinned address, resolved with the response as soon as its headers arrive; the
 * body is left unread for the caller to read or destroy. Each request has its own socket (no agent),
 * so destroying the response closes the connection.
 */
export function requestPinned(target: Extract<Destination, { ok: true }>, { method, headers, signal }: PinnedRequest): Promise<IncomingMessage> {
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
      headers: { ...headers, host: url.host },
      // TLS still checks the certificate against the name in the URL.
      ...(secure && !isIP(host) ? { servername: host } : {}),
      agent: false,
      maxHeaderSize: 16 * 1024,
      signal,
    });
    request.on('response', resolve);
    request.on('error', reject);
    request.end();
  });
}

/** The promise's value, or the signal's abort (a name lookup cannot be cancelled, only stopped waiting for). */
export function untilAborted<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
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

/** A whole number within [min, max], or the fallback when none is given. */
export const clamp = (value: number | undefined, min: number, max: number, fallback: number) =>
  value === undefined || !Number.isFinite(value) ? fallback : Math.min(max, Math.max(min, Math.trunc(value)));

/** A header value safe to send: printable ASCII only, bounded. */
export const headerText = (value: string) => value.replace(/[^\x20-\x7e]/g, '').slice(0, 200);
