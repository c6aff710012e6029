import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import pino from 'pino';
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDatabase, type DatabaseHandle } from '../../db/client.ts';
import { migrateDatabase } from '../../db/migrate.ts';
import { ensureAppRole, grantAppRole } from '../../db/roles.ts';
import { createApp } from '../../server/http/app.ts';
import { CatalogMeta } from '../../server/http/catalogMeta.ts';
import { createResponseCache } from '../../server/http/responseCache.ts';
import { contractOperations } from '../helpers/contract.ts';
import type { TestDatabase } from '../helpers/database.ts';
import { globalId, insertUser, op, password } from '../helpers/editor.ts';
import { CatalogFixture } from '../helpers/fixtures.ts';
import { PrivateCluster } from './cluster.ts';
import { recordFigures } from './harness.ts';
import { until } from '../helpers/until.ts';

// A withdrawal racing readers. Reviewers withdraw verified scores (several at once) while anonymous
// readers ask for the model page through both levels of the response cache. Once a withdrawal's
// response has arrived, no read sent after it may show the withdrawn number. Before the catalog
// version was taken at commit, a page computed while one withdrawal was in flight was stored under a
// number the withdrawal had already taken, and stayed public for the cache's TTL.
const rounds = 12;
const scoresPerRound = 3;
const readers = 8;
const modelPage = contractOperations('public.graphql').get('ModelPage')!;

let cluster: PrivateCluster;
let owner: DatabaseHandle;
let handle: DatabaseHandle;
let appRole: string;
let meta: CatalogMeta;
let cache: Awaited<ReturnType<typeof createResponseCache>>;
let server: Server;
let url: string;
let reviewerCookie: string;
/** Per round: the model's slug and its scores (global id, value). */
const roundData: { slug: string; scores: { id: string; value: number }[] }[] = [];

