import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashPassword } from '../../server/auth/passwords.ts';
import { op, rowId } from '../helpers/editor.ts';
import { PrivateCluster } from './cluster.ts';
import { postGraphQL, recordFigures, runLoad, signIn, startServer, type Figure, type Sample, type ServerProcess } from './harness.ts';

// PostgreSQL restarts (fast and immediate) under steady read and write load: the app must ride
// through without a restart of its own, answer nothing slower than 5 s, lose no acknowledged write,
// and be whole again within 2 s of the database.
let cluster: PrivateCluster;
let server: ServerProcess;
let owner: postgres.Sql;
let editorCookie: string;
let benchmarkSlug: string;
const editorEmail = 'restart-editor@sourced.test';
const editorPassword = 'restart test editor password';

const modelPage = `query($slug: String!) { model(slug: $slug) { slug name contextWindow { value } scores { value } } }`;

beforeAll(async () => {
  cluster = await PrivateCluster.withDatabase('sourced');
  server = await startServer({
    DATABASE_URL: cluster.url('sourced'),
    RESPONSE_CACHE: 'false',
    DB_POOL_SIZE: '8',
    // Longer than the request deadline (1.5 s): what ends the pool test's waiting statements must be the deadline.
    STATEMENT_TIMEOUT_MS: '10000',
  });
  // The server migrated and loaded the demo catalog; the editor who writes goes in as the owner.
  owner = postgres(cluster.url('sourced'), { max: 1, onnotice: () => {} });
  await owner`insert into users (email, role, password_hash) values (${editorEmail}, 'EDITOR', ${await hashPassword(editorPassword)})`;
  const [benchmark] = await owner<{ slug: string }[]>`select slug from benchmarks where publication = 'PUBLISHED' order by slug limit 1`;
  benchmarkSlug = benchmark!.slug;
  editorCookie = await signIn(server.url, editorEmail, editorPassword);
});

afterAll(async () => {
  await server?.stop();
  await owner?.end();
  await cluster?.destroy();
});

interface Acknowledged {
  sourceUrls: string[];
  scoreIds: number[];
}


/**
 * One editor's write: a new source on even iterations, a score citing the client's last acknowledged
 * source on odd ones. Both are transactions (row, citation, audit event) that a restart can cut off.
 */
async function write(client: number, iteration: number, acknowledged: Acknowledged, lastSource: Map<number, string>) {
  const headers = { cookie: editorCookie };
  const source = lastSource.get(client);
  if (iteration % 2 === 0 || !source) {
    const url = `https://restart.test/c${client}/i${iteration}`;
    const result = await postGraphQL(
      server.url,
      op('CreateSource'),
      { input: { url, title: `Restart page ${client}/${iteration}`, publisher: 'Restart Co', kind: 'VENDOR_DOCS', retrievedAt: '2026-11-01' } },
      headers,
    );
    const payload = result.body.data?.createSource;
    const ok = result.ok && payload?.__typename === 'CreateSourceSuccess';
    if (ok) {
      acknowledged.sourceUrls.push(url);
      lastSource.set(client, payload.source.id);
    }
    return { ok, status: result.status };
  }
  const result = await postGraphQL(
    server.url,
    op('CreateScore'),
    {
      input: {
        model: 'o4-mini',
        benchmark: benchmarkSlug,
        value: (iteration % 100) + 0.5,
        setting: `restart writer ${client}, try ${iteration}`,
        citation: { sourceId: source, locator: `Table ${iteration}` },
        submitForReview: false,
      },
    },
    headers,
  );
  const payload = result.body.data?.createScore;
  const ok = result.ok && payload?.__typename === 'CreateScoreSuccess';
  if (ok) acknowledged.scoreIds.push(rowId(payload.score.id));
  return { ok, status: result.status };
}

