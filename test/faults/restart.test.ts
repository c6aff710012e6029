import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PrivateCluster } from './cluster.ts';
import { postGraphQL, recordFigures, runLoad, startServer, type Figure, type Sample, type ServerProcess } from './harness.ts';

// PostgreSQL restarts (fast and immediate) under steady load: the app must ride through without a
// restart of its own, answer nothing slower than 5 s, and be whole again within 2 s of the database.
let cluster: PrivateCluster;
let server: ServerProcess;

const modelPage = `query($slug: String!) { model(slug: $slug) { slug name contextWindow { value } scores { value } } }`;

beforeAll(async () => {
  cluster = await PrivateCluster.withDatabase('sourced');
  server = await startServer({
    DATABASE_URL: cluster.url('sourced'),
    RESPONSE_CACHE: 'false',
    DB_POOL_SIZE: '8',
  });
}, 180_000);

afterAll(async () => {
  await server?.stop();
  await cluster?.destroy();
});

describe('PostgreSQL restarts under load', () => {
  it('recovers by itself: outage ≤ 2 s, no request over 5 s, no errors after recovery', async () => {
    const samples: Sample[] = [];
    const t0 = performance.now();
    const pid = server.child.pid;
    const restarts: { mode: string; began: number; backUp: number }[] = [];
    // The load runs 20 s, and on until 4 s past the last restart (at most 60 s): on a busy machine an
    // immediate restart (crash recovery) can itself take seconds, and the recovery must be observed.
    // The third restart keeps PostgreSQL down for 3 s, as a busy machine or a failover would: many
    // failed connection attempts pile up, and the app must not back off for longer than the outage.
    let stopAt = 60_000;
    const faults = (async () => {
      const plan = [[3_000, 'fast', 0], [8_000, 'immediate', 0], [13_000, 'immediate', 3_000]] as const;
      for (const [at, mode, downMs] of plan) {
        await new Promise((resolve) => setTimeout(resolve, at - (performance.now() - t0)));
        const began = performance.now() - t0;
        await cluster.restart(mode, downMs);
        restarts.push({ mode: downMs ? `${mode} (down ${downMs / 1000} s)` : mode, began, backUp: performance.now() - t0 });
      }
      stopAt = Math.max(20_000, restarts.at(-1)!.backUp + 4_000);
    })();
    await runLoad({
      t0,
      stopAt: () => stopAt,
      concurrency: 6,
      kind: 'read',
      samples,
      send: async (client) => postGraphQL(server.url, modelPage, { slug: client % 2 ? 'o4-mini' : 'o3' }),
    });
    await faults;

    const figures: Figure[] = restarts.flatMap(({ mode, began, backUp }): Figure[] => {
      // Errors after recovery count for requests answered before the next restart begins: one still in
      // flight when PostgreSQL is stopped again may fail, and is the next restart's to count (seen on a
      // busy machine, where a request sent 4 ms before the next restart was recorded failed with it).
      const next = restarts.find((other) => other.began > backUp)?.began ?? Infinity;
      const firstOk = samples
        .filter((sample) => sample.ok && sample.started >= backUp)
        .reduce((min, sample) => Math.min(min, sample.started + sample.ms), Infinity);
      const outage = firstOk - backUp;
      const afterRecovery = samples.filter((sample) => sample.started >= backUp + 2_000 && sample.started + sample.ms < next);
      const errorsAfter = afterRecovery.filter((sample) => !sample.ok).length;
      return [
        { name: `${mode} restart: PostgreSQL itself down (ms)`, value: Math.round(backUp - began), goal: 'info', met: true },
        { name: `${mode} restart: outage after PostgreSQL is back (ms)`, value: Math.round(outage), goal: '≤ 2000', met: outage <= 2_000 },
        { name: `${mode} restart: errors after recovery`, value: errorsAfter, goal: '0', met: errorsAfter === 0 },
      ];
    });
    const slow = samples.filter((sample) => sample.ms > 5_000).length;
    const failed = samples.filter((sample) => !sample.ok).length;
    figures.push(
      { name: 'requests over 5 s', value: slow, goal: '0', met: slow === 0 },
      { name: 'requests sent (failed during outages)', value: `${samples.length} (${failed})`, goal: 'info', met: true },
      { name: 'app restarts', value: server.exited() || server.child.pid !== pid ? 1 : 0, goal: '0', met: !server.exited() },
    );
    recordFigures('PostgreSQL restart', figures);
    // What the clients saw after each restart, for the message when a figure is missed.
    const seen = restarts.map(({ mode, backUp }) => {
      const statuses = new Map<string, number>();
      for (const sample of samples.filter((s) => s.started >= backUp)) {
        const key = `${sample.status}${sample.ok ? '' : ' failed'}`;
        statuses.set(key, (statuses.get(key) ?? 0) + 1);
      }
      return `${mode} back at ${Math.round(backUp)} ms: ${JSON.stringify(Object.fromEntries(statuses))}`;
    });
    for (const figure of figures) expect(figure.met, `${figure.name}: ${figure.value}; ${seen.join('; ')}`).toBe(true);
    expect(samples.length).toBeGreaterThan(100);
  }, 150_000);

  it('a pool held by slow queries answers 503 within 2 s and recovers when they finish', async () => {
    // Slow queries hold every pooled connection: each app query waits on a lock for 4 s.
    const owner = postgres(cluster.url('sourced'), { max: 1, onnotice: () => {} });
    const held = owner.begin(async (tx) => {
      await tx.unsafe('lock table models in access exclusive mode');
      await tx.unsafe('select pg_sleep(4)');
    });
    await new Promise((resolve) => setTimeout(resolve, 200));
    const started = performance.now();
    const during = await Promise.all(Array.from({ length: 12 }, () => postGraphQL(server.url, modelPage, { slug: 'o4-mini' })));
    const timeTo503 = performance.now() - started;
    await held;
    await owner.end();
    const recoveredAt = performance.now();
    let recovered = false;
    while (!recovered && performance.now() - recoveredAt < 5_000) recovered = (await postGraphQL(server.url, modelPage, { slug: 'o4-mini' })).ok;
    const recovery = performance.now() - recoveredAt;
    const all503 = during.every((result) => result.status === 503);
    recordFigures('pool exhaustion', [
      { name: 'time to 503 with the pool held (ms)', value: Math.round(timeTo503), goal: '≤ 2000', met: timeTo503 <= 2_000 && all503 },
      { name: 'recovery after the slow queries end (ms)', value: Math.round(recovery), goal: '≤ 2000', met: recovered && recovery <= 2_000 },
    ]);
    expect(all503).toBe(true);
    expect(timeTo503).toBeLessThan(2_500);
    expect(recovered).toBe(true);
  }, 60_000);

  it('a cache whose change listener was cut off re-reads the catalog version when it reconnects', async () => {
    // Writes committed while the listening connection is down are never announced to it: without a
    // re-read on reconnect, the cached page would stay stale until its TTL.
    const cached = await startServer({ DATABASE_URL: cluster.url('sourced'), RESPONSE_CACHE: 'true', DB_POOL_SIZE: '4' });
    // One connection, opened before new connections are refused below.
    const owner = postgres(cluster.url('sourced'), { max: 1, onnotice: () => {} });
    const admin = postgres(cluster.url('postgres'), { max: 1, onnotice: () => {} });
    try {
      const read = async () => (await postGraphQL(cached.url, modelPage, { slug: 'o3' })).body.data.model.name as string;
      const before = await read();
      expect(await read()).toBe(before);
      const listeners = await owner`select pid from pg_stat_activity
        where datname = 'sourced' and application_name = 'sourced' and query ilike 'listen %'`;
      expect(listeners.length).toBeGreaterThan(0);
      // While new connections are refused, the listener is cut off and a change commits; the app's
      // open pooled connections keep serving (cached) reads.
      await admin`alter database sourced allow_connections false`;
      try {
        for (const { pid } of listeners) await owner`select pg_terminate_backend(${pid}, 2000)`;
        await owner`update models set name = name || ' (renamed)' where slug = 'o3'`;
        await new Promise((resolve) => setTimeout(resolve, 300));
        expect(await read(), 'the cached page while the listener is away').toBe(before);
      } finally {
        await admin`alter database sourced allow_connections true`;
      }
      let after = before;
      for (const started = performance.now(); after === before && performance.now() - started < 5_000; ) {
        await new Promise((resolve) => setTimeout(resolve, 100));
        after = await read();
      }
      expect(after).toBe(`${before} (renamed)`);
    } finally {
      await owner`update models set name = replace(name, ' (renamed)', '') where slug = 'o3'`;
      await owner.end();
      await admin.end();
      await cached.stop();
    }
  }, 60_000);
});