beforeAll(async () => {
  cluster = await PrivateCluster.withDatabase('sourced');
  owner = await createDatabase({ url: cluster.url('sourced'), maxConnections: 2 });
  await migrateDatabase(owner);
  const fixture = new CatalogFixture(owner as TestDatabase);
  const provider = await fixture.provider('race-co');
  const source = await fixture.source('https://race.test/paper');
  const benchmarks = [];
  for (let j = 0; j < scoresPerRound; j++) benchmarks.push(await fixture.benchmark(`race-bench-${j}`));
  for (let round = 0; round < rounds; round++) {
    const slug = `race-model-${round}`;
    const model = await fixture.model(slug, provider);
    for (let j = 0; j < scoresPerRound; j++) await fixture.score(model, benchmarks[j]!, 10 + round * scoresPerRound + j + 0.5, source);
    const rows = await owner.raw.query<{ id: number; value: number }>(`select id, value from scores where model_id = $1 order by value`, [model]);
    roundData.push({ slug, scores: rows.map((row) => ({ id: globalId('Score', row.id), value: Number(row.value) })) });
  }
  await insertUser(owner as TestDatabase, 'race-reviewer@sourced.test', 'REVIEWER');
  // The server connects as the application role, as in production: the commit-time trigger must work for it.
  const app = await ensureAppRole(owner, cluster.url('sourced'));
  appRole = app.role;
  await grantAppRole(owner, app.role);
  handle = await createDatabase({ url: app.url, maxConnections: 10 });
  meta = new CatalogMeta(handle);
  await meta.start();
  const logger = pino({ level: 'silent' });
  cache = await createResponseCache({ handle, logger });
  ({ server } = createApp({ handle, meta, logger, config: { CORS_ORIGINS: [], REQUEST_TIMEOUT_MS: 10_000 }, plugins: cache.plugins, responseBytes: cache.bytes }));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`;
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query: op('Login'), variables: { email: 'race-reviewer@sourced.test', password } }),
  });
  reviewerCookie = response.headers.get('set-cookie')!.split(';')[0]!;
});

afterAll(async () => {
  server?.closeAllConnections();
  await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  await cache?.cache.stop();
  await meta?.stop();
  await handle?.close();
  await owner?.close();
  await cluster?.destroy();
});

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function post(query: string, variables: Record<string, unknown>, headers: Record<string, string> = {}) {
  const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify({ query, variables }) });
  return (await response.json()) as { data?: any; errors?: unknown[] };
}

describe('withdrawal racing readers', () => {
  it('after a withdrawal is answered, no reader is served the withdrawn number', async () => {
    let reads = 0;
    let readsAfterAnswers = 0;
    const violations: string[] = [];
    let roundsWithViolation = 0;
    for (const [round, { slug, scores }] of roundData.entries()) {
      /** When each score's withdrawal was answered (performance.now()); Infinity until then. */
      const answeredAt = new Map(scores.map((score) => [score.value, Infinity]));
      let stop = false;
      let after = 0;
      const before = violations.length;
      const reader = async () => {
        // Bounded by count: readers stop 20 reads after every withdrawal was answered (or at 400 reads).
        for (let n = 0; n < 400 && !stop; n++) {
          const sentAt = performance.now();
          const body = await post(modelPage, { slug });
          reads++;
          const shown = new Set<number>((body.data?.model?.scores ?? []).map((score: { value: number }) => Number(score.value)));
          let afterAll = true;
          let afterOne = false;
          for (const [value, at] of answeredAt) {
            if (sentAt > at) {
              afterOne = true;
              if (shown.has(value)) violations.push(`round ${round}: ${value} served to a read sent ${Math.round(sentAt - at)} ms after its withdrawal was answered`);
            } else afterAll = false;
          }
          if (afterOne) readsAfterAnswers++;
          if (afterAll && ++after >= 20 * readers) stop = true;
        }
      };
      const running = Array.from({ length: readers }, reader);
      await pause(10 + (round % 4) * 7);
      // The scores of the round withdrawn at once, by separate requests.
      const withdrawals = await Promise.all(
        scores.map(async (score) => {
          const body = await post(
            `mutation($id: ID!, $reason: String!) { retireScore(id: $id, reason: $reason) { __typename ... on Error { message } } }`,
            { id: score.id, reason: 'Withdrawn by the publisher.' },
            { cookie: reviewerCookie },
          );
          answeredAt.set(score.value, performance.now());
          return body.data?.retireScore?.__typename ?? JSON.stringify(body);
        }),
      );
      expect(withdrawals).toEqual(Array(scoresPerRound).fill('RetireScoreSuccess'));
      await Promise.all(running);
      if (violations.length > before) roundsWithViolation++;
    }
    // The application role reads the version but cannot set it (only the commit-time trigger does).
    const asApp = postgres(cluster.url('sourced', appRole), { max: 1, onnotice: () => {} });
    const setVersion = await asApp`update catalog_version set version = 0`.then(() => 'allowed', (error: { code?: string }) => error.code);
    const version = await asApp<{ version: string }[]>`select version from catalog_version`.then(([row]) => Number(row!.version), () => NaN);
    await asApp.end();
    recordFigures('withdrawal racing readers', [
      { name: `rounds of ${scoresPerRound} concurrent withdrawals racing ${readers} readers (with a stale read)`, value: `${rounds} (${roundsWithViolation})`, goal: '0 stale', met: roundsWithViolation === 0 },
      { name: 'reads sent after a withdrawal was answered (showing a withdrawn number)', value: `${readsAfterAnswers} (${violations.length})`, goal: '0 showing one', met: violations.length === 0 },
      { name: 'reads in all', value: reads, goal: 'info', met: true },
      { name: 'application role may set the catalog version', value: setVersion === '42501' ? 'refused' : String(setVersion), goal: 'refused', met: setVersion === '42501' },
    ]);
    expect(violations).toEqual([]);
    expect(readsAfterAnswers).toBeGreaterThan(rounds * readers);
    expect(setVersion).toBe('42501');
    expect(version).toBeGreaterThan(rounds);
  });
});

describe('a withdrawal committed while pages were computed', () => {
  it('moves the cache past every page computed before it committed', async () => {
    const catalog = new CatalogFixture(owner as TestDatabase);
    const model = await catalog.model('withdrawn-model', await catalog.provider('withdrawn-co'));
    await catalog.score(model, await catalog.benchmark('withdrawn-bench'), 77, await catalog.source('https://withdrawn.test/paper'));
    const values = async () => ((await post(modelPage, { slug: 'withdrawn-model' })).data?.model?.scores ?? []).map((score: { value: number }) => Number(score.value));
    expect(await values()).toEqual([77]);

    // The withdrawal runs in a transaction that has not committed yet.
    const holder = postgres(cluster.url('sourced'), { max: 1, onnotice: () => {} });
    const withdrawal = await holder.reserve();
    try {
      await withdrawal`begin`;
      await withdrawal`update scores set status = 'RETIRED' where model_id = ${model}`;
      // Meanwhile another transaction commits and this process re-reads the version (any mutation
      // does: here a failed sign-in), then an anonymous reader computes and caches the page.
      await post(op('Login'), { email: 'nobody@sourced.test', password: 'not a password' });
      await owner.raw.query(`update providers set name = name where slug = 'withdrawn-co'`);
      await post(op('Login'), { email: 'nobody@sourced.test', password: 'not a password' });
      expect(await values()).toEqual([77]);
      await withdrawal`commit`;
    } finally {
      withdrawal.release();
      await holder.end();
    }
    // Its commit reaches the cache by NOTIFY: the cached page must stop being served.
    const after = await until(values, (current) => current.length === 0);
    expect(after).toEqual([]);
  });
});
