import { randomUUID } from 'node:crypto';
import { setMaxListeners } from 'node:events';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { sendNodeResponse } from '@whatwg-node/server';
import { GraphQLError } from 'graphql';
import { createGraphQLError, createYoga, maskError, type Plugin } from 'graphql-yoga';
import type { Logger } from 'pino';
import { ClientGone, type DatabaseHandle } from '../../db/client.ts';
import { AuthService, type AuthOptions } from '../auth/authService.ts';
import { cookiePlugin } from '../auth/cookiePlugin.ts';
import { boundedParseCaches, csrfPlugin, nulCharacterPlugin, queryLimitPlugins } from './security.ts';
import { bodyTooLargeMessage, maxAnonymousBodyBytes, maxBodyBytes, nodeRequest, readBody, requestJsonProblem, sendError, sendJson, whenSocketCloses, withDeadline } from './nodeRequest.ts';
import { createAdminHandler } from './admin.ts';
import { serveExport } from './export.ts';
import { serveDigestPage } from './digestPage.ts';
import { serveFeed } from './feeds.ts';
import { type GraphQLFetch, serveModelPage } from './modelPage.ts';
import { mailLinkPaths, serveMailLink } from './mailLinks.ts';
import { createGraphiQL, graphiqlAssetsPath, graphiqlCspPlugin } from './graphiql.ts';
import { persistedOperationsPlugin } from './persistedOperations.ts';
import type { CatalogMeta } from './catalogMeta.ts';
import type { Config } from '../config.ts';
import { isAnonymousHeaders } from './responseCache.ts';
import type { BytesKey, ResponseBytesCache } from './responseBytes.ts';
import { CompiledPages } from './compiledPages.ts';
import { operationTrackPlugin, unknownOutcomeMessage, type OperationTrack } from './operationTrack.ts';
import { ReadAdmission, readAdmissionPlugin, RequestGate, sendBusy } from './admission.ts';
import type { CompiledAnswer } from '../graphql/compiled.ts';
import type { Context, DriftAfterDays } from '../context.ts';
import { schema } from '../graphql/schema.ts';
import { CaptureJobs } from '../evidence/captureJobs.ts';
import { ChangeStream } from '../changes/stream.ts';

export interface AppOptions {
  handle: DatabaseHandle;
  meta: CatalogMeta;
  logger: Logger;
  config: Pick<Config, 'CORS_ORIGINS'> & Partial<Pick<Config, 'REQUEST_TIMEOUT_MS' | 'BODY_TIMEOUT_MS' | 'GRAPHIQL' | 'PUBLIC_URL' | 'MAIL_FROM' | 'READ_CONCURRENCY' | 'READ_QUEUE' | 'REQUEST_CONCURRENCY'>>;
  /** Extra Yoga plugins: the response cache (server/http/responseCache.ts) and the JIT executor. */
  plugins?: Plugin[];
  /** The built editors' app served at /admin (default: admin/dist). */
  adminDir?: string;
  /** Sessions, cookies and sign-in limits (server/auth); defaults when omitted. */
  auth?: Partial<AuthOptions>;
  /** The in-process first level of the response cache (server/http/responseCache.ts). */
  responseBytes?: ResponseBytesCache;
  /** Captures of cited pages (default: one on `handle.db` fetching only public hosts and SOURCE_FETCH_ALLOW_HOSTS). */
  captures?: CaptureJobs;
  /** Capture a source's page when it is created (default true). */
  captureOnCreate?: boolean;
  /** When a verified number not confirmed since is due in the drift queue (default: prices 30 days, scores 180, facts never). */
  driftAfterDays?: DriftAfterDays;
  /** Public changes as they commit, for subscribers (default: one on `handle`, started here). */
  changes?: ChangeStream;
  /** Answer known documents by their compiled plan (server/graphql/compiled.ts; default true). */
  compiledPages?: boolean;
}

export const defaultDriftAfterDays: DriftAfterDays = { scores: 180, prices: 30, model_facts: null };

