import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { sendNodeResponse } from '@whatwg-node/server';
import { GraphQLError } from 'graphql';
import { createGraphQLError, createYoga, maskError, type Plugin } from 'graphql-yoga';
import type { Logger } from 'pino';
import type { DatabaseHandle } from '../db/client.ts';
import { AuthService, type AuthOptions } from './auth/authService.ts';
import { cookiePlugin } from './auth/cookiePlugin.ts';
import { csrfPlugin, nulCharacterPlugin, queryLimitPlugins } from './security.ts';
import { createAdminHandler } from './admin.ts';
import { persistedOperationsPlugin } from './persistedOperations.ts';
import type { CatalogMeta } from './catalogMeta.ts';
import type { Config } from './config.ts';
import { isAnonymousHeaders, type ResponseBytesCache } from './responseCache.ts';
import type { Context } from './schema/builder.ts';
import { schema } from './schema/index.ts';

export interface AppOptions {
  handle: DatabaseHandle;
  meta: CatalogMeta;
  logger: Logger;
  config: Pick<Config, 'CORS_ORIGINS'> & Partial<Pick<Config, 'REQUEST_TIMEOUT_MS'>>;
  /** Extra Yoga plugins: the response cache (server/responseCache.ts) and the JIT executor. */
  plugins?: Plugin[];
  /** The built editors' app served at /admin (default: admin/dist). */
  adminDir?: string;
  /** Sessions, cookies and sign-in limits (server/auth); defaults when omitted. */
  auth?: Partial<AuthOptions>;
  /** The in-process first level of the response cache (server/responseCache.ts). */
  responseBytes?: ResponseBytesCache;
}

const requestIds = new WeakMap<Request, string>();

/** A request id from the caller (x-request-id, when sane) or a new one; echoed in the response. */
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

