import { createHash } from 'node:crypto';
import { getOperationAST, Kind, parse, print, visit, type DocumentNode, type ExecutionResult, type FragmentDefinitionNode, type OperationDefinitionNode } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import { LRUCache } from 'lru-cache';
import { rowIdOf } from '../catalog/ids.ts';
import { readManifest } from './persistedOperations.ts';

/** The committed version a page was computed under, and the "unsure" episode it was computed in. */
export interface CacheStamp {
  version: number;
  epoch: number;
  /** The part of the day it was computed in (responseCache.ts dayPeriod): no page outlives its day. */
  period: string;
}

/** What a cached page shows: the whole catalog (checked by version), or the pages of some models. */
export type PageDependencies = 'catalog' | { models: number[] };

/** Says whether a page computed under a stamp may still be served (VersionedCache). */
export interface Freshness {
  stamp(): CacheStamp;
  isFresh(stamp: CacheStamp, depends: PageDependencies): boolean;
}

/** How Yoga's response cache marks an answer it served (only queries without errors are kept there). */
const servedFromSecondLevel = Symbol.for('servedFromResponseCache');

/** A cached answer: the bytes Yoga sent, the headers worth replaying, and what it was computed from. */
interface CachedBytes {
  bytes: Buffer;
  headers: Record<string, string>;
  etag: string;
  /** The kept headers with the ETag and length, as Node's writeHead takes them (name, value, …): built once, not per hit. */
  head: string[];
  stamp: CacheStamp;
  depends: PageDependencies;
}

/** A request's place in the cache: its key, and the catalog as this process knew it before answering. */
export interface BytesKey {
  id: string;
  stamp: CacheStamp;
}

/** Headers not replayed: per-response ones, the framing (a kept answer is sent with its length), and the Yoga cache's own ETag (its internal key), which ours replaces. */
const unreplayedHeaders = new Set(['x-request-id', 'set-cookie', 'date', 'content-length', 'transfer-encoding', 'etag', 'last-modified', 'connection', 'keep-alive']);

/**
 * The first level of the response cache: the exact bytes of anonymous query answers, in this process,
 * looked up from the raw request before Yoga sees it, so a hit costs a map lookup and one write —
 * no Request object, parse, validate or execute. Each entry keeps the catalog version this process
 * knew before computing it: an answer that raced a write is never served once the write is heard of.
 * A model's page (the contract's ModelPage) stays served while only other models change; any other
 * answer until the catalog changes at all (VersionedCache.isFresh). The Yoga response cache
 * (Redis-shareable) stays the second level for misses here.
 */
export class ResponseBytesCache {
  private readonly entries: LRUCache<string, CachedBytes>;
  /** Requests whose operation was a query that ran without errors (marked by `plugin`), and what they show. */
  private readonly cacheableRequests = new WeakMap<object, PageDependencies>();

  constructor(
    private readonly versioned: Freshness,
    maxBytes = 64 * 1024 * 1024,
  ) {
    this.entries = new LRUCache<string, CachedBytes>({ maxSize: maxBytes, sizeCalculation: (entry, key) => entry.bytes.length + key.length + 256 });
  }

  /**
   * Marks a request (by its Node request object) whose result may be replayed: a query without errors,
   * whether it ran or came from the second level. The second level answers before execution (Yoga's
   * onParams); without this, a page first kept there (asked with another Accept header, say) would miss
   * this level on every request until the second level's entry expired. Such a page is kept as
   * depending on the whole catalog (what it shows is not known there).
   */
  readonly plugin: Plugin = {
    onResultProcess: ({ result, serverContext }) => {
      const req = (serverContext as { req?: object }).req;
      if (!req || Array.isArray(result) || !result || typeof result !== 'object' || !(servedFromSecondLevel in result)) return;
      if (!('errors' in result && (result as ExecutionResult).errors?.length)) this.cacheableRequests.set(req, 'catalog');
    },
    onExecute: ({ args }) => {
      if (getOperationAST(args.document, args.operationName)?.operation !== 'query') return;
      return {
        onExecuteDone: ({ result }) => {
          const req = (args.contextValue as { req?: object }).req;
          if (!req || ('errors' in result && result.errors?.length) || !('data' in result)) return;
          this.cacheableRequests.set(req, pageDependencies(args.document, args.operationName, result.data));
        },
      };
    },
  };

  /** Everything of a request that decides Yoga's answer to an anonymous read (a text/plain body is refused, an Origin gets CORS headers). */
  key(parts: { method: string; url: string; accept?: string; origin?: string; contentType?: string; body: string }): BytesKey {
    return { id: `${parts.method} ${parts.url}\n${parts.accept ?? ''}\n${parts.origin ?? ''}\n${parts.contentType ?? ''}\n${parts.body}`, stamp: this.versioned.stamp() };
  }