/** DRIFT_*_AFTER_DAYS as the drift queue reads them (0: never). */
export const driftAfterDaysOf = (config: Pick<Config, 'DRIFT_PRICES_AFTER_DAYS' | 'DRIFT_SCORES_AFTER_DAYS' | 'DRIFT_FACTS_AFTER_DAYS'>): DriftAfterDays => ({
  scores: config.DRIFT_SCORES_AFTER_DAYS || null,
  prices: config.DRIFT_PRICES_AFTER_DAYS || null,
  model_facts: config.DRIFT_FACTS_AFTER_DAYS || null,
});

const requestIds = new WeakMap<Request, string>();

/** A request id from the caller (x-request-id, when sane) or a new one; echoed in the response. */
const headerValue = (value: string | string[] | undefined) => (Array.isArray(value) ? value[0] : value);

function requestIdFor(given: string | null | undefined): string {
  return given && /^[\w.:-]{1,64}$/.test(given) ? given : randomUUID();
}

function requestIdPlugin(): Plugin {
  return {
    onRequest({ request }) {
      requestIds.set(request, requestIdFor(request.headers.get('x-request-id')));
    },
    onResponse({ request, response }) {
      const id = requestIds.get(request);
      if (id) response.headers.set('x-request-id', id);
    },
  };
}

