import { randomBytes } from 'node:crypto';
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
import { ResponseBytesCache, type CacheStamp, type Freshness, type PageDependencies } from './responseBytes.ts';

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
 *
 * Each commit also names the model pages it can change (keys stored and announced with its version:
 * db/migrations/*_catalog_change_keys): `modelChanged` remembers, per model, the last version that
 * changed its page, so the first level keeps a model's page across edits of other models
 * (`isFresh`). Whenever the keys of a commit are unknown (a gap in the announcements, a lost
 * listener), every model page counts as changed (`floor`).
 */
const processMark = randomBytes(6).toString('base64url');

/**
 * The part of the (UTC) day a page was computed in. A price announced for a day comes into effect at
 * its midnight without any commit (the public rule compares its date with the database's
 * current_date), so no page is served on a later day than the one it was computed on. The first
 * minute of a day is a period of its own: a page computed then may come from a database whose clock
 * had not yet turned, and is not served past it.
 */
export function dayPeriod(now: number): string {
  const day = Math.floor(now / 86_400_000);
  return now - day * 86_400_000 < 60_000 ? `${day}.0` : `${day}`;
}

/** Models whose last change this process remembers; past it, every model page counts as changed. */
const maxRememberedModels = 100_000;


export class VersionedCache implements Cache, Freshness {
  private version = '0';
  /** The committed version this process knows of. */
  private known = 0;
  /** Times this process lost track (a re-read failed): pages kept before are not served meanwhile. */
  private unsure = 0;
  /** Since the last "unsure" episode, no committed version has been heard of yet. */
  private unsureNow = false;
  /** Every model page computed under an older version than this is stale. */
  private floor = 0;
  /** Model id → the last version that changed its page (bounded: past the limit, `floor` moves up). */
  private readonly modelChanged = new Map<number, number>();
  private unlisten: (() => Promise<void>) | null = null;
  private readonly advanceListeners: (() => void)[] = [];

  constructor(
    private readonly inner: Cache,
    private readonly handle: DatabaseHandle,
    private readonly redis: Redis | null,
    /** The time (tests move it to the next day). */
    private readonly now: () => number = Date.now,
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
    const [row] = await this.handle.raw.query<{ version: string | number; keys: string }>('select version, keys from catalog_version');
    // The keys are those of the latest commit only: applied if it is the next one, else a gap.
    this.advance(`${row?.version ?? '0'} ${row?.keys ?? '*'}`);
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
      this.unsureNow = true;
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

  /** A committed version heard of: "<version> <keys>" (a NOTIFY payload, or the row as read). */
  private advance(announced: string) {
    const space = announced.indexOf(' ');
    const number = Number(space < 0 ? announced : announced.slice(0, space));
    if (!Number.isSafeInteger(number) || number <= this.known) return;
    // The keys say what changed since the previous version only: after a gap, anything may have.
    const keys = number === this.known + 1 && !this.unsureNow && space >= 0 ? announced.slice(space + 1) : '*';
    this.recordChanges(number, keys);
    this.known = number;
    this.version = String(number);
    this.unsureNow = false;
    this.notifyAdvance();
  }

  private recordChanges(version: number, keys: string) {
    for (const key of keys.split(',')) {
      const model = /^m[1-9]\d{0,9}$/.test(key) ? Number(key.slice(1)) : null;
      if (model !== null) this.modelChanged.set(model, version);
      // "-": no model page; "*" or a key this process does not know: every model page.
      else if (key !== '-') this.floor = version;
    }
    if (this.modelChanged.size > maxRememberedModels) {
      this.modelChanged.clear();
      this.floor = version;
    }
  }

  /** What a page computed from now on is checked against by `isFresh` (taken before computing it). */
  stamp(): CacheStamp {
    return { version: this.known, epoch: this.unsure, period: dayPeriod(this.now()) };
  }

  /**
   * Whether a page computed under `stamp` may still be served: one that depends on the whole catalog
   * while no commit was heard of since; a model page while no commit heard of since changed it.
   */
  isFresh(stamp: CacheStamp, depends: PageDependencies): boolean {
    if (stamp.epoch !== this.unsure || stamp.period !== dayPeriod(this.now())) return false;
    if (depends === 'catalog') return stamp.version === this.known;
    if (stamp.version < this.floor) return false;
    return depends.models.every((model) => (this.modelChanged.get(model) ?? 0) <= stamp.version);
  }

  currentVersion(): string {
    return this.version;
  }

  /** The second level's key: the version and the day's period (see dayPeriod), so neither level serves a page past its day. */
  keyFor(hash: string): string {
    return `${this.prefix()}${hash}`;
  }

  private prefix(): string {
    return `v${this.version}:${dayPeriod(this.now())}:`;
  }

  /** A key under which nothing is stored or found (mutations, unparsable documents). */
  static readonly uncacheable = 'uncacheable';

  get(id: string) {
    // The ETag Yoga gives is this key; an If-None-Match of an old version (or any other text) finds nothing.
    return id.startsWith(this.prefix()) ? this.inner.get(id) : undefined;
  }

  set(id: string, data: ExecutionResult, entities: Iterable<CacheEntityRecord>, ttl: number) {
    // A response computed before a write committed carries the old version in its key: drop it.
    if (!id.startsWith(this.prefix())) return;
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
  /** The clock deciding the day's period of a page (default Date.now; tests move it). */
  now?: () => number;
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

export async function createResponseCache({ handle, logger, redisUrl, ttlMs = 5 * 60_000, maxBytes = 64 * 1024 * 1024, now }: ResponseCacheOptions) {
  const redis = redisUrl ? new Redis(redisUrl, { lazyConnect: true, maxRetriesPerRequest: 2 }) : null;
  if (redis) {
    await redis.connect();
    logger.info('response cache: Redis');
  }
  const memory = redis ? null : new ByteBoundedCache(maxBytes);
  const inner = redis ? (createRedisCache({ redis }) as unknown as Cache) : memory!;
  const cache = new VersionedCache(inner, handle, redis, now);
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
