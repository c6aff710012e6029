import { createHash, randomBytes } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import type { Cache, CacheEntityRecord } from '@envelop/response-cache';
import { createRedisCache } from '@envelop/response-cache-redis';
import { useResponseCache } from '@graphql-yoga/plugin-response-cache';
import { getOperationAST, parse, type ExecutionResult } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import { Redis } from 'ioredis';
import { LRUCache } from 'lru-cache';
import type { Logger } from 'pino';
import type { DatabaseHandle } from '../../db/client.ts';

/**
 * Cached public responses, keyed by the catalog version. Every transaction that changes catalog tables
 * bumps the one-row `catalog_version` table at COMMIT, in commit order, and NOTIFYs the new number
 * (db/migrations/*_catalog_version_commit). A page is stored under the version this process knew
 * *before* computing it, and every version this process knows is committed (from a NOTIFY, delivered on
 * commit, or read from the committed row): so a page that missed a commit is stored under a number
 * below that commit's, and is never read once the process has heard of the commit. Every process
 * hears of it by NOTIFY; the process that ran a mutation re-reads the row before answering, so after a
 * withdrawal's response arrives no reader of that process is served a page computed before it.
 * Entries of old versions are never read again and expire by TTL or size.
 */
const processMark = randomBytes(6).toString('base64url');

export class VersionedCache implements Cache {
  private version = '0';
  /** The committed version this process knows of. */
  private known = 0;
  /** Times this process lost track (a re-read failed): pages kept before are not served meanwhile. */
  private unsure = 0;
  private unlisten: (() => Promise<void>) | null = null;
  private readonly advanceListeners: (() => void)[] = [];

  constructor(
    private readonly inner: Cache,
    private readonly handle: DatabaseHandle,
    private readonly redis: Redis | null,
  ) {}