export function createApp({ handle, meta, logger, config, plugins = [], adminDir, auth: authOptions, responseBytes, captures: givenCaptures, captureOnCreate = true, driftAfterDays = defaultDriftAfterDays, changes: givenChanges, compiledPages: compile = true }: AppOptions) {
  const captures = givenCaptures ?? new CaptureJobs(handle.db, logger);
  const changes = givenChanges ?? new ChangeStream(handle, logger);
  if (!givenChanges) changes.start().catch((error) => logger.error({ err: error }, 'could not listen for catalog changes; live subscriptions get none'));
  // A request waits for a capture only while it can still answer before its own deadline.
  const mail = { MAIL_FROM: config.MAIL_FROM ?? 'Sourced <digest@sourced.localhost>', PUBLIC_URL: config.PUBLIC_URL ?? 'http://localhost:4000' };
  const captureWaitMs = Math.max(0, Math.min(20_000, (config.REQUEST_TIMEOUT_MS ?? 1_500) - 500));
  const authService = new AuthService(authOptions);
  const cookies = cookiePlugin();
  const serveAdmin = createAdminHandler(adminDir);
  const graphiql = config.GRAPHIQL === false ? undefined : createGraphiQL();
  const parseCaches = boundedParseCaches();
  // Reads take turns, writes do not (server/http/admission.ts).
  const readAdmission = new ReadAdmission(config.READ_CONCURRENCY ?? 8, config.READ_QUEUE ?? 200);
  const requestGate = new RequestGate(config.REQUEST_CONCURRENCY ?? 2 * (config.READ_CONCURRENCY ?? 8), config.READ_QUEUE ?? 200);
  requestGate.follow(authService);
  const compiledPages = compile ? new CompiledPages(schema, handle, meta, logger, readAdmission) : null;
  const yoga = createYoga<{ req: IncomingMessage; res: ServerResponse; deadline?: AbortSignal; operation?: OperationTrack }, Context>({
    schema,
    graphqlEndpoint: '/graphql',
    landingPage: false,
    parserAndValidationCache: parseCaches,
    // GraphiQL, with its assets served from the installed package (server/http/graphiql.ts), never a CDN;
    // off in production unless GRAPHIQL=true (server/config.ts), and its page gets a CSP (graphiqlCspPlugin).
    graphiql: graphiql ? { title: 'Sourced GraphQL API' } : false,
    renderGraphiQL: graphiql?.renderPage,
    cors: config.CORS_ORIGINS.length
      ? { origin: config.CORS_ORIGINS, credentials: true, methods: ['GET', 'POST'] }
      : false,
    logging: {
      debug: (...args) => logger.debug(args.map(String).join(' ')),
      info: (...args) => logger.info(args.map(String).join(' ')),
      warn: (...args) => logger.warn(args.map(String).join(' ')),
      error: (...args) => logger.error(args.map(String).join(' ')),
    },
    // Unexpected errors reach clients as "Unexpected error." with the request id; details go to the log.
    maskedErrors: {
      maskError(error, message, isDev) {
        if (isDatabaseUnavailable(error)) {
          logger.warn({ err: error }, 'database unavailable');
          return createGraphQLError('The database is not available; please retry shortly.', {
            extensions: { code: 'SERVICE_UNAVAILABLE', http: { status: 503 } },
          });
        }
        // Logged with the request id by unexpectedErrorLogPlugin, which sees the operation's context.
        return maskError(error, message, isDev);
      },
    },
    plugins: [requestIdPlugin(), operationTrackPlugin(), graphiqlCspPlugin(), csrfPlugin(config.CORS_ORIGINS), nulCharacterPlugin(), persistedOperationsPlugin(), ...queryLimitPlugins(logger), cookies.plugin, unexpectedErrorLogPlugin(), ...plugins, readAdmissionPlugin(readAdmission, requestGate)],
    context: async ({ request, req, deadline }): Promise<Context> => {
      const requestId = requestIds.get(request) ?? randomUUID();
      const auth = authService.forRequest(request, req, (header) => cookies.setCookie(request, header));
      // Statements of a request past its deadline are cancelled (the deadline is missing only when
      // Yoga is called without the HTTP server, as some tests do).
      const db = deadline ? handle.forRequest(deadline) : handle.db;
      const viewer = await authService.viewer(db, auth.sessionTokenHash);
      requestGate.sessionSeen(auth.sessionTokenHash, viewer !== null);
      return { db, meta, viewer, requestId, log: logger.child({ requestId }), auth, deadline, captures, captureWaitMs, captureOnCreate, driftAfterDays, changes, mail };
    },
  });

  const deadlineMs = config.REQUEST_TIMEOUT_MS ?? 1_500;

  async function ready(): Promise<boolean> {
    const check = handle.raw.query('select 1').then(
      () => true,
      () => false,
    );
    return (await withDeadline(check, Math.min(deadlineMs, 2_000))) ?? false;
  }

  const bodyTimeoutMs = config.BODY_TIMEOUT_MS ?? 10_000;

  // The plain model page reads the public API in-process, anonymously, as any front end would.
  const plainPageQuery: GraphQLFetch = async (body) =>
    (await yoga.fetch('http://localhost/graphql', { method: 'POST', headers: { 'content-type': 'application/json', accept: 'application/json' }, body })).json() as never;

  async function handleRequest(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const path = (req.url ?? '/').split('?')[0];
    if (path === '/health') return sendJson(res, 200, { status: 'ok' });
    if (path === '/ready') {
      const ok = await ready();
      return sendJson(res, ok ? 200 : 503, { status: ok ? 'ready' : 'database unreachable' });
    }
    if (path === '/admin' || path?.startsWith('/admin/')) return serveAdmin(req, res, path!);
    if (path?.startsWith('/export/')) return serveExport(handle, logger, req, res, path);
    if (path === '/feed.atom' || path === '/feed.json') return serveFeed(req, res, handle.db, path, mail.PUBLIC_URL);
    if (path === '/digest' || path?.startsWith('/digest/')) return serveDigestPage(req, res, handle.db, path);
    if (path?.startsWith('/models/')) return serveModelPage(req, res, plainPageQuery, path);
    if (mailLinkPaths.has(path!)) return serveMailLink(req, res, handle.db, path!, { bodyTimeoutMs, logger });
    if (graphiql && path?.startsWith(graphiqlAssetsPath)) return graphiql.serveAsset(req, res, path);
    if (path === '/') {
      res.writeHead(302, { location: '/graphql' }).end();
      return;
    }
    // Bodies are small (the largest contract operation is ~2 KB): refuse big or unsized ones unread.
    const hasBody = req.method !== 'GET' && req.method !== 'HEAD' && req.method !== 'OPTIONS';
    // One sent anyway would go unread and unbounded (a cached answer, say, kept the connection reading it).
    if (!hasBody && (Number(req.headers['content-length'] ?? 0) > 0 || req.headers['transfer-encoding'])) return sendError(res, 400, `A ${req.method} request carries no body.`, 'BAD_REQUEST');
    let length = 0;
    if (hasBody) {
      length = Number(req.headers['content-length'] ?? Number.NaN);
      if (Number.isNaN(length)) return sendError(res, 411, 'A request body needs a Content-Length.', 'LENGTH_REQUIRED');
      const limit = requestGate.knows(req.headers) ? maxBodyBytes : maxAnonymousBodyBytes;
      if (length > limit) return sendError(res, 413, bodyTooLargeMessage(limit), 'PAYLOAD_TOO_LARGE');
    }
    // The request log, when its level is on (a listener and a closure per request otherwise for nothing).
    if (logger.isLevelEnabled('info')) {
      const started = performance.now();
      res.on('finish', () => {
        logger.info(
          { method: req.method, path, status: res.statusCode, ms: Math.round(performance.now() - started), requestId: res.getHeader('x-request-id') ?? cachedAnswerIds.get(res) },
          'request',
        );
      });
    }
    // Every body is read here, bounded in time and size, before Yoga sees the request: a client that
    // stops sending gets a 408, one that hangs up mid-body is dropped, and the request's deadline below
    // starts only once the whole body is in (a slow upload is not a slow database).
    let body: string | undefined;
    if (hasBody) {
      const read = await readBody(req, length, bodyTimeoutMs);
      if ('aborted' in read) {
        logger.info({ method: req.method, path, received: read.received, declared: length }, 'client closed the connection mid-body');
        res.destroy();
        return;
      }
      if ('status' in read) {
        logger.warn({ method: req.method, path, status: read.status, received: read.received, declared: length }, 'request body refused');
        req.resume();
        return sendError(res, read.status, read.message, read.code);
      }
      body = read.body;
    }
    // Anonymous reads are looked up in the bytes cache from the raw request, before Yoga. A kept
    // answer's request (these very bytes) passed every check below when it was computed.
    let cacheKey: BytesKey | null = null;
    if (responseBytes && path === '/graphql' && (req.method === 'GET' || req.method === 'POST') && isAnonymousHeaders(req.headers)) {
      cacheKey = responseBytes.key({ method: req.method, url: req.url ?? '', accept: req.headers.accept, origin: req.headers.origin, contentType: req.headers['content-type'], body: body ?? '' });
      const hit = responseBytes.get(cacheKey);
      if (hit) return sendCached(req, res, hit, 'HIT');
    }
    // Every request has a deadline: when the database is slow or down the client gets a typed 503
    // quickly instead of hanging (postgres.js has no limit on waiting for a pooled connection). The
    // abort cancels the request's statements still waiting or running (db/client.ts forRequest) and
    // makes a write roll back (server/catalog/write.ts).
    const deadline = new AbortController();
    // Each of the request's statements listens for the deadline until it settles; a page may run more
    // than Node's default of 10 at once, which is not a leak.
    setMaxListeners(1_000, deadline.signal);
    // A client gone before its answer (closed tab, its own timeout) gives up its place at the door and
    // in the read queue, and its execution stops; statements already running finish (see ClientGone).
    // Otherwise clients hanging up early held every place in the queue until their deadlines, and
    // readers got 503 (final attack of stop 28). A mutation under way goes on: write() decides it.
    // Watched on the socket: a request pipelined behind another has no socket of its own yet.
    const operation: OperationTrack = {};
    const gone = () => {
      if (!res.writableEnded && operation.kind !== 'mutation') deadline.abort(new ClientGone());
    };
    const forget = whenSocketCloses(req.socket, gone);
    res.once('close', () => {
      forget();
      gone();
    });
    // Anyone not signed in waits for a turn here (RequestGate), before anything of the request is
    // parsed, refused or run; with none to be had within the deadline, a 503 with Retry-After.
    const entered = performance.now();
    const turn = requestGate.enter(req.headers, deadline.signal);
    const leave = await withDeadline(turn, deadlineMs);
    if (!leave) {
      deadline.abort();
      void turn.then((late) => late?.()); // admitted just as the deadline passed: the turn goes back
      req.resume();
      return sendBusy(res);
    }
    try {
      await answerRequest(req, res, path!, body, cacheKey, deadline, operation, deadlineMs - (performance.now() - entered), leave);
    } finally {
      leave();
    }
  }

  /** A request past the door: the compiled page or Yoga answers; the turn ends once the answer is made, before it is sent. */
  async function answerRequest(req: IncomingMessage, res: ServerResponse, path: string, body: string | undefined, cacheKey: BytesKey | null, deadline: AbortController, operation: OperationTrack, remainingMs: number, leave: () => void): Promise<void> {
    // A known document planned once answers here, or declines and Yoga does (server/http/compiledPages.ts):
    // only a body read whole by JSON.parse, naming the document.
    const compiled = path === '/graphql' && compiledPages ? compiledPages.match(req, body) : null;
    // JSON that Yoga would fail on with a 500 (malformed URL parameters) or that would overflow the
    // stack of whatever walks it (nested thousands deep) is refused before Yoga reads it.
    const problem = () => (path === '/graphql' ? requestJsonProblem(req, body) : null);
    const refuse = (message: string) => (req.resume(), sendError(res, 400, message, 'BAD_REQUEST'));
    if (!compiled) {
      const found = problem();
      if (found) return refuse(found);
    }
    const serverContext = { req, res, deadline: deadline.signal, operation };
    const viaYoga = () =>
      Promise.resolve(body === undefined ? yoga.handleNodeRequest(req, serverContext) : yoga.handleRequest(nodeRequest(yoga.fetchAPI, req, body), serverContext));
    const compiledId = compiled ? requestIdFor(headerValue(req.headers['x-request-id'])) : '';
    if (compiled) operation.kind = 'query';
    // Declined: Yoga answers, after the checks above (a string: the problem found).
    const response: Promise<Response | CompiledAnswer | string> = compiled
      ? compiledPages!.answer(compiled, deadline.signal, compiledId).then((answer): Response | CompiledAnswer | string | Promise<Response> => answer ?? problem() ?? viaYoga())
      : viaYoga();
    const answered = await withDeadline(response, Math.max(1, remainingMs));
    // A slow reader, or a live subscription's stream, must not keep the turn.
    leave();
    if (!answered) {
      deadline.abort();
      response.catch(() => {});
      // A write may commit after this answer (the deadline passed between its last check and COMMIT's
      // reply) or may already have: its client must re-read before retrying, not assume either.
      const mayHaveWritten = operation.kind === 'mutation' || (operation.kind === undefined && req.method === 'POST');
      logger.warn({ path, ms: deadlineMs, operation: operation.kind ?? 'not started' }, 'request deadline passed; answered 503');
      if (mayHaveWritten) {
        return sendError(res, 503, `The service could not answer in time; ${unknownOutcomeMessage}`, 'SERVICE_UNAVAILABLE', { outcome: 'UNKNOWN' });
      }
      return sendError(res, 503, 'The service could not answer in time; please retry shortly.', 'SERVICE_UNAVAILABLE');
    }
    if (typeof answered === 'string') return refuse(answered);
    if ('modelId' in answered) {
      const headers = { 'content-type': `${compiled!.mediaType}; charset=utf-8` };
      const bytes = Buffer.from(answered.body);
      if (cacheKey && responseBytes) {
        const depends = answered.modelId === null ? 'catalog' : { models: [answered.modelId] };
        return sendCached(req, res, responseBytes.keep(cacheKey, headers, bytes, depends), 'MISS', compiledId);
      }
      res.writeHead(200, { ...headers, 'x-request-id': compiledId, 'content-length': bytes.length }).end(bytes);
      return;
    }
    if (cacheKey && responseBytes?.cacheable(req, answered)) {
      const stored = responseBytes.store(cacheKey, req, answered.headers, Buffer.from(await answered.arrayBuffer()));
      return sendCached(req, res, stored, 'MISS', answered.headers.get('x-request-id'));
    }
    await sendNodeResponse(answered, res, req, false);
  }

  // Node calls this handler without awaiting it: anything it throws would be an unhandled rejection
  // (which stops the process). Every failure is logged and answered here, or the socket is dropped.
  const server: Server = createServer(
    { requestTimeout: Math.max(30_000, bodyTimeoutMs + 10_000), headersTimeout: 15_000, connectionsCheckingInterval: 5_000 },
    (req, res) => {
      handleRequest(req, res).catch((error: unknown) => {
        logger.error({ err: error, method: req.method, url: req.url }, 'request failed outside GraphQL');
        if (!res.headersSent && !res.destroyed) sendError(res, 500, 'Unexpected error.', 'INTERNAL_SERVER_ERROR');
        else res.destroy();
      });
    },
  );

  return { yoga, server, ready, captures, changes, parseCaches, readAdmission, requestGate };
}

