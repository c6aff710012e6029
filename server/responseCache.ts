import { createHash } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import type { Cache, CacheEntityRecord } from '@envelop/response-cache';
import { createRedisCache } from '@envelop/response-cache-redis';
import { createInMemoryCache, useResponseCache } from '@graphql-yoga/plugin-response-cache';
import { getOperationAST, type ExecutionResult } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import { Redis } from 'ioredis';
import { LRUCache } from 'lru-cache';
import type { Logger } from 'pino';
import type { DatabaseHandle } from '../db/client.ts';

/**
 * Cached public responses, keyed by the catalog version. Every committed write to catalog tables
 * advances the `catalog_version` sequence and NOTIFYs `catalog_changed` (see the migration); every
 * process then reads entries of the new version only, so no page outlives the data under it. A
 * mutation in this process refreshes the version before its response is sent, so the writer's next
 * read is fresh too. Entries of old versions are never read again and expire by TTL.
 */
export class VersionedCache implements Cache {
  private version = '0';
  private unlisten: (() => Promise<void>) | null = null;

  constructor(
    private readonly inner: Cache,
    private readonly handle: DatabaseHandle,
    private readonly redis: Redis | null,
  ) {}

  async start(): Promise<void> {
    // On a reconnect of the listener, writes committed meanwhile were not announced: read the version.
    const reread = () => void this.refresh().catch(() => {});
    this.unlisten = await this.handle.raw.listen('catalog_changed', (payload) => this.advance(payload), reread);
    await this.refresh();
  }

  async stop(): Promise<void> {
    await this.unlisten?.();
    this.redis?.disconnect();
  }

  /** Reads the current version from the database (after a local write commits). */
  async refresh(): Promise<void> {
    const [row] = await this.handle.raw.query<{ version: string | number }>('select version from catalog_version');
    this.advance(String(row?.version ?? '0'));
  }

  private advance(version: string) {
    if (Number(version) > Number(this.version)) this.version = version;
  }

  currentVersion(): string {
    return this.version;
  }

  keyFor(hash: string): string {
    return `v${this.version}:${hash}`;
  }

  get(id: string) {
    return id.startsWith(`v${this.version}:`) ? this.inner.get(id) : undefined;
  }

  set(id: string, data: ExecutionResult, entities: Iterable<CacheEntityRecord>, ttl: number) {
    // A response computed before a write committed carries the old version in its key: drop it.
    if (!id.startsWith(`v${this.version}:`)) return;
    return this.inner.set(id, data, entities, ttl);
  }

  invalidate(entities: Iterable<CacheEntityRecord>) {
    return this.inner.invalidate(entities);
  }
}

export interface ResponseCacheOptions {
  handle: DatabaseHandle;
  logger: Logger;
  redisUrl?: string;
  ttlMs?: number;
}

/** Only anonymous reads are cached: a request with a session cookie or credentials is never served from it. */
function isAnonymous(authorization: string | null | undefined, cookie: string | null | undefined): boolean {
  return !authorization && (!cookie || !/session/i.test(cookie));
}

/** The same test on Node's raw headers, before a Fetch Request exists. */
export function isAnonymousHeaders(headers: IncomingHttpHeaders): boolean {
  return isAnonymous(headers.authorization, headers.cookie);
}