  async start(): Promise<void> {
    // On a reconnect of the listener, writes committed meanwhile were not announced: read the version.
    const reread = () => void this.refreshOrForget();
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

  /**
   * `refresh`, and when the version cannot be read (the database went away just after a write
   * committed, or while the listener was down), stop serving every page kept so far: the keys move to
   * an "unsure" version of their own until a newer committed version is heard of. Never throws: a
   * committed mutation is not answered with an error because of it.
   */
  async refreshOrForget(): Promise<void> {
    await this.refresh().catch(() => {
      this.unsure++;
      // Unique to this process: in a shared (Redis) cache, another process's "unsure" pages are not ours.
      this.version = `${this.known}~${processMark}.${this.unsure}`;
      this.notifyAdvance();
    });
  }

  /**
   * Runs `listener` (synchronously) whenever the version moves on, before any page is keyed by the new
   * version. What a process keeps in memory beside the cache (CatalogMeta's benchmarks and texts) is
   * dropped there: after a mutation re-reads the version, its own announcement may still be on the way.
   */
  onAdvance(listener: () => void): void {
    this.advanceListeners.push(listener);
  }

  private notifyAdvance() {
    for (const listener of this.advanceListeners) listener();
  }

  private advance(version: string) {
    const number = Number(version);
    if (Number.isSafeInteger(number) && number > this.known) {
      this.known = number;
      this.version = String(number);
      this.notifyAdvance();
    }
  }

  currentVersion(): string {
    return this.version;
  }

  keyFor(hash: string): string {
    return `v${this.version}:${hash}`;
  }

  /** A key under which nothing is stored or found (mutations, unparsable documents). */
  static readonly uncacheable = 'uncacheable';

  get(id: string) {
    // The ETag Yoga gives is this key; an If-None-Match of an old version (or any other text) finds nothing.
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
  /**
   * Bytes each in-process level may hold (the Yoga results and the response bytes): default 64 MiB.
   * Distinct answers are cheap to ask for; an entry count would let them take the memory.
   */
  maxBytes?: number;
}

/**
 * The Yoga (second) level in this process when there is no Redis: bounded by bytes, not entries. A
 * result is kept as its JSON text, so its size is known exactly and no caller can change a kept object.
 */
export class ByteBoundedCache implements Cache {
  private readonly entries: LRUCache<string, string>;

  constructor(readonly maxBytes: number) {
    this.entries = new LRUCache<string, string>({
      maxSize: maxBytes,
      // One answer may take at most an eighth: a single huge page cannot flush the rest.
      maxEntrySize: Math.max(1, Math.floor(maxBytes / 8)),
      // JavaScript strings take up to 2 bytes a character; a fixed overhead per entry.
      sizeCalculation: (text, key) => 2 * (text.length + key.length) + 256,
    });
  }

  get(id: string): ExecutionResult | undefined {
    const text = this.entries.get(id);
    return text === undefined ? undefined : (JSON.parse(text) as ExecutionResult);
  }

  set(id: string, data: ExecutionResult, _entities: Iterable<CacheEntityRecord>, ttl: number): void {
    this.entries.set(id, JSON.stringify(data), Number.isFinite(ttl) && ttl > 0 ? { ttl } : {});
  }

  /** Invalidation is by catalog version; an entity invalidation (not used) drops everything. */
  invalidate(): void {
    this.entries.clear();
  }

  /** Bytes held now (as counted by `sizeCalculation`); never above `maxBytes`. */
  get calculatedSize(): number {
    return this.entries.calculatedSize;
  }

  get size(): number {
    return this.entries.size;
  }
}

/**
 * Whether a document's operation is a query (the only kind cached). Parsed again here because the
 * cache key is built from the raw text before Yoga parses it; remembered per text, bounded by bytes.
 */
const operationKinds = new LRUCache<string, string>({ maxSize: 4 * 1024 * 1024, sizeCalculation: (_kind, text) => 2 * text.length + 64 });
function isQuery(documentString: string, operationName: string | null | undefined): boolean {
  if (!documentString) return false;
  const memo = `${operationName ?? ''}\n${documentString}`;
  let kind = operationKinds.get(memo);
  if (kind === undefined) {
    try {
      kind = getOperationAST(parse(documentString, { noLocation: true }), operationName ?? undefined)?.operation ?? 'unknown';
    } catch {
      kind = 'unknown';
    }
    operationKinds.set(memo, kind);
  }
  return kind === 'query';
}

/** Only anonymous reads are cached: a request with a session cookie or credentials is never served from it. */
function isAnonymous(authorization: string | null | undefined, cookie: string | null | undefined): boolean {
  return !authorization && (!cookie || !/session/i.test(cookie));
}

/** The same test on Node's raw headers, before a Fetch Request exists. */
export function isAnonymousHeaders(headers: IncomingHttpHeaders): boolean {
  return isAnonymous(headers.authorization, headers.cookie);
}

export async function createResponseCache({ handle, logger, redisUrl, ttlMs = 5 * 60_000, maxBytes = 64 * 1024 * 1024 }: ResponseCacheOptions) {
  const redis = redisUrl ? new Redis(redisUrl, { lazyConnect: true, maxRetriesPerRequest: 2 }) : null;
  if (redis) {
    await redis.connect();
    logger.info('response cache: Redis');
  }
  const memory = redis ? null : new ByteBoundedCache(maxBytes);
  const inner = redis ? (createRedisCache({ redis }) as unknown as Cache) : memory!;
  const cache = new VersionedCache(inner, handle, redis);
  await cache.start();

  const responseCachePlugin = useResponseCache({
    cache,
    ttl: ttlMs,
    session: () => null,
    enabled: (request) => isAnonymous(request.headers.get('authorization'), request.headers.get('cookie')),
    // Invalidation is by catalog version (above), not by entity lists in mutation results.
    invalidateViaMutation: false,
    // With invalidateViaMutation off, envelop looks up and stores mutations like queries (a cached
    // LoginSuccess without its cookie, wrong passwords answered without counting): only queries get a
    // key under which anything is stored or found.
    buildResponseCacheKey: async ({ documentString, variableValues, operationName }) =>
      isQuery(documentString, operationName)
        ? cache.keyFor(await sha256(`${documentString}|${JSON.stringify(variableValues ?? {})}|${operationName ?? ''}`))
        : VersionedCache.uncacheable,
    shouldCacheResult: ({ cacheKey, result }) => cacheKey !== VersionedCache.uncacheable && !result.errors?.length,
  });

  const refreshAfterMutation: Plugin = {
    onExecute({ args }) {
      if (getOperationAST(args.document, args.operationName)?.operation !== 'mutation') return;
      return { onExecuteDone: () => cache.refreshOrForget() };
    },
  };

  const bytes = new ResponseBytesCache(cache, maxBytes);
  return { cache, bytes, memory, plugins: [bytes.plugin, responseCachePlugin, refreshAfterMutation] };
}

async function sha256(text: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text));
  return Buffer.from(digest).toString('base64url');
}

/** How Yoga's response cache marks an answer it served (only queries without errors are kept there). */
const servedFromSecondLevel = Symbol.for('servedFromResponseCache');

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

  /**
   * Marks a request (by its Node request object) whose result may be replayed: a query without errors,
   * whether it ran or came from the second level. The second level answers before execution (Yoga's
   * onParams); without this, a page first kept there (asked with another Accept header, say) would miss
   * this level on every request until the second level's entry expired.
   */
  readonly plugin: Plugin = {
    onResultProcess: ({ result, serverContext }) => {
      const req = (serverContext as { req?: object }).req;
      if (!req || Array.isArray(result) || !result || typeof result !== 'object' || !(servedFromSecondLevel in result)) return;
      if (!('errors' in result && (result as ExecutionResult).errors?.length)) this.cacheableRequests.add(req);
    },
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
