import { mkdirSync } from 'node:fs';
import { PGlite } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import type { PgAsyncDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { drizzle as drizzlePostgres } from 'drizzle-orm/postgres-js';
import postgres from 'postgres';
import { DataDirLockError, lockDataDir } from './dataDirLock.ts';
import { claimStatuses, modelFactKinds, publicationStates, relations } from './schema/index.ts';

export type Database = PgAsyncDatabase<PgQueryResultHKT, typeof relations>;
/** The handle a `db.transaction(...)` callback gets. */
export type Transaction = Parameters<Parameters<Database['transaction']>[0]>[0];

/** The rows of `db.execute()`: postgres.js returns an array of them, PGlite an object holding them. */
export function rowsOf<T>(result: unknown): T[] {
  return (Array.isArray(result) ? result : (result as { rows: T[] }).rows) as T[];
}

/** Raw SQL with positional parameters, the same on both drivers (for triggers, health checks, LISTEN). */
export interface RawClient {
  query<T = Record<string, unknown>>(text: string, params?: unknown[]): Promise<T[]>;
  /**
   * Subscribe to NOTIFY on a channel; returns an unsubscribe function. `onListen` runs each time the
   * subscription is (re)established: notifications sent while the listening connection was down
   * (a database restart, a dropped connection) are lost, so a subscriber re-reads what it caches.
   */
  listen(channel: string, onNotify: (payload: string) => void, onListen?: () => void): Promise<() => Promise<void>>;
}

export interface DatabaseHandle {
  db: Database;
  /**
   * The database for one request: once `signal` aborts (the request's deadline passed and its client
   * was answered 503), its statements still waiting for a connection (`ConnectionSlots`) are dropped,
   * none is created, and those running are cancelled (see `guardAgainstAbort`). PGlite has no pool to
   * wait for and cannot cancel, so it gives `db`.
   */
  forRequest(signal: AbortSignal): Database;
  raw: RawClient;
  driver: 'postgres' | 'pglite';
  close(): Promise<void>;
}

export interface DatabaseOptions {
  /** postgres:// URL; without one the embedded PGlite database in `dataDir` is used. */
  url?: string;
  /** PGlite data directory; `memory://` keeps it in memory (tests). */
  dataDir?: string;
  /** An existing PGlite instance (for example a clone of a migrated template in tests). */
  pglite?: PGlite;
  /** A PGlite data directory dump to start an empty `dataDir` from (server/import/template.ts). */
  loadDataDir?: Blob | null;
  /** Pool size for PostgreSQL. */
  maxConnections?: number;
  /** PostgreSQL cancels statements that run longer (ms); also bounds idle transactions. */
  statementTimeoutMs?: number;
  /** Called with the text of every statement sent to the database: tests count them. */
  onStatement?: (sql: string) => void;
}

export { DataDirInUseError, DataDirLockError } from './dataDirLock.ts';

/**
 * Every opener of a PGlite data directory comes here. A directory (not `memory://`) is locked for this
 * process until the database closes (or the process exits): a second process gets `DataDirInUseError`
 * instead of a copy of its own whose writes would be lost (db/dataDirLock.ts).
 */
export async function openPglite(dataDir: string, loadDataDir?: Blob | null): Promise<PGlite> {
  const options = { extensions: { pg_trgm }, ...(loadDataDir ? { loadDataDir } : {}) };
  if (dataDir.startsWith('memory://')) return PGlite.create(dataDir, options);
  mkdirSync(dataDir, { recursive: true });
  const lock = lockDataDir(dataDir);
  let pglite: PGlite;
  try {
    pglite = await PGlite.create(dataDir, options);
  } catch (error) {
    lock.release();
    throw error;
  }
  const close = pglite.close.bind(pglite);
  pglite.close = async () => {
    try {
      await close();
    } finally {
      lock.release();
    }
  };
  return pglite;
}

/**
 * For a command-line tool: the database, or, when its data directory cannot be taken (a running server
 * holds it), that reason printed on one line and exit 1 instead of a stack trace.
 */
export async function openDatabaseOrExit(options: DatabaseOptions, messagePrefix = ''): Promise<DatabaseHandle> {
  try {
    return await createDatabase(options);
  } catch (error) {
    if (!(error instanceof DataDirLockError)) throw error;
    console.error(`${messagePrefix}${error.message}`);
    process.exit(1);
  }
}

/**
 * PGlite has no query hook: `query` and `exec` are wrapped, on the database and on each transaction's
 * handle (its statements bypass the database's). BEGIN and COMMIT/ROLLBACK are reported as postgres.js's
 * `debug` sees them, so both drivers count alike.
 */
function countStatements(client: PGlite, onStatement: (sql: string) => void): void {
  const wrap = <T extends Pick<PGlite, 'query' | 'exec'>>(target: T): T => {
    for (const method of ['query', 'exec'] as const) {
      const run = (target[method] as (...a: unknown[]) => unknown).bind(target);
      target[method] = ((text: string, ...rest: unknown[]) => (onStatement(text), run(text, ...rest))) as never;
    }
    return target;
  };
  const transaction = wrap(client).transaction.bind(client);
  client.transaction = ((callback: Parameters<PGlite['transaction']>[0]) => {
    onStatement('begin');
    const ended = <T>(statement: string, outcome: T) => (onStatement(statement), outcome);
    return transaction((tx) => callback(wrap(tx))).then((result) => ended('commit', result), (error) => Promise.reject(ended('rollback', error)));
  }) as PGlite['transaction'];
}

export async function createDatabase(options: DatabaseOptions): Promise<DatabaseHandle> {
  if (options.url) return createPostgres(options.url, options);
  const client = options.pglite ?? (await openPglite(options.dataDir ?? './data', options.loadDataDir));
  if (options.onStatement) countStatements(client, options.onStatement);
  const db = drizzlePglite({ client, relations }) as unknown as Database;
  return {
    db,
    forRequest: () => db,
    driver: 'pglite',
    raw: {
      query: async <T>(text: string, params?: unknown[]) => (await client.query(text, params)).rows as T[],
      async listen(channel, onNotify) {
        const unsubscribe = await client.listen(channel, onNotify);
        return async () => unsubscribe();
      },
    },
    close: () => client.close(),
  };
}

/**
 * A statement of a request whose deadline passed (its client was already answered 503), refused
 * before it reached the pool. Code 57014 (query_canceled): callers treat it as "the database could not
 * answer in time" (server/http/app.ts `isDatabaseUnavailable`), like a statement cancelled on the server.
 */
export class StatementRefusedError extends Error {
  readonly code = '57014';
  constructor() {
    super('The request\'s deadline passed: the statement was not sent.');
    this.name = 'StatementRefusedError';
  }
}

/**
 * Why a request's signal aborted when its client hung up before the answer (server/http/app.ts): its
 * statements still waiting are dropped and none is created, but those running finish (bounded by
 * `statement_timeout`). A cancel costs PostgreSQL a process of its own: four clients hanging up as
 * fast as they could sent hundreds a second, and every other reader waited 1–2 s for a connection.
 */
export class ClientGone extends Error {
  constructor() {
    super('The client hung up before its answer.');
    this.name = 'ClientGone';
  }
}

/**
 * The pool's connections, counted on our side: at most one statement (or transaction) per connection is
 * handed to postgres.js, and the rest wait here. postgres.js would otherwise pipeline a statement behind
 * a busy connection's or queue it inside the pool, where 3.4.9 cannot take it back safely (see
 * `guardAgainstAbort`): a request answered 503 left its reads to run later, and a flood left a backlog.
 * A statement still waiting here when its request's deadline passes is dropped from the queue, never
 * created.
 */
class ConnectionSlots {
  private free: number;
  private readonly waiting: (() => void)[] = [];

  constructor(size: number) {
    this.free = size;
  }

  /** True when a slot was taken at once; otherwise wait with `acquire`. */
  tryTake(): boolean {
    if (this.free === 0) return false;
    this.free--;
    return true;
  }

  acquire(signal?: AbortSignal): Promise<void> {
    if (signal?.aborted) return Promise.reject(new StatementRefusedError());
    if (this.tryTake()) return Promise.resolve();
    return new Promise<void>((resolve, reject) => {
      const grant = () => {
        signal?.removeEventListener('abort', onAbort);
        resolve();
      };
      const onAbort = () => {
        const index = this.waiting.indexOf(grant);
        if (index >= 0) this.waiting.splice(index, 1);
        reject(new StatementRefusedError());
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      this.waiting.push(grant);
    });
  }

  release(): void {
    const next = this.waiting.shift();
    if (next) next();
    else this.free++;
  }
}

/** The parts of a postgres.js 3.4.9 `Query` that `guardAgainstAbort` relies on. */
interface DriverQuery {
  /** The pool's cancel of this query (`Query.cancel()` calls it and drops its promise): settles once the server took the request. */
  canceller: ((query: DriverQuery) => Promise<unknown>) | null;
  then: Promise<unknown>['then'];
  reject(error: unknown): void;
  /** The pool's hand-over, called by the query one microtask after it is first awaited. */
  handler: ((query: DriverQuery) => unknown) & { debug?: unknown };
  /** True while the query is the one its connection runs (pipelined ones are not yet active). */
  active: boolean;
}

/** The longest a cancelled statement's slot waits for the server to take the cancel. */
const cancelLandingMs = 5_000;

/**
 * Ends a request's statement when its deadline passes, without ever cancelling one no connection has
 * taken. postgres.js 3.4.9 parks a connection for good when a query is cancelled before that: the pool
 * still hands the cancelled query to a connection, whose `execute` skips it and reports itself full (or,
 * for a connection still connecting, never reports itself open). After the pool size of such cancels,
 * every statement waits forever (test/faults/wedge.test.ts). So:
 * - a statement whose request aborted before it reaches the pool is rejected at the hand-over, never
 *   given to it (the hand-over runs a microtask after the first await: a check when the statement is
 *   created is not enough);
 * - a statement running on its connection (`active`) is cancelled on the server (unless the client is
 *   gone: `ClientGone`), and its connection's slot is given back only once the server has taken the
 *   cancel (`cancelling`). A cancel is a signal to the backend, whatever it runs when the signal lands:
 *   one still in flight when the statement had ended anyway would cancel the connection's next
 *   statement, another request's (seen in test/faults/wedge.test.ts as a fresh `select 1 + 1` failing
 *   57014). Landed while the connection is idle, PostgreSQL ignores it;
 * - one handed to a connection still being opened is left to run, bounded by `statement_timeout`: it
 *   cannot be taken back safely. (Statements waiting for a connection wait in `ConnectionSlots`, which
 *   drops them on abort, so none is queued or pipelined inside the driver, where a cancelled one is
 *   dropped from the connection's list and never settles in 3.4.9.)
 */
function guardAgainstAbort(query: DriverQuery, signal: AbortSignal): { cancelling: Promise<unknown> | null } {
  const handOver = query.handler;
  if (typeof handOver !== 'function') throw new Error('postgres.js changed: a query has no pool hand-over to guard');
  const guarded = ((q: DriverQuery) => (signal.aborted ? q.reject(new StatementRefusedError()) : handOver(q))) as DriverQuery['handler'];
  guarded.debug = handOver.debug;
  query.handler = guarded;
  const state: { cancelling: Promise<unknown> | null } = { cancelling: null };
  const cancel = () => {
    if (!query.active || !query.canceller || signal.reason instanceof ClientGone) return;
    const canceller = query.canceller;
    query.canceller = null;
    // A cancel that could not be sent has nothing left to land: the slot is not held for it. Nor for
    // longer than `cancelLandingMs` (a server that took the connection and never closed it would
    // otherwise keep the slot for good).
    let timer: NodeJS.Timeout | undefined;
    const bound = new Promise<void>((resolve) => (timer = setTimeout(resolve, cancelLandingMs)).unref());
    const landed = canceller(query).catch(() => undefined);
    state.cancelling = Promise.race([landed, bound]).finally(() => clearTimeout(timer));
  };
  signal.addEventListener('abort', cancel, { once: true });
  const settled = () => signal.removeEventListener('abort', cancel);
  // `then` with both handlers: the derived promise never rejects unhandled.
  query.then(settled, settled);
  return state;
}

/**
 * Drizzle 1.0 runs relational queries as unnamed statements (`unsafe(…, { prepare: false })` unless
 * `.prepare()` is called), so PostgreSQL would parse and plan the page query on every request: 3–8 ms
 * of planning for a 0.7 ms execution, measured. Every statement Drizzle sends, in transactions too,
 * becomes a named prepared statement, cached per connection by postgres.js (and by PostgreSQL, for the
 * connection's life: one per distinct text).
 */
function alwaysPrepared(sql: postgres.Sql, slots: ConnectionSlots | null, signal?: AbortSignal): postgres.Sql {
  return new Proxy(sql, {
    get(target, property, receiver) {
      if (property === 'unsafe') {
        return (query: string, args?: unknown[], options?: object) => {
          // Past the deadline nothing new is created (Drizzle calls this from an async function: the
          // throw becomes its rejection).
          if (signal?.aborted) throw new StatementRefusedError();
          const [text, params] = inlineConstants(query, args ?? []);
          const create = () => {
            // `simple: false`: postgres.js sends a statement without parameters as a simple query,
            // parsed and planned on every execution (a compiled board's: 3.0 ms a time, 0.8 once prepared).
            const pending = target.unsafe(text, params as postgres.ParameterOrJSON<never>[], { ...options, prepare: true, simple: false } as postgres.UnsafeQueryOptions);
            const guard = signal ? guardAgainstAbort(pending as unknown as DriverQuery, signal) : null;
            if (slots) {
              // Not before a cancel sent for the statement has landed (see guardAgainstAbort).
              const release = () => {
                if (guard?.cancelling) void guard.cancelling.then(() => slots.release());
                else slots.release();
              };
              pending.then(release, release);
            }
            return pending;
          };
          if (!slots || slots.tryTake()) return create();
          return waitingStatement(slots.acquire(signal), create);
        };
      }
      if (property === 'begin' || property === 'savepoint') {
        // Inside a transaction a cancelled statement would only fail it; write() decides instead. A
        // transaction holds its slot (its connection) until it ends; its own statements need none.
        return (...args: unknown[]) => {
          const callback = args.pop() as (inner: postgres.Sql) => unknown;
          const run = () => (Reflect.get(target, property, receiver) as (...a: unknown[]) => Promise<unknown>).call(target, ...args, (inner: postgres.Sql) => callback(alwaysPrepared(inner, null)));
          if (!slots || property === 'savepoint') return run();
          return slots.acquire(signal).then(() => {
            const release = () => slots.release();
            const transaction = run();
            transaction.then(release, release);
            return transaction;
          });
        };
      }
      return Reflect.get(target, property, receiver);
    },
  });
}

/**
 * A statement waiting for a slot, as Drizzle uses one (awaited, or `.values()` then awaited): the
 * driver's query is created only once the slot is granted.
 */
function waitingStatement<Q extends { values(): unknown }>(slot: Promise<void>, create: () => Q): Q {
  let values = false;
  const result = slot.then(() => {
    const query = create();
    return values ? query.values() : query;
  });
  const statement = {
    values() {
      values = true;
      return statement;
    },
    then: result.then.bind(result),
    catch: result.catch.bind(result),
    finally: result.finally.bind(result),
  };
  return statement as unknown as Q;
}

/**
 * Visibility constants Drizzle sends as parameters (`status = $3` with 'VERIFIED'). Written into the
 * text, a partial index on `publication = 'PUBLISHED'` can serve a generic plan, and PostgreSQL can
 * keep one; as parameters it re-plans the page statement on every execution. A closed set of
 * identifiers: a literal made of them cannot carry anything but itself.
 */
const constantStrings: ReadonlySet<string> = new Set([...publicationStates, ...claimStatuses, ...modelFactKinds]);

/**
 * Drizzle sends every value as a parameter, LIMITs included (`limit $6`, mostly 1 for a to-one
 * relation). PostgreSQL cannot cost a generic plan for an unknown LIMIT or prove a partial index for an
 * unknown status, so it planned the page statement afresh on every execution (2.5–5 ms of planning for
 * ~1 ms of execution on the 1M-score catalog). Inlined here: parameters used only after LIMIT with a
 * common page size (`commonLimits`), and the visibility constants above. The rest are renumbered.
 */
/**
 * The LIMITs written into the text: to-one relations (1), the short lists a page shows (up to 12) and the
 * usual page sizes, with the one more row a page reads to know whether another follows. Each distinct text is a prepared statement on every
 * pooled connection for the connection's life (a leaderboard's takes ~330 KiB of PostgreSQL memory), so
 * a client asking `first` from 1 to 500 made 500 of them per connection; other sizes stay parameters,
 * one text for all of them, planned per execution.
 */
const commonLimits: ReadonlySet<number> = new Set([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 20, 21, 25, 26, 50, 51, 100, 101]);

export function inlineConstants(query: string, args: unknown[]): [string, unknown[]] {
  // Most statements have nothing to inline (a compiled page's has it inlined already): no scan then.
  if (!args.some((value) => (typeof value === 'string' && constantStrings.has(value)) || (typeof value === 'number' && commonLimits.has(value)))) {
    return [query, args];
  }
  const uses = new Map<number, number>();
  for (const match of query.matchAll(/\$(\d+)\b/g)) uses.set(Number(match[1]), (uses.get(Number(match[1])) ?? 0) + 1);
  const limitUses = new Map<number, number>();
  for (const match of query.matchAll(/\blimit \$(\d+)\b/gi)) limitUses.set(Number(match[1]), (limitUses.get(Number(match[1])) ?? 0) + 1);
  const literals = new Map<number, string>();
  args.forEach((value, i) => {
    const index = i + 1;
    if (!uses.has(index)) return;
    if (typeof value === 'string' && constantStrings.has(value)) literals.set(index, `'${value}'`);
    else if (limitUses.get(index) === uses.get(index) && typeof value === 'number' && commonLimits.has(value)) {
      literals.set(index, String(value));
    }
  });
  if (!literals.size) return [query, args];
  const renumbered = new Map<number, number>();
  const kept: unknown[] = [];
  args.forEach((value, i) => {
    if (literals.has(i + 1)) return;
    kept.push(value);
    renumbered.set(i + 1, kept.length);
  });
  const text = query.replace(/\$(\d+)\b/g, (_, digits: string) => literals.get(Number(digits)) ?? `$${renumbered.get(Number(digits))}`);
  return [text, kept];
}

function createPostgres(url: string, options: DatabaseOptions): DatabaseHandle {
  const client = postgres(url, {
    max: options.maxConnections ?? 10,
    // Prepared statements stay on: planning the page query costs more than running it.
    prepare: true,
    onnotice: () => {},
    debug: options.onStatement ? (_connection, query) => options.onStatement!(query) : undefined,
    connect_timeout: 5,
    // postgres.js waits before reconnecting by a backoff that grows with failed attempts counted across
    // the whole pool (3^n / 100 s, up to 20 s): after a 3 s outage under load the app stayed down for
    // seconds after PostgreSQL was back (measured by test/faults). Capped at 0.5 s, with jitter.
    backoff: (retries: number) => (0.5 + Math.random() / 2) * Math.min(0.05 * 2 ** retries, 0.5),
    connection: {
      application_name: 'sourced',
      // Days are UTC days everywhere (as-of reads, prices coming into effect at midnight, the caches'
      // day periods), whatever time zone the server's configuration names.
      TimeZone: 'UTC',
      // A stuck query or a forgotten transaction must not hold a pooled connection for long.
      statement_timeout: options.statementTimeoutMs ?? 5_000,
      idle_in_transaction_session_timeout: 10_000,
    },
  });
  const slots = new ConnectionSlots(options.maxConnections ?? 10);
  const pooled = alwaysPrepared(client, slots);
  const db = drizzlePostgres({ client: pooled, relations }) as unknown as Database;
  return {
    db,
    // A Drizzle instance costs about 2 µs and hides nothing; AsyncLocalStorage would put promise hooks on
    // every promise (it looked ~20% slower on the 50-row leaderboard in a noisy A/B).
    forRequest: (signal) => drizzlePostgres({ client: alwaysPrepared(client, slots, signal), relations }) as unknown as Database,
    driver: 'postgres',
    raw: {
      async query<T>(text: string, params?: unknown[]) {
        return (await pooled.unsafe(text, (params ?? []) as postgres.ParameterOrJSON<never>[])) as unknown as T[];
      },
      async listen(channel, onNotify, onListen) {
        const { unlisten } = await client.listen(channel, onNotify, onListen);
        return unlisten;
      },
    },
    close: () => client.end({ timeout: 5 }),
  };
}