export async function createResponseCache({ handle, logger, redisUrl, ttlMs = 5 * 60_000 }: ResponseCacheOptions) {
  const redis = redisUrl ? new Redis(redisUrl, { lazyConnect: true, maxRetriesPerRequest: 2 }) : null;
  if (redis) {
    await redis.connect();
    logger.info('response cache: Redis');
  }
  const inner = redis ? (createRedisCache({ redis }) as unknown as Cache) : createInMemoryCache({ max: 10_000 });
  const cache = new VersionedCache(inner, handle, redis);
  await cache.start();

  const responseCachePlugin = useResponseCache({
    cache,
    ttl: ttlMs,
    session: () => null,
    enabled: (request) => isAnonymous(request.headers.get('authorization'), request.headers.get('cookie')),
    // Invalidation is by catalog version (above), not by entity lists in mutation results.
    invalidateViaMutation: false,
    buildResponseCacheKey: async ({ documentString, variableValues, operationName }) =>
      cache.keyFor(await sha256(`${documentString}|${JSON.stringify(variableValues ?? {})}|${operationName ?? ''}`)),
  });

  const refreshAfterMutation: Plugin = {
    onExecute({ args }) {
      if (getOperationAST(args.document, args.operationName)?.operation !== 'mutation') return;
      return { onExecuteDone: () => cache.refresh() };
    },
  };

  const bytes = new ResponseBytesCache(cache);
  return { cache, bytes, plugins: [bytes.plugin, responseCachePlugin, refreshAfterMutation] };
}

async function sha256(text: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text));
  return Buffer.from(digest).toString('base64url');
}

/** A cached answer: the bytes Yoga sent and the headers worth replaying. */
interface CachedBytes {
  bytes: Buffer;
  headers: Record<string, string>;
  etag: string;
}

/** Headers not replayed: per-response ones, and the Yoga cache's own ETag (its internal key), which ours replaces. */
const unreplayedHeaders = new Set(['x-request-id', 'set-cookie', 'date', 'content-length', 'etag', 'last-modified', 'connection', 'keep-alive']);

/**
 * The first level of the response cache: the exact bytes of anonymous query answers, in this process,
 * looked up from the raw request before Yoga sees it, so a hit costs a map lookup and one write —
 * no Request object, parse, validate or execute. Keys carry the catalog version read before the
 * answer was computed: an answer that raced a write is stored under the old version and never served.
 * The Yoga response cache (above, Redis-shareable) stays the second level for misses here.
 */
export class ResponseBytesCache {
  private readonly entries: LRUCache<string, CachedBytes>;
  /** Requests whose operation was a query that ran without errors (marked by `plugin`). */
  private readonly cacheableRequests = new WeakSet<object>();

  constructor(
    private readonly versioned: VersionedCache,
    maxBytes = 64 * 1024 * 1024,
  ) {
    this.entries = new LRUCache<string, CachedBytes>({ maxSize: maxBytes, sizeCalculation: (entry, key) => entry.bytes.length + key.length + 256 });
  }

  /** Marks a request (by its Node request object) whose result may be replayed: a query without errors. */
  readonly plugin: Plugin = {
    onExecute: ({ args }) => {
      if (getOperationAST(args.document, args.operationName)?.operation !== 'query') return;
      return {
        onExecuteDone: ({ result }) => {
          const req = (args.contextValue as { req?: object }).req;
          if (req && !('errors' in result && result.errors?.length)) this.cacheableRequests.add(req);
        },
      };
    },
  };

  key(parts: { method: string; url: string; accept?: string; origin?: string; body: string }): string {
    return `v${this.versioned.currentVersion()}\n${parts.method} ${parts.url}\n${parts.accept ?? ''}\n${parts.origin ?? ''}\n${parts.body}`;
  }

  get(key: string): CachedBytes | undefined {
    // Stale versions are simply never asked for again; the LRU drops them.
    return this.entries.get(key);
  }

  /** Whether Yoga's answer to this request may be kept: an anonymous query that ran without errors. */
  cacheable(req: object, response: Response): boolean {
    return response.status === 200 && this.cacheableRequests.has(req) && !response.headers.has('set-cookie');
  }

  /** Keeps a cacheable answer (see `cacheable`); returns the entry to send. */
  store(key: string, headers: Headers, bytes: Buffer): CachedBytes {
    const kept: Record<string, string> = {};
    headers.forEach((value, name) => {
      if (!unreplayedHeaders.has(name.toLowerCase())) kept[name.toLowerCase()] = value;
    });
    const entry = { bytes, headers: kept, etag: `"${createHash('sha1').update(bytes).digest('base64url')}"` };
    this.entries.set(key, entry);
    return entry;
  }

  get size(): number {
    return this.entries.size;
  }
}
