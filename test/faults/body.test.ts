import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exchange, head, statusOf } from '../helpers/rawHttp.ts';
import { PrivateCluster } from './cluster.ts';
import { postGraphQL, recordFigures, runLoad, startServer, type Figure, type Sample, type ServerProcess } from './harness.ts';

// The real server process (npm start's entry point) on PostgreSQL, with the response cache on (the path
// that read anonymous bodies for its key), under a burst of request bodies cut off mid-way: each
// client declares 100 bytes, sends 16 and hangs up. Before the fix the first one stopped the process
// (an unhandled `Error: aborted`). Beside the burst, readers go on reading and some clients stall
// mid-body. Bounded by counts, not by time.
let cluster: PrivateCluster;
let server: ServerProcess;

const truncatedBodies = 200;
const burstConcurrency = 20;
const stalledBodies = 10;
const bodyTimeoutMs = 2_000;
const readQuery = '{ models(first: 5) { totalCount edges { node { slug } } } }';

beforeAll(async () => {
  cluster = await PrivateCluster.withDatabase('sourced');
  server = await startServer({
    DATABASE_URL: cluster.url('sourced'),
    SEED_DEMO: 'false',
    RESPONSE_CACHE: 'true',
    BODY_TIMEOUT_MS: String(bodyTimeoutMs),
    // Room for a busy machine: the readers beside the burst must all be answered, and what this
    // test is about is bodies, not the request deadline.
    REQUEST_TIMEOUT_MS: '30000',
  });
});

afterAll(async () => {
  await server?.stop('SIGKILL');
  await cluster?.destroy();
});

describe('a burst of truncated request bodies', () => {
  it('leaves the process up and answering, drops only the cut-off connections, and answers stalled bodies 408', async () => {
    const t0 = performance.now();
    let burstDone = false;
    const readers: Sample[] = [];
    // Readers beside the burst: anonymous (cached) and uncached (a distinct query each time).
    const reading = runLoad({
      t0,
      stopAt: () => (burstDone ? 0 : Number.POSITIVE_INFINITY),
      concurrency: 4,
      kind: 'read',
      samples: readers,
      maxRequests: 5_000,
      send: async (client, iteration) => {
        const query = client % 2 ? readQuery : `{ models(first: ${(iteration % 20) + 1}) { totalCount } }`;
        const result = await postGraphQL(server.url, query);
        return { ok: result.ok, status: result.status };
      },
    });

    // The burst: `truncatedBodies` clients, `burstConcurrency` at a time; every other one carries a cookie
    // (the signed-in path through the server).
    let sent = 0;
    await Promise.all(
      Array.from({ length: burstConcurrency }, async () => {
        while (sent < truncatedBodies) {
          const i = sent++;
          await exchange(server.url, head(100, i % 2 ? 'Cookie: sourced_session=x\r\n' : ''), ['{"query":"{ mode'], { gapMs: 5, hangUp: true });
        }
      }),
    );
    // Clients that stop sending mid-body, kept open: each must get a 408 and have its connection closed.
    const stalledStarted = performance.now();
    const stalled = await Promise.all(Array.from({ length: stalledBodies }, () => exchange(server.url, head(100), ['{"query":"{ mode'])));
    const stalledMs = performance.now() - stalledStarted;
    burstDone = true;
    await reading;

    const aliveAfter = !server.exited();
    const health = await fetch(`${server.url}/health`).then((response) => response.status, () => 0);
    const after = await postGraphQL(server.url, readQuery).catch(() => ({ ok: false, status: 0, body: {} as { data?: unknown } }));
    const answeredAfter = after.ok && after.status === 200;
    const answered408 = stalled.filter((answer) => statusOf(answer.text) === 408 && answer.closed).length;
    const readsOk = readers.filter((sample) => sample.ok).length;
    const stray = (server.output().match(/unhandled promise rejection|uncaught exception|Error: aborted/g) ?? []).length;

    const figures: Figure[] = [
      { name: 'truncated bodies sent (100 declared, 16 sent, hang-up)', value: sent >= truncatedBodies ? truncatedBodies : sent, goal: `${truncatedBodies}`, met: sent >= truncatedBodies },
      { name: 'server process still running after the burst', value: aliveAfter ? 'yes' : 'no (exited)', goal: 'yes', met: aliveAfter },
      { name: 'health and a read answered after the burst', value: `${health}/${answeredAfter ? 200 : after.status}`, goal: '200/200', met: health === 200 && answeredAfter },
      { name: 'reads beside the burst answered', value: `${readsOk}/${readers.length}`, goal: 'all', met: readers.length > 0 && readsOk === readers.length },
      { name: 'stalled bodies answered 408 and closed', value: `${answered408}/${stalledBodies}`, goal: 'all', met: answered408 === stalledBodies },
      { name: 'unhandled rejections or uncaught exceptions logged', value: stray, goal: '0', met: stray === 0 },
      { name: `stalled bodies answered within (ms; BODY_TIMEOUT_MS ${bodyTimeoutMs})`, value: Math.round(stalledMs), goal: 'info', met: true, timing: true },
    ];
    recordFigures('truncated request bodies', figures);
    console.log(
      `truncated bodies: ${sent} sent, process ${aliveAfter ? 'up' : 'EXITED'}, ${readsOk}/${readers.length} reads ok, ${answered408}/${stalledBodies} stalled answered 408 in ${Math.round(stalledMs)} ms`,
    );
    for (const figure of figures) expect(figure.met, `${figure.name}: ${figure.value}\n${server.output().slice(-2_000)}`).toBe(true);
  });
});
