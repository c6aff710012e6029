import { sql } from 'drizzle-orm';
import postgres from 'postgres';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createDatabase, type DatabaseHandle } from '../../db/client.ts';
import { PrivateCluster } from './cluster.ts';
import { recordFigures } from './harness.ts';

// The PostgreSQL driver when a transaction's connection dies under it. postgres.js 3.4.9 wrote the
// transaction's own `rollback` to the socket it had already dropped, and threw from a timer: the
// process crashed (porsager/postgres#1208). patches/postgres+3.4.9.patch makes those queries fail
// with CONNECTION_CLOSED instead; these tests fail without it.
let cluster: PrivateCluster;
let database: DatabaseHandle;
let killer: postgres.Sql;
const uncaught: unknown[] = [];
const onUncaught = (error: unknown) => uncaught.push(error);

beforeAll(async () => {
  cluster = await PrivateCluster.withDatabase('sourced');
  database = await createDatabase({ url: cluster.url('sourced'), maxConnections: 4 });
  killer = postgres(cluster.url('sourced'), { max: 1, onnotice: () => {} });
  process.on('uncaughtException', onUncaught);
});

afterAll(async () => {
  process.off('uncaughtException', onUncaught);
  await killer?.end();
  await database?.close();
  await cluster?.destroy();
});

afterEach(() => {
  expect(uncaught, 'exceptions thrown outside any caller').toEqual([]);
});

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A transaction that learns its backend's pid, has it terminated, then sends `statement`. */
async function transactionCutOff(statement: string): Promise<unknown> {
  return database.db.transaction(async (tx) => {
    const [backend] = (await tx.execute(sql`select pg_backend_pid() as pid`)) as unknown as { pid: number }[];
    await killer`select pg_terminate_backend(${backend!.pid}, 2000)`;
    await pause(100);
    await tx.execute(sql.raw(statement));
  }).then(() => 'committed', (error: Error) => error);
}

async function poolAnswers(): Promise<number> {
  const rows = (await database.db.execute(sql`select 1 + 1 as two`)) as unknown as { two: number }[];
  return rows[0]!.two;
}

describe('a transaction whose connection is terminated', () => {
  it('fails with a connection error, and the pool serves the next query', async () => {
    const outcome = await transactionCutOff('select 1');
    expect(outcome).toBeInstanceOf(Error);
    expect((outcome as { code?: string }).code).toBe('CONNECTION_CLOSED');
    await pause(200); // the driver's deferred write would have thrown by now
    expect(await poolAnswers()).toBe(2);
  });

  it('fails the same way when its next statement is over 1 KB (written at once, not deferred)', async () => {
    const outcome = await transactionCutOff(`select '${'x'.repeat(4_000)}' as long`);
    expect((outcome as { code?: string }).code).toBe('CONNECTION_CLOSED');
    await pause(200);
    expect(await poolAnswers()).toBe(2);
  });
});

describe('transactions in flight when PostgreSQL stops at once', () => {
  it('all settle, none throws outside its caller, and the pool reconnects', async () => {
    const inFlight = Array.from({ length: 12 }, (_, i) =>
      database.db
        .transaction(async (tx) => {
          for (let step = 0; step < 50; step++) {
            await tx.execute(sql`select pg_sleep(0.01), ${i} as client`);
          }
        })
        .then(() => 'committed', () => 'failed'),
    );
    await pause(150);
    await cluster.restart('immediate');
    const outcomes = await Promise.all(inFlight);
    expect(outcomes.filter((outcome) => outcome === 'failed').length).toBeGreaterThan(0);
    const failed = outcomes.filter((outcome) => outcome === 'failed').length;
    const backAt = performance.now();
    let answered = 0;
    // Bounded by count, generously (a busy machine is slower, not wrong); the time it took is reported below.
    for (let tries = 0; tries < 600 && !answered; tries++) {
      answered = await poolAnswers().catch(() => 0);
      if (!answered) await pause(100);
    }
    const backMs = performance.now() - backAt;
    recordFigures('driver: transactions cut off', [
      { name: 'transactions in flight at an immediate stop (failed)', value: `${outcomes.length} (${failed})`, goal: 'info', met: true },
      { name: 'exceptions outside their caller', value: uncaught.length, goal: '0', met: uncaught.length === 0 },
      { name: 'pool answers again after PostgreSQL is back', value: answered === 2 ? 'yes' : 'no', goal: 'yes', met: answered === 2 },
      { name: 'pool answers again after PostgreSQL is back (ms)', value: Math.round(backMs), goal: '≤ 2000', met: backMs <= 2_000, timing: true },
    ]);
    expect(answered).toBe(2);
  });
});