export function createApp({ handle, meta, logger, config, plugins = [], adminDir, auth: authOptions, responseBytes }: AppOptions) {
  const authService = new AuthService(authOptions);
  const cookies = cookiePlugin();
  const serveAdmin = createAdminHandler(adminDir);
  const yoga = createYoga<{ req: IncomingMessage; res: ServerResponse; deadline?: AbortSignal }, Context>({
    schema,
    graphqlEndpoint: '/graphql',
    landingPage: false,
    graphiql: { title: 'Sourced GraphQL API' },
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
    plugins: [requestIdPlugin(), csrfPlugin(config.CORS_ORIGINS), nulCharacterPlugin(), persistedOperationsPlugin(), ...queryLimitPlugins(logger), cookies.plugin, unexpectedErrorLogPlugin(), ...plugins],
    context: async ({ request, req, deadline }): Promise<Context> => {
      const requestId = requestIds.get(request) ?? randomUUID();
      const auth = authService.forRequest(request, req, (header) => cookies.setCookie(request, header));
      // Statements of a request past its deadline are cancelled (the deadline is missing only when
      // Yoga is called without the HTTP server, as some tests do).
      const db = deadline ? handle.forRequest(deadline) : handle.db;
      const viewer = await authService.viewer(db, auth.sessionTokenHash);
      return { db, meta, viewer, requestId, log: logger.child({ requestId }), auth, deadline };
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

  const server: Server = createServer(async (req, res) => {
    const path = (req.url ?? '/').split('?')[0];
    if (path === '/health') return sendJson(res, 200, { status: 'ok' });
    if (path === '/ready') {
      const ok = await ready();
      return sendJson(res, ok ? 200 : 503, { status: ok ? 'ready' : 'database unreachable' });
    }
    if (path === '/admin' || path?.startsWith('/admin/')) return serveAdmin(req, res, path!);
    if (path === '/') {
      res.writeHead(302, { location: '/graphql' }).end();
      return;
    }
    // Bodies are small (the largest contract operation is ~2 KB): refuse big or unsized ones unread.
    if (req.method === 'POST') {
      const length = Number(req.headers['content-length'] ?? Number.NaN);
      if (Number.isNaN(length)) return sendError(res, 411, 'A POST body needs a Content-Length.', 'LENGTH_REQUIRED');
      if (length > maxBodyBytes) {
        return sendError(res, 413, `The request body is larger than ${maxBodyBytes / 1024} KiB.`, 'PAYLOAD_TOO_LARGE');
      }
    }
    const started = performance.now();
    res.on('finish', () => {
      logger.info(
        { method: req.method, path, status: res.statusCode, ms: Math.round(performance.now() - started), requestId: res.getHeader('x-request-id') },
        'request',
      );
    });
    // Anonymous reads are looked up in the bytes cache from the raw request, before Yoga.
    let cacheKey: string | null = null;
    let body: string | undefined;
    if (responseBytes && path === '/graphql' && (req.method === 'GET' || req.method === 'POST') && isAnonymousHeaders(req.headers)) {
      body = req.method === 'POST' ? await readBody(req) : '';
      cacheKey = responseBytes.key({ method: req.method, url: req.url ?? '', accept: req.headers.accept, origin: req.headers.origin, body });
      const hit = responseBytes.get(cacheKey);
      if (hit) return sendCached(req, res, hit);
    }
    // Every request has a deadline: when the database is slow or down the client gets a typed 503
    // quickly instead of hanging (postgres.js has no limit on waiting for a pooled connection). The
    // abort cancels the request's statements still waiting or running (db/client.ts forRequest) and
    // makes a write roll back (server/editing/transaction.ts).
    const deadline = new AbortController();
    const serverContext = { req, res, deadline: deadline.signal };
    const response = Promise.resolve(
      body === undefined ? yoga.handleNodeRequest(req, serverContext) : yoga.handleRequest(nodeRequest(yoga.fetchAPI, req, body), serverContext),
    );
    const answered = await withDeadline(response, deadlineMs);
    if (!answered) {
      deadline.abort();
      response.catch(() => {});
      logger.warn({ path, ms: deadlineMs }, 'request deadline passed; answered 503');
      return sendError(res, 503, 'The service could not answer in time; please retry shortly.', 'SERVICE_UNAVAILABLE');
    }
    if (cacheKey && responseBytes?.cacheable(req, answered)) {
      const stored = responseBytes.store(cacheKey, answered.headers, Buffer.from(await answered.arrayBuffer()));
      return sendCached(req, res, stored, answered.headers.get('x-request-id'));
    }
    await sendNodeResponse(answered, res, req, false);
  });

  return { yoga, server, ready };
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

/** The value, or undefined when it takes longer than `ms`. */
async function withDeadline<T>(promise: Promise<T>, ms: number): Promise<T | undefined> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<undefined>((resolve) => {
    timer = setTimeout(() => resolve(undefined), ms);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

const maxBodyBytes = 256 * 1024;

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

/** The Fetch Request Yoga reads, for a Node request whose body was already read (for the cache key). */
function nodeRequest(fetchAPI: { Request: typeof Request }, req: IncomingMessage, body: string): Request {
  const headers: [string, string][] = [];
  for (let i = 0; i < req.rawHeaders.length; i += 2) headers.push([req.rawHeaders[i]!, req.rawHeaders[i + 1]!]);
  const url = `http://${req.headers.host ?? 'localhost'}${req.url ?? '/'}`;
  return new fetchAPI.Request(url, { method: req.method, headers, body: req.method === 'POST' ? body : undefined });
}

/** A cached answer, or 304 when a GET client already holds it (If-None-Match). */
function sendCached(req: IncomingMessage, res: ServerResponse, entry: { bytes: Buffer; headers: Record<string, string>; etag: string }, requestId?: string | null) {
  const given = req.headers['x-request-id'];
  const headers = { ...entry.headers, etag: entry.etag, 'x-request-id': requestId ?? requestIdFor(Array.isArray(given) ? given[0] : given) };
  if (req.method === 'GET' && req.headers['if-none-match'] === entry.etag) {
    res.writeHead(304, headers).end();
    return;
  }
  res.writeHead(200, { ...headers, 'content-length': entry.bytes.length });
  res.end(entry.bytes);
}

function sendError(res: ServerResponse, status: number, message: string, code: string) {
  if (!res.headersSent) res.setHeader('connection', 'close');
  sendJson(res, status, { errors: [{ message, extensions: { code, http: { status } } }] });
}

function sendJson(res: ServerResponse, status: number, body: unknown) {
  if (res.headersSent) return;
  res.writeHead(status, { 'content-type': 'application/json', 'cache-control': 'no-store' });
  res.end(JSON.stringify(body));
}