  get(key: BytesKey): CachedBytes | undefined {
    const entry = this.entries.get(key.id);
    if (!entry) return undefined;
    if (this.versioned.isFresh(entry.stamp, entry.depends)) return entry;
    this.entries.delete(key.id);
    return undefined;
  }

  /** Whether Yoga's answer to this request may be kept: an anonymous query that ran without errors. */
  cacheable(req: object, response: Response): boolean {
    return response.status === 200 && this.cacheableRequests.has(req) && !response.headers.has('set-cookie');
  }

  /** Keeps a cacheable answer (see `cacheable`) under the stamp taken before computing it; returns the entry to send. */
  store(key: BytesKey, req: object, headers: Headers, bytes: Buffer): CachedBytes {
    const kept: Record<string, string> = {};
    headers.forEach((value, name) => {
      if (!unreplayedHeaders.has(name.toLowerCase())) kept[name.toLowerCase()] = value;
    });
    return this.keep(key, kept, bytes, this.cacheableRequests.get(req) ?? 'catalog');
  }

  /** Keeps an answer computed after `key` was taken (a compiled page's, say) with what it shows. */
  keep(key: BytesKey, headers: Record<string, string>, bytes: Buffer, depends: PageDependencies): CachedBytes {
    const etag = `"${createHash('sha1').update(bytes).digest('base64url')}"`;
    const head = [...Object.entries(headers).flat(), 'etag', etag, 'content-length', String(bytes.length)];
    const entry: CachedBytes = { bytes, headers, etag, head, stamp: key.stamp, depends };
    this.entries.set(key.id, entry);
    return entry;
  }

  get size(): number {
    return this.entries.size;
  }
}

/**
 * The operations whose answer shows one model's page and nothing else: the contract's ModelPage
 * (by its text or persisted hash). Every field it asks for is read from the model's own rows (facts,
 * prices, scores, similar models), the rows of the models it lists as similar, or rows whose change
 * counts for every model page (providers, families, benchmarks, sources, site texts): exactly what
 * the commit keys name (db/migrations/*_catalog_change_keys). Another document could reach other
 * models' rows (a provider's models, say), so it is not trusted to be model-scoped.
 */
let modelPageOperations: Set<string> | undefined;
const isModelPageOperation = (key: string) =>
  (modelPageOperations ??= new Set(
    Object.values(readManifest()).flatMap((text) => {
      const known = operationKey(parse(text), 'ModelPage');
      return known ? [known] : [];
    }),
  )).has(key);

/** What a page shows: one model's page when it is a ModelPage answer naming the model, else the catalog. */
export function pageDependencies(document: DocumentNode, operationName: string | null | undefined, data: unknown): PageDependencies {
  const key = operationKey(document, operationName);
  if (key === null || !isModelPageOperation(key)) return 'catalog';
  const id = (data as { model?: { id?: unknown } | null } | null)?.model?.id;
  // No such model (null): the slug may name a model later, which changes no model's page.
  if (typeof id !== 'string') return 'catalog';
  try {
    return { models: [rowIdOf(id, 'Model').id] };
  } catch {
    return 'catalog';
  }
}

/**
 * The operation and the fragments it uses, printed: the same key for any spelling of the same text,
 * whether the document held other operations or not. Remembered per parsed document (Yoga keeps one
 * per text).
 */
const operationKeys = new WeakMap<DocumentNode, Map<string, string | null>>();
function operationKey(document: DocumentNode, operationName: string | null | undefined): string | null {
  let byName = operationKeys.get(document);
  if (!byName) operationKeys.set(document, (byName = new Map()));
  let key = byName.get(operationName ?? '');
  if (key === undefined) {
    const operation = getOperationAST(document, operationName);
    key = operation ? [operation, ...usedFragments(document, operation)].map((node) => print(node)).join('\n') : null;
    byName.set(operationName ?? '', key);
  }
  return key;
}

function usedFragments(document: DocumentNode, operation: OperationDefinitionNode): FragmentDefinitionNode[] {
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const definition of document.definitions) if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments.set(definition.name.value, definition);
  const used = new Map<string, FragmentDefinitionNode>();
  const spreadsOf = (node: OperationDefinitionNode | FragmentDefinitionNode) =>
    visit(node, {
      FragmentSpread(spread) {
        const fragment = fragments.get(spread.name.value);
        if (fragment && !used.has(fragment.name.value)) {
          used.set(fragment.name.value, fragment);
          spreadsOf(fragment);
        }
      },
    });
  spreadsOf(operation);
  return [...used.values()].sort((a, b) => a.name.value.localeCompare(b.name.value));
}
