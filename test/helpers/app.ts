import type { AddressInfo } from 'node:net';
import pino from 'pino';
import { createApp } from '../../server/http/app.ts';
import { CaptureJobs } from '../../server/evidence/captureJobs.ts';
import { ChangeStream } from '../../server/changes/stream.ts';
import type { AllowedHost } from '../../server/sources/addresses.ts';
import type { AuthOptions } from '../../server/auth/authService.ts';
import type { Plugin } from 'graphql-yoga';
import { CatalogMeta } from '../../server/http/catalogMeta.ts';
import { createResponseCache } from '../../server/http/responseCache.ts';
import { freshDatabase, type TestDatabase } from './database.ts';

export interface GraphQLResponse<T = Record<string, any>> {
  status: number;
  headers: Headers;
  data?: T;
  errors?: { message: string; extensions?: Record<string, unknown>; path?: string[] }[];
}

export interface TestApp {
  url: string;
  db: TestDatabase;
  /** Every SQL statement the app sent, in order; tests reset it with `statements.length = 0`. */
  statements: string[];
  /** The Node HTTP server itself (its timeouts, connections). */
  server: import('node:http').Server;
  /** Yoga's caches of parsed documents and parse errors (server/http/security.ts). */
  parseCaches: ReturnType<typeof import('../../server/http/security.ts').boundedParseCaches>;
  /** Reads running and waiting (server/http/admission.ts). */
  readAdmission: import('../../server/http/admission.ts').ReadAdmission;
  requestGate: import('../../server/http/admission.ts').RequestGate;
  gql<T = Record<string, any>>(query: string, variables?: Record<string, unknown>, headers?: Record<string, string>): Promise<GraphQLResponse<T>>;
  close(): Promise<void>;
}

/**
 * The real HTTP server on a free port over a fresh database of its own. `prepare` fills the
 * database before the server starts (the demo catalog, fixtures).
 */
export interface TestAppOptions {
  /** Serve anonymous reads from the response cache (off by default so tests see every execution). */
  responseCache?: boolean;
  /** Per-request deadline (ms) before a 503. */
  requestTimeoutMs?: number;
  /** Sessions and sign-in limits (server/auth), e.g. tighter limits for a test. */
  auth?: Partial<AuthOptions>;
  /** Time (ms) allowed for a request body to arrive whole before a 408 (default: the app's). */
  bodyTimeoutMs?: number;
  /** Serve GraphiQL to browsers (default: the app's, on). */
  graphiql?: boolean;
  /** Extra Yoga plugins, after the response cache's (e.g. one that slows execution for a test). */
  plugins?: Plugin[];
  /** Capture a source's page when it is created (off by default: most tests cite pages they never serve). */
  captureOnCreate?: boolean;
  /** The response cache's clock (the day's period of a page); default Date.now. */
  now?: () => number;
  /** Queries running at once, and waiting beyond those (server/http/admission.ts); the app's defaults when omitted. */
  readConcurrency?: number;
  readQueue?: number;
  requestConcurrency?: number;
  /** Hosts the captures may open although private (the tests' own fixture server). */
  allowHosts?: AllowedHost[];
}

export async function startTestApp(
  prepare?: (db: TestDatabase) => Promise<unknown>,
  options: TestAppOptions = {},
): Promise<TestApp> {
  const statements: string[] = [];
  const db = await freshDatabase({ onStatement: (sql) => statements.push(sql) });
  if (prepare) await prepare(db);
  const meta = new CatalogMeta(db);
  await meta.start();
  const logger = pino({ level: process.env.TEST_LOG_LEVEL ?? 'silent' });
  const plugins: Plugin[] = [];
  const responseCache = options.responseCache ? await createResponseCache({ handle: db, logger, now: options.now }) : null;
  if (responseCache) plugins.push(...responseCache.plugins);
  plugins.push(...(options.plugins ?? []));
  const captures = new CaptureJobs(db.db, logger, { allowHosts: options.allowHosts ?? [], timeoutMs: 5_000 });
  const changes = new ChangeStream(db, logger);
  await changes.start();
  const { server, parseCaches, readAdmission, requestGate } = createApp({ handle: db, meta, logger,
    config: { CORS_ORIGINS: [], REQUEST_TIMEOUT_MS: options.requestTimeoutMs ?? 10_000, BODY_TIMEOUT_MS: options.bodyTimeoutMs, GRAPHIQL: options.graphiql, READ_CONCURRENCY: options.readConcurrency, READ_QUEUE: options.readQueue, REQUEST_CONCURRENCY: options.requestConcurrency },
    plugins,
    responseBytes: responseCache?.bytes,
    auth: options.auth,
    captures,
    captureOnCreate: options.captureOnCreate ?? false,
    changes,
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  statements.length = 0;
  return {
    url,
    db,
    statements,
    server,
    parseCaches,
    readAdmission,
    requestGate,
    async gql(query, variables, headers) {
      const response = await fetch(`${url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json', ...headers },
        body: JSON.stringify({ query, variables }),
      });
      const body = (await response.json()) as { data?: any; errors?: any };
      return { status: response.status, headers: response.headers, data: body.data, errors: body.errors };
    },
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await captures.close();
      await changes.stop();
      await meta.stop();
      await responseCache?.cache.stop();
      await db.destroy();
    },
  };
}
