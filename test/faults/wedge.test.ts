import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ClientGone, createDatabase, type Database, type DatabaseHandle } from '../../db/client.ts';
import { until } from '../helpers/until.ts';
import { PrivateCluster } from './cluster.ts';
import { postGraphQL, recordFigures, startServer, type ServerProcess } from './harness.ts';

// A wedge attempt with a pool of 2. postgres.js 3.4.9 parks a connection for good when a query is
// cancelled before a connection took it (its `execute` skips the cancelled query and reports the
// connection full, or a connecting one never reports open): after DB_POOL_SIZE such cancels every
// statement waits forever. Requests past their deadline abort their statements; none of that may
// take a connection out of the pool.
let cluster: PrivateCluster;
const handles: DatabaseHandle[] = [];

beforeAll(async () => {
  cluster = await PrivateCluster.withDatabase('sourced');
});

afterAll(async () => {
  for (const handle of handles) await handle.close().catch(() => {});
  await cluster?.destroy();
});

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A pool of 2 on the private cluster. */
async function poolOfTwo(): Promise<DatabaseHandle> {
  const handle = await createDatabase({ url: cluster.url('sourced'), maxConnections: 2, statementTimeoutMs: 5_000 });
  handles.push(handle);
  return handle;
}

/**
 * What a statement came to: its value, its error's code, or 'no answer' (a wedged pool) after `ms`:
 * a wedged pool never answers, so the wait has room for a busy machine (60 s) and ends at the answer.
 */
async function outcome(db: Database, statement = sql`select 1 + 1 as two`, ms = 60_000): Promise<string> {
  let timer: NodeJS.Timeout | undefined;
  const noAnswer = new Promise<string>((resolve) => (timer = setTimeout(() => resolve('no answer'), ms)));
  const answer = db.execute(statement).then(
    (rows) => `answered ${JSON.stringify((rows as unknown as Record<string, unknown>[])[0])}`,
    (error: { code?: string; cause?: { code?: string } }) => `failed ${error.cause?.code ?? error.code ?? String(error)}`,
  );
  try {
    return await Promise.race([answer, noAnswer]);
  } finally {
    clearTimeout(timer);
  }
}