/** Logs each unexpected (to-be-masked) error of an operation with the request id and the viewer. */
function unexpectedErrorLogPlugin(): Plugin<Context> {
  return {
    onExecute() {
      return {
        onExecuteDone({ args, result }) {
          const ctx = args.contextValue as Context;
          for (const error of 'errors' in result ? (result.errors ?? []) : []) {
            const original = (error as { originalError?: unknown }).originalError;
            if (!original || original instanceof GraphQLError || isDatabaseUnavailable(original)) continue;
            ctx.log.error({ err: original, path: error.path, viewer: ctx.viewer?.id }, 'unexpected error while executing an operation');
          }
        },
      };
    },
  };
}

const unavailableCodes = new Set([
  // postgres.js connection states
  'ECONNREFUSED', 'ECONNRESET', 'CONNECTION_ENDED', 'CONNECTION_CLOSED', 'CONNECTION_DESTROYED', 'CONNECT_TIMEOUT',
  // PostgreSQL: shutting down, starting up, too many connections, statement timeout
  '57P01', '57P02', '57P03', '53300', '57014',
]);

/** Errors that mean "the database cannot answer now" rather than a bug: the client may retry. */
export function isDatabaseUnavailable(error: unknown): boolean {
  for (let current = error as { code?: unknown; cause?: unknown; originalError?: unknown; message?: unknown } | undefined, depth = 0;
    current && depth < 5;
    current = (current.originalError ?? current.cause) as typeof current, depth++) {
    if (typeof current.code === 'string' && unavailableCodes.has(current.code)) return true;
    if (typeof current.message === 'string' && /PGlite is closed|database system is (shutting down|starting up)/.test(current.message)) return true;
  }
  return false;
}

/** The request id of an answer sent from the bytes cache, whose headers are written as a list (not readable with getHeader). */
const cachedAnswerIds = new WeakMap<ServerResponse, string>();

/**
 * A cached answer, or 304 when a GET client already holds it (If-None-Match). `X-Cache` says whether
 * the bytes level had it (HIT) or it was just computed and kept (MISS), as CDNs say it. The headers
 * are the entry's list, built when it was kept.
 */
function sendCached(req: IncomingMessage, res: ServerResponse, entry: { bytes: Buffer; headers: Record<string, string>; etag: string; head: string[] }, cache: 'HIT' | 'MISS', requestId?: string | null) {
  const id = requestId || requestIdFor(headerValue(req.headers['x-request-id']));
  if (req.method === 'GET' && req.headers['if-none-match'] === entry.etag) {
    res.writeHead(304, { ...entry.headers, etag: entry.etag, 'x-cache': cache, 'x-request-id': id }).end();
    return;
  }
  cachedAnswerIds.set(res, id);
  res.writeHead(200, [...entry.head, 'x-cache', cache, 'x-request-id', id]);
  res.end(entry.bytes);
}
