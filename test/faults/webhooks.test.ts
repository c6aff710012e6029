import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PrivateCluster } from './cluster.ts';
import { postGraphQL, recordFigures, signIn, startServer, type Figure, type ServerProcess } from './harness.ts';

// `kill -9` of the server while a webhook delivery is in flight (sent, not yet acknowledged), on
// PostgreSQL: after a restart the delivery is sent again (its lease ran out), nothing is lost, the
// order holds, and deliveries whose 2xx was recorded before the kill are never sent again.

let cluster: PrivateCluster;
let server: ServerProcess;
let owner: postgres.Sql;
let env: Record<string, string>;
let receiver: Server;
let modelId: number;
const received: { id: string; changeId: number; at: number }[] = [];
/** Answers the n-th request (1-based): 'hang' holds it open (the server is killed meanwhile). */
let answer: (n: number) => number | 'hang' = () => 200;
let onHang: (() => void) | null = null;
const held: ServerResponse[] = [];

const changes = 6;
const hangOn = 3;

beforeAll(async () => {
  receiver = createServer((request: IncomingMessage, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
      received.push({ id: String(request.headers['webhook-id']), changeId: Number(Buffer.from(body.data.id, 'base64').toString().split(':')[1]), at: Date.now() });
      const status = answer(received.length);
      if (status === 'hang') {
        held.push(response);
        onHang?.();
        return;
      }
      response.writeHead(status).end();
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  const port = (receiver.address() as AddressInfo).port;
  cluster = await PrivateCluster.withDatabase('sourced');
  env = {
    DATABASE_URL: cluster.url('sourced'),
    SEED_DEMO: 'false',
    RESPONSE_CACHE: 'false',
    ADMIN_EMAIL: 'hooks-admin@sourced.test',
    ADMIN_PASSWORD: 'webhook kill test admin password',
    SOURCE_FETCH_ALLOW_HOSTS: `127.0.0.1:${port}`,
  };
  server = await startServer(env);
  owner = postgres(cluster.url('sourced'), { max: 2, onnotice: () => {} });
  const [provider] = await owner`insert into providers (slug, name, api_base_url, api_key_env, publication)
    values ('hookco', 'HookCo', 'https://api.hookco.test/v1', 'HOOKCO_API_KEY', 'PUBLISHED') returning id`;
  const [model] = await owner`insert into models (slug, name, provider_id, publication, open_weights, api_model_id)
    values ('hook-model', 'Hook model', ${provider!.id}, 'PUBLISHED', false, 'hook-model') returning id`;
  modelId = Number(model!.id);
  const cookie = await signIn(server.url, env.ADMIN_EMAIL!, env.ADMIN_PASSWORD!);
  const created = await postGraphQL(
    server.url,
    `mutation ($input: CreateWebhookInput!) { createWebhook(input: $input) { __typename ... on Error { message } } }`,
    { input: { url: `http://127.0.0.1:${port}/hook`, kinds: ['MODEL_PUBLISHED'] } },
    { cookie },
  );
  expect(created.body.data?.createWebhook.__typename).toBe('CreateWebhookSuccess');
}, 300_000);

afterAll(async () => {
  await server?.stop('SIGKILL');
  await owner?.end();
  await cluster?.destroy();
  for (const response of held) response.destroy();
  receiver?.closeAllConnections();
  await new Promise((resolve) => receiver?.close(resolve));
});

async function waitFor<T>(read: () => Promise<T>, done: (value: T) => boolean, ms: number): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await read();
    if (done(value) || Date.now() > deadline) return value;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

const statuses = () => owner<{ change_id: string; status: string; attempts: number }[]>`
  select change_id, status, attempts from webhook_deliveries order by change_id`;

describe('webhook deliveries across kill -9', () => {
  it('a delivery in flight when the server dies is sent again after restart; none lost, none acknowledged sent twice', async () => {
    // The receiver acknowledges the first deliveries, then holds one open: the server is killed while
    // it waits for that answer.
    const hung = new Promise<void>((resolve) => (onHang = resolve));
    answer = (n) => (n === hangOn ? 'hang' : 200);
    for (let i = 0; i < changes; i++) await owner`insert into catalog_changes (kind, model_id) values ('MODEL_PUBLISHED', ${modelId})`;
    await hung;
    const before = await statuses();
    const acknowledged = before.filter((row) => row.status === 'DELIVERED').map((row) => Number(row.change_id));
    server.child.kill('SIGKILL');
    await server.stop('SIGKILL');
    const killedAt = Date.now();
    answer = () => 200;
    server = await startServer(env);
    const restartedAt = Date.now();
    // The lease (the send's 10 s deadline + 20 s) runs out, and the delivery is claimed again.
    const after = await waitFor(statuses, (rows) => rows.length === changes && rows.every((row) => row.status === 'DELIVERED'), 120_000);
    const redelivered = received[hangOn];
    const byChange = new Map<number, number>();
    for (const one of received) byChange.set(one.changeId, (byChange.get(one.changeId) ?? 0) + 1);
    const firstSeen = [...new Set(received.map((one) => one.changeId))];
    const lost = after.filter((row) => row.status !== 'DELIVERED').length;
    const acknowledgedSentAgain = acknowledged.filter((id) => byChange.get(id)! > 1).length;
    const duplicates = [...byChange.values()].reduce((sum, count) => sum + count - 1, 0);
    const inOrder = firstSeen.every((id, index) => index === 0 || id > firstSeen[index - 1]!);
    const figures: Figure[] = [
      { name: `webhook deliveries lost across kill -9 (${changes} changes, killed with delivery ${hangOn} in flight)`, value: lost, goal: '0', met: lost === 0 },
      { name: 'deliveries sent again after their 2xx was recorded', value: acknowledgedSentAgain, goal: '0', met: acknowledgedSentAgain === 0 && acknowledged.length === hangOn - 1 },
      { name: 'deliveries sent twice (the one in flight at the kill: at-least-once)', value: duplicates, goal: '≤ 1', met: duplicates <= 1 },
      { name: 'first receipt in change order', value: String(inOrder), goal: 'true', met: inOrder },
      {
        name: 'in-flight delivery sent again, after restart (lease 30 s)',
        value: redelivered ? `${Math.round((redelivered.at - restartedAt) / 100) / 10} s (${Math.round((redelivered.at - killedAt) / 100) / 10} s after the kill)` : 'never',
        goal: '≤ 32 s',
        met: Boolean(redelivered) && redelivered!.at - killedAt <= 32_000 + (restartedAt - killedAt),
        timing: true,
      },
    ];
    recordFigures('webhooks kill -9', figures);
    console.log(`webhooks kill -9: ${JSON.stringify({ acknowledged, received: received.map((one) => [one.id, one.changeId]), statuses: after })}`);
    expect(lost).toBe(0);
    expect(acknowledged).toHaveLength(hangOn - 1);
    expect(acknowledgedSentAgain).toBe(0);
    expect(duplicates).toBe(1);
    expect(inOrder).toBe(true);
    // The same message both times: receivers can tell a repeat by webhook-id.
    const repeated = received.filter((one) => byChange.get(one.changeId)! > 1);
    expect(new Set(repeated.map((one) => one.id)).size).toBe(1);
    expect(after.find((row) => byChange.get(Number(row.change_id))! > 1)?.attempts).toBe(2);
  }, 600_000);
});