describe('wedge attempt with a pool of 2', () => {
  it('statements of an aborted request are refused without being created; the pool still answers', async () => {
    const database = await poolOfTwo();
    const late = database.forRequest(AbortSignal.abort());
    const refused = await Promise.all(Array.from({ length: 10 }, () => outcome(late)));
    expect(new Set(refused)).toEqual(new Set(['failed 57014']));
    expect(await outcome(database.db)).toBe('answered {"two":2}');
  });

  it('aborting statements that wait for a connection, or are about to be handed one, parks no connection', async () => {
    const database = await poolOfTwo();
    await outcome(database.db); // connections open
    for (let round = 0; round < 5; round++) {
      const deadline = new AbortController();
      const db = database.forRequest(deadline.signal);
      // Two slow statements hold both connections; the rest queue behind them in the driver.
      const pending = Array.from({ length: 12 }, (_, i) => outcome(db, i < 2 ? sql`select pg_sleep(0.2) as slept` : sql`select 1 + 1 as two`));
      // Aborted in the same tick (before the driver has taken them), or a little later (while they wait).
      if (round % 2 === 0) deadline.abort();
      else await pause(50).then(() => deadline.abort());
      const outcomes = await Promise.all(pending);
      expect(outcomes).not.toContain('no answer');
    }
    expect(await outcome(database.db)).toBe('answered {"two":2}');
  });

  it('a cancel still on its way when its statement ended does not cancel the next statement on that connection', async () => {
    const handle = await createDatabase({ url: cluster.url('sourced'), maxConnections: 1, statementTimeoutMs: 5_000 });
    handles.push(handle);
    await outcome(handle.db); // the connection is open
    const next: string[] = [];
    for (let round = 0; round < 10; round++) {
      // A quick statement whose request is aborted as it runs: it usually ends before the cancel (a new
      // connection to the server) arrives. Whatever it came to is its own request's business.
      const deadline = new AbortController();
      const quick = outcome(handle.forRequest(deadline.signal));
      setImmediate(() => deadline.abort());
      await quick;
      // Another request's statement, on the pool's only connection, still running when that cancel lands.
      next.push(await outcome(handle.db, sql`select 2 as two from pg_sleep(0.1)`));
    }
    expect(next).toEqual(Array.from({ length: 10 }, () => 'answered {"two":2}'));
  });

  it('a request whose client is gone lets its running statement finish (no cancel, which costs the server a process) and creates none after it', async () => {
    const database = await poolOfTwo();
    await outcome(database.db); // connections open
    const gone = new AbortController();
    const request = database.forRequest(gone.signal);
    const running = outcome(request, sql`select 2 as two from pg_sleep(1)`);
    await until(
      async () => (await database.raw.query<{ n: number }>(`select count(*)::int as n from pg_stat_activity where state = 'active' and query like '%pg_sleep(1)%' and pid <> pg_backend_pid()`))[0]!.n,
      (n) => n === 1,
    );
    gone.abort(new ClientGone());
    expect(await running).toBe('answered {"two":2}');
    expect(await outcome(request)).toBe('failed 57014');
    // A deadline, by contrast, cancels what runs.
    const deadline = new AbortController();
    const late = outcome(database.forRequest(deadline.signal), sql`select 2 as two from pg_sleep(1)`);
    await until(
      async () => (await database.raw.query<{ n: number }>(`select count(*)::int as n from pg_stat_activity where state = 'active' and query like '%pg_sleep(1)%' and pid <> pg_backend_pid()`))[0]!.n,
      (n) => n === 1,
    );
    deadline.abort();
    expect(await late).toBe('failed 57014');
    expect(await outcome(database.db)).toBe('answered {"two":2}');
  });

  it('aborting statements while the pool is still connecting parks no connection', async () => {
    for (let round = 0; round < 3; round++) {
      const database = await poolOfTwo(); // no connection open yet
      const deadline = new AbortController();
      const db = database.forRequest(deadline.signal);
      const pending = Array.from({ length: 10 }, () => outcome(db));
      await Promise.resolve();
      deadline.abort();
      expect(await Promise.all(pending)).not.toContain('no answer');
      expect(await outcome(database.db)).toBe('answered {"two":2}');
    }
  });

  it('HTTP: bursts of requests past a tiny deadline leave the server answering 200', async () => {
    let server: ServerProcess | undefined;
    try {
      server = await startServer({
        DATABASE_URL: cluster.url('sourced'),
        RESPONSE_CACHE: 'false',
        DB_POOL_SIZE: '2',
        REQUEST_TIMEOUT_MS: '100',
        STATEMENT_TIMEOUT_MS: '5000',
      });
      const url = server.url;
      const heavy = `{ models(first: 50) { totalCount edges { node { slug name provider { name } scores { value } } } } }`;
      const statuses = new Map<number, number>();
      for (let wave = 0; wave < 4; wave++) {
        const answers = await Promise.all(
          Array.from({ length: 60 }, () => postGraphQL(url, heavy).then((result) => result.status, () => 0)),
        );
        for (const status of answers) statuses.set(status, (statuses.get(status) ?? 0) + 1);
      }
      const deadlinePassed = statuses.get(503) ?? 0;
      // Statements the 503s left behind finish (bounded by statement_timeout); then a normal read must answer.
      let recovered = false;
      let tries = 0;
      const light = '{ models(first: 1) { totalCount } }';
      // Up to 240 tries (60 s and more): on a busy machine a read can itself pass the 100 ms deadline.
      for (; tries < 240 && !recovered; tries++) {
        const result = await postGraphQL(url, light).catch(() => ({ status: 0, ok: false }));
        recovered = result.status === 200 && result.ok;
        if (!recovered) await pause(250);
      }
      recordFigures('wedge attempt with a pool of 2', [
        { name: 'requests in 4 bursts of 60 at a 100 ms deadline (answered 503)', value: `240 (${deadlinePassed})`, goal: 'info', met: true },
        { name: 'requests with no answer at all', value: statuses.get(0) ?? 0, goal: '0', met: (statuses.get(0) ?? 0) === 0 },
        { name: 'a normal read after the bursts answers 200 (tries of 250 ms)', value: recovered ? tries : 'never', goal: 'answers', met: recovered },
      ]);
      expect(deadlinePassed).toBeGreaterThan(0);
      expect(recovered).toBe(true);
      expect(server.exited()).toBe(false);
    } finally {
      await server?.stop();
    }
  });
});