describe('PostgreSQL restarts under load', () => {
  it('recovers by itself: answers again, no errors after recovery, no write lost (outage and slow requests reported against their goals)', async () => {
    const samples: Sample[] = [];
    const acknowledged: Acknowledged = { sourceUrls: [], scoreIds: [] };
    const lastSource = new Map<number, string>();
    const t0 = performance.now();
    const pid = server.child.pid;
    const restarts: { mode: string; began: number; backUp: number }[] = [];
    // The load runs 20 s, and on until 4 s past the app's first answer after the last restart: on a
    // busy machine an immediate restart (crash recovery) can itself take seconds, and so can the
    // app's reconnection, and the recovery must be observed. (Bounded: at most 120 s past the last
    // restart, and runLoad's request count.) The third restart keeps PostgreSQL down for 3 s, as a
    // busy machine or a failover would: many failed connection attempts pile up, and the app must
    // not back off for longer than the outage.
    let stopAt = 600_000;
    const faults = (async () => {
      const plan = [[3_000, 'fast', 0], [8_000, 'immediate', 0], [13_000, 'immediate', 3_000]] as const;
      for (const [at, mode, downMs] of plan) {
        await new Promise((resolve) => setTimeout(resolve, at - (performance.now() - t0)));
        const began = performance.now() - t0;
        await cluster.restart(mode, downMs);
        restarts.push({ mode: downMs ? `${mode} (down ${downMs / 1000} s)` : mode, began, backUp: performance.now() - t0 });
      }
      const lastBackUp = restarts.at(-1)!.backUp;
      const answeredAgain = () => samples.find((sample) => sample.ok && sample.started >= lastBackUp);
      for (let wait = 0; wait < 1_200 && !answeredAgain(); wait++) await new Promise((resolve) => setTimeout(resolve, 100));
      const firstOk = answeredAgain();
      stopAt = Math.max(20_000, (firstOk ? firstOk.started + firstOk.ms : lastBackUp) + 4_000);
    })();
    await Promise.all([
      runLoad({
        t0,
        stopAt: () => stopAt,
        concurrency: 4,
        kind: 'read',
        samples,
        send: async (client) => postGraphQL(server.url, modelPage, { slug: client % 2 ? 'o4-mini' : 'o3' }),
      }),
      runLoad({ t0, stopAt: () => stopAt, concurrency: 2, kind: 'write', samples, send: (client, iteration) => write(client, iteration, acknowledged, lastSource) }),
    ]);
    await faults;
    // Every write the server acknowledged is in the database, with its audit event.
    const keptSources = await owner<{ url: string }[]>`select url from sources where url = any(${acknowledged.sourceUrls})`;
    const keptScores = await owner<{ id: number }[]>`select id from scores where id = any(${acknowledged.scoreIds})`;
    const audited = await owner<{ n: number }[]>`select count(distinct (entity_type, entity_id))::int as n from audit_events
      where (entity_type = 'Source' and entity_id in (select id::text from sources where url = any(${acknowledged.sourceUrls})))
         or (entity_type = 'Score' and entity_id = any(${acknowledged.scoreIds.map(String)}))`;
    const acked = acknowledged.sourceUrls.length + acknowledged.scoreIds.length;
    const lost = acked - keptSources.length - keptScores.length;

    const figures: Figure[] = restarts.flatMap(({ mode, began, backUp }): Figure[] => {
      // Errors after recovery count for requests answered before the next restart begins: one still in
      // flight when PostgreSQL is stopped again may fail, and is the next restart's to count (seen on a
      // busy machine, where a request sent 4 ms before the next restart was recorded failed with it).
      const next = restarts.find((other) => other.began > backUp)?.began ?? Infinity;
      const firstOk = samples
        .filter((sample) => sample.ok && sample.started >= backUp)
        .reduce((min, sample) => Math.min(min, sample.started + sample.ms), Infinity);
      const outage = firstOk - backUp;
      // After recovery: 2 s after PostgreSQL is back, and after the app's first answer (on a busy
      // machine reconnecting can take longer than 2 s; that time is the outage figure's, not an error).
      const recoveredAt = Math.max(backUp + 2_000, firstOk);
      const afterRecovery = samples.filter((sample) => sample.started >= recoveredAt && sample.started + sample.ms < next);
      const errorsAfter = afterRecovery.filter((sample) => !sample.ok).length;
      return [
        { name: `${mode} restart: PostgreSQL itself down (ms)`, value: Math.round(backUp - began), goal: 'info', met: true },
        { name: `${mode} restart: answered again after PostgreSQL is back`, value: Number.isFinite(outage) ? 'yes' : 'no', goal: 'yes', met: Number.isFinite(outage) },
        { name: `${mode} restart: outage after PostgreSQL is back (ms)`, value: Math.round(outage), goal: '≤ 2000', met: outage <= 2_000, timing: true },
        { name: `${mode} restart: errors after recovery`, value: errorsAfter, goal: '0', met: errorsAfter === 0 },
      ];
    });
    const slow = samples.filter((sample) => sample.ms > 5_000).length;
    const failed = samples.filter((sample) => !sample.ok).length;
    const writes = samples.filter((sample) => sample.kind === 'write').length;
    figures.push(
      { name: 'requests over 5 s', value: slow, goal: '0', met: slow === 0, timing: true },
      { name: 'requests sent, of them writes (failed during outages)', value: `${samples.length}, ${writes} (${failed})`, goal: 'info', met: true },
      { name: 'writes acknowledged (lost)', value: `${acked} (${lost})`, goal: '0 lost', met: lost === 0 && acked > 0 },
      { name: 'acknowledged writes without their audit event', value: acked - audited[0]!.n, goal: '0', met: audited[0]!.n === acked },
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
    if (server.exited()) seen.push(`the server exited; its last output: ${server.output().slice(-1_500)}`);
    // Times are recorded against their goals (the report prints them), not asserted: a busy machine is
    // slower, not wrong. Everything else must hold.
    for (const figure of figures.filter((figure) => !figure.timing)) expect(figure.met, `${figure.name}: ${figure.value}; ${seen.join('; ')}`).toBe(true);
    expect(samples.length).toBeGreaterThan(100);
  });

  it('a pool held by slow queries answers 503 before they end (its time reported against 2 s) and recovers when they finish', async () => {
    // Slow queries hold every pooled connection: each app query waits on a lock for 4 s. Sources are
    // locked too, so the writes below wait inside their transactions, past their deadline.
    // Two connections: one holds the locks, the other looks on.
    // The locks are held until every read and write has been answered and the waiting statements
    // counted (at most 120 s), not for a fixed time: on a busy machine the requests can take longer
    // to reach their deadline than a fixed hold, and would then be answered 200 after it.
    const owner = postgres(cluster.url('sourced'), { max: 2, onnotice: () => {} });
    let release = () => {};
    const released = new Promise<void>((resolve) => {
      release = resolve;
      setTimeout(resolve, 120_000).unref();
    });
    const held = owner.begin(async (tx) => {
      await tx.unsafe('lock table models, sources in access exclusive mode');
      await released;
    });
    await new Promise((resolve) => setTimeout(resolve, 200));
    const started = performance.now();
    const reads = Promise.all(Array.from({ length: 12 }, () => postGraphQL(server.url, modelPage, { slug: 'o4-mini' })));
    // Writes sent once the reads hold the pool: they get a connection when the reads are cancelled at
    // their deadline, then wait on the sources lock inside their transactions, past their own.
    await new Promise((resolve) => setTimeout(resolve, 100));
    const heldUrls = Array.from({ length: 4 }, (_, i) => `https://restart.test/held/${i}`);
    const writes = await Promise.all(
      heldUrls.map((url) =>
        postGraphQL(
          server.url,
          op('CreateSource'),
          { input: { url, title: 'Sent while the pool is held', publisher: 'Restart Co', kind: 'VENDOR_DOCS', retrievedAt: '2026-11-01' } },
          { cookie: editorCookie },
        ),
      ),
    );
    const during = await reads;
    const timeTo503 = performance.now() - started;
    // Answered 503, the reads' statements are cancelled: none still waits on the lock or for a
    // connection. (The writes' transactions still wait, by design: they roll back when the lock ends.
    // Their statements are the duplicate-page check on sources and the insert, both left out here.)
    await new Promise((resolve) => setTimeout(resolve, 300));
    const [lockWaits] = await owner<{ waiting: number }[]>`select count(*)::int as waiting from pg_stat_activity
      where datname = 'sourced' and application_name = 'sourced' and wait_event_type = 'Lock'
        and query not ilike 'insert into%' and query not ilike '%source_url_key(%'`;
    const waiting = lockWaits!.waiting;
    release();
    await held;
    const recoveredAt = performance.now();
    let recovered = false;
    for (let tries = 0; tries < 300 && !recovered; tries++) {
      recovered = (await postGraphQL(server.url, modelPage, { slug: 'o4-mini' })).ok;
      if (!recovered) await new Promise((resolve) => setTimeout(resolve, 100));
    }
    const recovery = performance.now() - recoveredAt;
    // The queued writes ran after the lock ended: those answered 503 must have rolled back.
    await new Promise((resolve) => setTimeout(resolve, 500));
    const refusedUrls = heldUrls.filter((_, i) => writes[i]!.status === 503);
    const committedAfter503 = await owner<{ url: string }[]>`select url from sources where url = any(${refusedUrls})`;
    await owner.end();
    const all503 = during.every((result) => result.status === 503);
    recordFigures('pool exhaustion', [
      { name: 'reads with the pool held answered 503', value: all503 ? 'all' : 'not all', goal: 'all', met: all503 },
      { name: 'time to 503 with the pool held (ms)', value: Math.round(timeTo503), goal: '≤ 2000', met: timeTo503 <= 2_000, timing: true },
      { name: 'answers again after the slow queries end', value: recovered ? 'yes' : 'no', goal: 'yes', met: recovered },
      { name: 'recovery after the slow queries end (ms)', value: Math.round(recovery), goal: '≤ 2000', met: recovery <= 2_000, timing: true },
      { name: 'reads still waiting after they were answered 503', value: waiting, goal: '0', met: waiting === 0 },
      {
        name: 'writes queued past their deadline: answered 503 (committed later)',
        value: `${refusedUrls.length} (${committedAfter503.length})`,
        goal: '0 committed',
        met: committedAfter503.length === 0,
      },
    ]);
    expect(all503).toBe(true);
    expect(waiting, 'reads still waiting on the lock after they were answered').toBe(0);
    expect(refusedUrls.length, 'writes queued behind the held pool').toBeGreaterThan(0);
    expect(committedAfter503.map((row) => row.url)).toEqual([]);
    expect(recovered).toBe(true);
  });

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
      // Bounded by count, with room for a busy machine's reconnection (≥ 60 s).
      for (let tries = 0; after === before && tries < 600; tries++) {
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
  });
});
