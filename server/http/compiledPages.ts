/**
 * The HTTP side of the compiled documents (server/graphql/compiled.ts): which raw requests they may
 * answer before Yoga sees them. Only a request whose answer cannot differ from Yoga's but for the
 * request id: an anonymous POST of JSON, without `Origin` (a browser's CORS answer is Yoga's to
 * give), naming a persisted query by its exact text or its hash, accepting a JSON media type.
 * Everything else, and any request the compiled operation declines (variables it would refuse, a
 * plan it cannot make), takes the general path.
 */
import type { IncomingMessage } from 'node:http';
import type { Logger } from 'pino';
import type { ReadAdmission } from './admission.ts';
import type { GraphQLSchema } from 'graphql';
import type { DatabaseHandle } from '../../db/client.ts';
import { compileOperation, type CompiledAnswer, type CompiledContext, type CompiledOperation } from '../graphql/compiled.ts';
import type { CatalogMeta } from './catalogMeta.ts';
import { readManifest } from './persistedOperations.ts';
import { isAnonymousHeaders } from './responseCache.ts';
import { maxJsonDepth } from './security.ts';

/** A request the compiled path takes: its operation, its variables as sent, and the media type Yoga would answer with. */
export interface CompiledRequest {
  operation: CompiledOperation;
  variables: Record<string, unknown> | null | undefined;
  mediaType: 'application/json' | 'application/graphql-response+json';
}

const bodyKeys = new Set(['query', 'variables', 'operationName', 'extensions']);

export class CompiledPages {
  /** Persisted document text → its operation name. */
  private readonly byText = new Map<string, { name: string }>();
  private readonly byHash = new Map<string, string>();
  /** Compiled at the first request naming the document (planned per plan then); null when it cannot be. */
  private readonly operations = new Map<string, CompiledOperation | null>();

  constructor(
    private readonly schema: GraphQLSchema,
    private readonly handle: DatabaseHandle,
    private readonly meta: CatalogMeta,
    private readonly logger: Logger,
    /** Reads take turns (server/http/admission.ts): a compiled page waits for its turn as any query does. */
    private readonly admission: ReadAdmission | null = null,
    manifest: Record<string, string> = readManifest(),
  ) {
    for (const [hash, text] of Object.entries(manifest)) {
      const name = /^query (\w+)/.exec(text)?.[1];
      if (!name) continue;
      this.byText.set(text, { name });
      this.byHash.set(hash, text);
    }
  }

  private operationFor(text: string): CompiledOperation | null {
    let operation = this.operations.get(text);
    if (operation === undefined) {
      try {
        operation = compileOperation(this.schema, this.handle, { meta: this.meta, viewer: null, requestId: 'planning', log: this.logger }, text);
      } catch (error) {
        this.logger.warn({ err: error, operation: this.byText.get(text)?.name }, 'compiled path: the document could not be compiled; it takes the general path');
        operation = null;
      }
      this.operations.set(text, operation);
    }
    return operation;
  }

  /** The compiled operation a raw request may take, or null (the general path answers it). */
  match(req: IncomingMessage, body: string | undefined): CompiledRequest | null {
    // Whatever the body holds (not JSON, nested thousands deep), it is the general path's to refuse.
    try {
      return this.matchBody(req, body);
    } catch {
      return null;
    }
  }

  private matchBody(req: IncomingMessage, body: string | undefined): CompiledRequest | null {
    if (req.method !== 'POST' || body === undefined || req.headers.origin !== undefined || !isAnonymousHeaders(req.headers)) return null;
    // JSON exactly as Yoga recognises it (its request parser): any other spelling is Yoga's to refuse.
    const contentType = (req.headers['content-type'] ?? '').split(',')[0]!;
    if (contentType !== 'application/json' && !contentType.startsWith('application/json;')) return null;
    const mediaType = responseMediaType(req.headers.accept);
    if (!mediaType) return null;
    const parsed = JSON.parse(body) as Record<string, unknown>;
    if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed) || Object.keys(parsed).some((key) => !bodyKeys.has(key))) return null;
    // Nested deeper than the general path accepts: its refusal (server/http/nodeRequest.ts), not an answer.
    if (nestsDeeperThan(parsed, maxJsonDepth)) return null;
    const text = documentText(parsed, this.byHash);
    const known = text === null ? undefined : this.byText.get(text);
    if (!known || (parsed.operationName != null && parsed.operationName !== known.name)) return null;
    const variables = parsed.variables as Record<string, unknown> | null | undefined;
    // NUL is refused by the general path (server/http/security.ts), with its own message.
    if ((variables != null && (typeof variables !== 'object' || Array.isArray(variables))) || JSON.stringify(variables ?? null).includes('\\u0000')) return null;
    const operation = this.operationFor(text!);
    return operation ? { operation, variables, mediaType } : null;
  }

  /** The answer, or null when the general path must give it (the database failed, or the operation declined). */
  async answer(request: CompiledRequest, signal: AbortSignal, requestId: string): Promise<CompiledAnswer | null> {
    const ctx: CompiledContext = { db: this.handle.forRequest(signal), meta: this.meta, viewer: null, requestId, log: this.logger };
    // No room (or the deadline passed while waiting): the general path gives the answer, a 503 to retry.
    const release = this.admission ? await this.admission.enter(signal) : () => {};
    if (!release) return null;
    try {
      return await request.operation.run(request.variables, ctx);
    } catch {
      return null;
    } finally {
      release();
    }
  }
}

/** Whether a parsed JSON value nests objects and arrays deeper than `max` levels (as jsonNestsDeeperThan counts its text). */
function nestsDeeperThan(value: unknown, max: number): boolean {
  if (!value || typeof value !== 'object') return false;
  if (max < 1) return true;
  for (const entry of Object.values(value)) if (nestsDeeperThan(entry, max - 1)) return true;
  return false;
}

/** The document a body names: its query text, or the persisted text of its hash (not both). */
function documentText(body: Record<string, unknown>, byHash: Map<string, string>): string | null {
  const extensions = body.extensions as { persistedQuery?: { version?: unknown; sha256Hash?: unknown } } | null | undefined;
  if (extensions != null) {
    if (typeof extensions !== 'object' || Object.keys(extensions).some((key) => key !== 'persistedQuery')) return null;
    const persisted = extensions.persistedQuery;
    if (body.query != null || !persisted || persisted.version !== 1 || typeof persisted.sha256Hash !== 'string') return null;
    return byHash.get(persisted.sha256Hash) ?? null;
  }
  return typeof body.query === 'string' ? body.query : null;
}

/**
 * The media type Yoga answers a query with for this Accept header (its result processors: the
 * first listed type, in the header's order, that a JSON type matches; application/json when both
 * do), or null when it would answer otherwise (a stream, or 406).
 */
export function responseMediaType(accept: string | undefined): CompiledRequest['mediaType'] | null {
  for (const entry of (accept || '*/*').replace(/\s/g, '').toLowerCase().split(',')) {
    const [type = '', ...params] = entry.split(';');
    const charset = params.find((param) => param.includes('charset=')) ?? 'charset=utf-8';
    if (charset !== 'charset=utf-8') continue;
    const [pre, suf] = type.split('/');
    if (pre !== '*' && pre !== 'application') continue;
    if (suf === '*' || suf === 'json') return 'application/json';
    if (suf === 'graphql-response+json') return 'application/graphql-response+json';
  }
  return null;
}
