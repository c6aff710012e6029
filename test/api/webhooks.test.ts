import { createHmac, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import pino from 'pino';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { WebhookWorker } from '../../server/webhooks/worker.ts';
import { startTestApp, type TestApp } from '../helpers/app.ts';
import { globalId, insertUser, login, op, type Session, smallCatalog } from '../helpers/editor.ts';
import { until } from '../helpers/until.ts';

// Webhooks over real HTTP: an admin registers one (the contract's CreateWebhook, unchanged), a
// verification reaches a local receiver signed the Standard Webhooks way (checked here with node:crypto
// over the exact bytes received, not with the server's code), failures are retried with backoff, in
// change order per webhook, private destinations are refused, and the delivery log shows status codes.

// From /work/shared/contract/changes.graphql, as clients send it.
const createWebhookContract = `mutation CreateWebhook($input: CreateWebhookInput!) {
  # input: { url, kinds: [ChangeKind!] (empty = all), description }
  createWebhook(input: $input) {
    __typename
    ... on CreateWebhookSuccess { webhook { id url kinds secret } }
    ... on Error { message }
  }
}`;

interface Received {
  path: string;
  headers: IncomingMessage['headers'];
  body: Buffer;
  at: number;
}

type Answer = { status: number; headers?: Record<string, string> } | 'hang';

let app: TestApp;
let worker: WebhookWorker;
let receiver: Server;
let base: string;
let admin: Session;
let editor: Session;
let reviewer: Session;
let sourceId: number;
let draftModelId: number;
const received: Received[] = [];
/** How the receiver answers a path: by the number of requests to it so far (1 for the first). */
const answers = new Map<string, (count: number) => Answer>();
const hanging: ServerResponse[] = [];

beforeAll(async () => {
  receiver = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const path = request.url ?? '/';
      received.push({ path, headers: request.headers, body: Buffer.concat(chunks), at: Date.now() });
      const count = received.filter((one) => one.path === path).length;
      const answer = answers.get(path)?.(count) ?? { status: 204 };
      if (answer === 'hang') {
        hanging.push(response);
        return;
      }
      response.writeHead(answer.status, answer.headers).end('ok');
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  const port = (receiver.address() as AddressInfo).port;
  base = `http://127.0.0.1:${port}`;
  // createWebhook checks URLs with the server's allow list, as source URLs are checked.
  process.env.SOURCE_FETCH_ALLOW_HOSTS = `127.0.0.1:${port}`;
  app = await startTestApp(async (db) => {
    ({ sourceId, draftModelId } = await smallCatalog(db));
    await insertUser(db, 'admin@example.com', 'ADMIN');
    await insertUser(db, 'editor@example.com', 'EDITOR');
    await insertUser(db, 'reviewer@example.com', 'REVIEWER');
  });
  admin = await login(app, 'admin@example.com');
  editor = await login(app, 'editor@example.com');
  reviewer = await login(app, 'reviewer@example.com');
  worker = new WebhookWorker(app.db, pino({ level: process.env.TEST_LOG_LEVEL ?? 'silent' }), {
    allowHosts: [{ host: '127.0.0.1', port: String(port) }],
    timeoutMs: 1_000,
    pollMs: 50,
    retry: { baseMs: 100, factor: 2, capMs: 400, maxAttempts: 4, jitter: 0.2 },
  });
  await worker.start();
});

afterEach(async () => {
  // Each test's webhooks go (their deliveries with them), so the next test's changes reach only its own.
  await app.db.raw.query('delete from webhooks');
});

afterAll(async () => {
  await worker?.stop();
  for (const response of hanging) response.destroy();
  receiver?.closeAllConnections();
  await new Promise((resolve) => receiver?.close(resolve));
  await app?.close();
  delete process.env.SOURCE_FETCH_ALLOW_HOSTS;
});

let scoreCount = 0;
async function enterAndVerifyScore(value: number) {
  const setting = `run ${++scoreCount}`;
  const created = await app.gql(
    op('CreateScore'),
    { input: { model: 'o4-mini', benchmark: 'gpqa-diamond', value, setting, citation: { sourceId: globalId('Source', sourceId), locator: 'Table 2' }, submitForReview: true } },
    editor.headers,
  );
  const score = created.data?.createScore.score;
  const verified = await app.gql(op('VerifyScore'), { id: score.id, expectedVersion: score.version }, reviewer.headers);
  expect(verified.data?.verifyScore.__typename).toBe('VerifyScoreSuccess');
  return score;
}

async function createWebhook(path: string, kinds: string[] = ['SCORE_PUBLISHED'], session = admin) {
  const result = await app.gql(createWebhookContract, { input: { url: `${base}${path}`, kinds, description: `test ${path}` } }, session.headers);
  expect(result.errors).toBeUndefined();
  return result.data!.createWebhook;
}

const deliveriesQuery = `query ($webhook: ID, $status: WebhookDeliveryStatus) {
  webhookDeliveries(webhook: $webhook, status: $status, first: 50) {
    id messageId status attempts lastStatusCode lastError deliveredAt nextAttemptAt latencyMs change { id kind }
  }
}`;

async function deliveries(webhook: string) {
  const result = await app.gql(deliveriesQuery, { webhook }, admin.headers);
  expect(result.errors).toBeUndefined();
  return result.data!.webhookDeliveries as any[];
}

const to = (path: string) => received.filter((one) => one.path === path);

/** Standard Webhooks verification, written from the convention (not the server's code). */
function signatureHolds(secret: string, request: Received): boolean {
  const id = String(request.headers['webhook-id']);
  const timestamp = String(request.headers['webhook-timestamp']);
  const key = Buffer.from(secret.replace(/^whsec_/, ''), 'base64');
  const expected = createHmac('sha256', key).update(Buffer.concat([Buffer.from(`${id}.${timestamp}.`), request.body])).digest();
  return String(request.headers['webhook-signature'])
    .split(' ')
    .some((entry) => {
      const [version, signature] = entry.split(',');
      const given = Buffer.from(signature ?? '', 'base64');
      return version === 'v1' && given.length === expected.length && timingSafeEqual(given, expected);
    });
}

describe('createWebhook (the contract mutation)', () => {
  it('works for an admin, and not for an editor or anonymous', async () => {
    const anonymous = await app.gql(createWebhookContract, { input: { url: `${base}/x`, kinds: [] } });
    expect(anonymous.data?.createWebhook).toMatchObject({ __typename: 'NotAuthorizedError', message: 'Sign in to do this.' });
    const byEditor = await app.gql(createWebhookContract, { input: { url: `${base}/x`, kinds: [] } }, editor.headers);
    expect(byEditor.data?.createWebhook).toMatchObject({ __typename: 'NotAuthorizedError' });
    const created = await createWebhook('/contract', []);
    expect(created).toMatchObject({ __typename: 'CreateWebhookSuccess', webhook: { url: `${base}/contract`, kinds: [] } });
    expect(created.webhook.secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    // The secret is given once: lists never show it.
    const listed = await app.gql('{ webhooks { id url kinds secret enabled } }', {}, admin.headers);
    expect(listed.data!.webhooks).toEqual([{ id: created.webhook.id, url: `${base}/contract`, kinds: [], secret: null, enabled: true }]);
    const editorList = await app.gql('{ webhooks { id } }', {}, editor.headers);
    expect(editorList.errors?.[0]?.message).toBe('Your role does not allow this.');
    const [audit] = await app.db.raw.query<{ action: string; diff: any }>(`select action, diff from audit_events where entity_type = 'Webhook' order by id desc limit 1`);
    expect(audit!.action).toBe('CREATE');
    expect(JSON.stringify(audit!.diff)).not.toContain(created.webhook.secret.slice(6));
  });

  it('refuses private destinations and bad URLs', async () => {
    for (const url of ['http://10.1.2.3/hook', 'http://169.254.169.254/latest/meta-data', 'http://localhost:9/x', 'ftp://example.com/x', 'http://user:pw@example.com/x']) {
      const result = await app.gql(createWebhookContract, { input: { url, kinds: [] } }, admin.headers);
      expect(result.data?.createWebhook.__typename, url).toBe('ValidationError');
    }
    // Allowed only on the listed port of the allowed host.
    const otherPort = await app.gql(createWebhookContract, { input: { url: 'http://127.0.0.1:1/x', kinds: [] } }, admin.headers);
    expect(otherPort.data?.createWebhook.__typename).toBe('ValidationError');
  });
});

describe('deliveries', () => {
  it('a verification reaches the receiver within a second, signed, with the change as the Changes query shows it', async () => {
    const { webhook } = await createWebhook('/signed');
    const started = Date.now();
    await enterAndVerifyScore(71.5);
    const [request] = await until(async () => to('/signed'), (list) => list.length >= 1);
    expect(request!.at - started).toBeLessThan(1_000 + 2_000); // the verify round trips included
    expect(request!.headers['content-type']).toBe('application/json');
    expect(request!.headers['webhook-id']).toMatch(/^msg_\d+$/);
    expect(Math.abs(Number(request!.headers['webhook-timestamp']) - Date.now() / 1000)).toBeLessThan(60);
    expect(signatureHolds(webhook.secret, request!)).toBe(true);
    expect(signatureHolds(`whsec_${Buffer.alloc(32, 1).toString('base64')}`, request!)).toBe(false);
    const body = JSON.parse(request!.body.toString('utf8'));
    const changes = await app.gql(
      `{ changes(first: 1, kinds: [SCORE_PUBLISHED]) { edges { node { id kind at summary value previousValue model { slug name } benchmark { slug } citation { locator source { url } } } } } }`,
    );
    const node = changes.data!.changes.edges[0].node;
    expect(body).toEqual({ type: 'SCORE_PUBLISHED', timestamp: node.at, data: node });
    expect(body.data).toMatchObject({ value: '71.5', model: { slug: 'o4-mini' }, benchmark: { slug: 'gpqa-diamond' }, citation: { locator: 'Table 2' } });
    const [logged] = await until(() => deliveries(webhook.id), (list) => list[0]?.status === 'DELIVERED');
    expect(logged).toMatchObject({ status: 'DELIVERED', attempts: 1, lastStatusCode: 204, lastError: null, messageId: request!.headers['webhook-id'], change: { id: node.id } });
    expect(logged.latencyMs).toBeGreaterThanOrEqual(0);
  });

  it('a receiver answering 500 is retried with backoff, the same message, until it answers 2xx', async () => {
    answers.set('/flaky', (count) => ({ status: count <= 2 ? 500 : 200 }));
    const { webhook } = await createWebhook('/flaky');
    await enterAndVerifyScore(72.5);
    const [logged] = await until(() => deliveries(webhook.id), (list) => list[0]?.status === 'DELIVERED');
    expect(logged).toMatchObject({ status: 'DELIVERED', attempts: 3, lastStatusCode: 200, lastError: null });
    const requests = to('/flaky');
    expect(requests).toHaveLength(3);
    expect(new Set(requests.map((one) => one.headers['webhook-id'])).size).toBe(1);
    expect(requests.map((one) => one.body.toString())).toEqual(Array(3).fill(requests[0]!.body.toString()));
    // Backoff: ~100 ms then ~200 ms (± 20 %), never at once.
    expect(requests[1]!.at - requests[0]!.at).toBeGreaterThanOrEqual(70);
    expect(requests[2]!.at - requests[1]!.at).toBeGreaterThanOrEqual(140);
    // Nothing more is sent once the 2xx is recorded.
    await new Promise((resolve) => setTimeout(resolve, 400));
    expect(to('/flaky')).toHaveLength(3);
  });

  it('sends in change order per webhook: a failing delivery holds back the later ones', async () => {
    answers.set('/ordered', (count) => ({ status: count <= 2 ? 503 : 200 }));
    const { webhook } = await createWebhook('/ordered', []);
    for (const value of [60.1, 60.2, 60.3]) await enterAndVerifyScore(value);
    const list = await until(() => deliveries(webhook.id), (all) => all.length >= 3 && all.every((one) => one.status === 'DELIVERED'));
    const changeIds = to('/ordered').map((one) => JSON.parse(one.body.toString()).data.id as string);
    const numbers = changeIds.map((id) => Number(Buffer.from(id, 'base64').toString().split(':')[1]));
    expect(numbers).toEqual([...numbers].sort((a, b) => a - b));
    const values = to('/ordered').map((one) => JSON.parse(one.body.toString())).filter((one) => one.type === 'SCORE_PUBLISHED').map((one) => one.data.value);
    expect([...new Set(values)]).toEqual(['60.1', '60.2', '60.3']);
    expect(list.length).toBe(new Set(numbers).size);
  });

  it('a receiver that hangs or redirects (to a private address) fails, bounded and logged, and is retried', async () => {
    answers.set('/hang', () => 'hang');
    answers.set('/redirect', () => ({ status: 302, headers: { location: 'http://169.254.169.254/latest/meta-data' } }));
    const hang = (await createWebhook('/hang')).webhook;
    const redirect = (await createWebhook('/redirect')).webhook;
    await enterAndVerifyScore(73.5);
    const [hung] = await until(() => deliveries(hang.id), (list) => list[0]?.attempts >= 2);
    expect(hung).toMatchObject({ lastStatusCode: null, lastError: 'no answer within 1000 ms' });
    const [moved] = await until(() => deliveries(redirect.id), (list) => list[0]?.attempts >= 2);
    // Retried (4 attempts in all in these tests, then given up), never followed.
    expect(moved).toMatchObject({ lastStatusCode: 302, lastError: 'redirect not followed (to http://169.254.169.254/latest/meta-data)' });
    expect(['PENDING', 'FAILED']).toContain(moved.status);
    expect(new Set(to('/redirect').map((one) => one.headers['webhook-id'])).size).toBe(1);
  });

  it('refuses a destination the allow list no longer covers, at every delivery', async () => {
    // A webhook made when 127.0.0.2 was allowed (inserted directly: the allow list has changed since).
    const [row] = await app.db.raw.query<{ id: number }>(
      `insert into webhooks (url, secret) values ($1, $2) returning id`,
      [`http://127.0.0.2:${new URL(base).port}/private`, `whsec_${Buffer.alloc(32, 7).toString('base64')}`],
    );
    await enterAndVerifyScore(74.5);
    const [logged] = await until(() => deliveries(globalId('Webhook', row!.id)), (list) => list[0]?.attempts >= 1 && list[0]?.lastError !== null);
    expect(logged.lastError).toMatch(/^refused: a loopback address/);
    expect(to('/private')).toHaveLength(0);
  });

  it('gives up after the last attempt: the delivery FAILED, the webhook disabled with a notice; enabling resumes it', async () => {
    answers.set('/down', (count) => ({ status: count <= 4 ? 500 : 200 }));
    const { webhook } = await createWebhook('/down');
    await enterAndVerifyScore(75.5);
    const [failed] = await until(() => deliveries(webhook.id), (list) => list[0]?.status === 'FAILED');
    expect(failed).toMatchObject({ status: 'FAILED', attempts: 4, lastStatusCode: 500, nextAttemptAt: null });
    const listed = await app.gql('{ webhooks { id enabled disabledReason consecutiveFailures } }', {}, admin.headers);
    const state = listed.data!.webhooks.find((one: any) => one.id === webhook.id);
    expect(state).toMatchObject({ enabled: false, consecutiveFailures: 4 });
    expect(state.disabledReason).toMatch(/^Disabled automatically: change \d+ could not be delivered in 4 attempts \(last: answered HTTP 500\)/);
    // A change published while it is disabled waits for it: nothing is dropped.
    await enterAndVerifyScore(75.6);
    const waiting = await deliveries(webhook.id);
    expect(waiting.map((one: any) => one.status)).toEqual(['PENDING', 'FAILED']);
    const enabled = await app.gql(`mutation ($id: ID!) { enableWebhook(id: $id) { __typename ... on EnableWebhookSuccess { webhook { enabled disabledReason } } } }`, { id: webhook.id }, admin.headers);
    expect(enabled.data!.enableWebhook).toEqual({ __typename: 'EnableWebhookSuccess', webhook: { enabled: true, disabledReason: null } });
    const resumed = await until(() => deliveries(webhook.id), (list) => list.every((one: any) => one.status === 'DELIVERED'));
    expect(resumed.map((one: any) => [one.lastStatusCode, one.attempts])).toEqual([
      [200, 1],
      [200, 1],
    ]);
    // Sent oldest first: the one that had failed, then the one that waited.
    const bodies = to('/down').slice(-2).map((request) => JSON.parse(request.body.toString()).data.summary);
    expect(bodies[0]).toContain('75.5');
    expect(bodies[1]).toContain('75.6');
  });

  it('keeps receivers that hang from holding back a healthy one: failing webhooks share at most half the slots', async () => {
    const hangers = [];
    for (let i = 0; i < 10; i++) {
      answers.set(`/hang-${i}`, () => 'hang');
      hangers.push((await createWebhook(`/hang-${i}`)).webhook);
    }
    // They failed before (a deadline each): as a worker finds them after their first timeouts.
    await app.db.raw.query(`update webhooks set consecutive_failures = 3 where url like '%/hang-%'`);
    await createWebhook('/healthy');
    await enterAndVerifyScore(77.7);
    await until(async () => to('/healthy').length, (count) => count === 1);
    // The healthy one was sent at once, not after the hanging ones' deadlines: at most the failing
    // share (4 of 8 slots) of them had been tried.
    expect(received.filter((one) => one.path.startsWith('/hang-')).length).toBeLessThanOrEqual(4);
    expect(hangers).toHaveLength(10);
  });

  it('sends only what readers may see: a change of a draft model is skipped, not sent', async () => {
    const { webhook } = await createWebhook('/public-only', []);
    await app.db.raw.query(`insert into catalog_changes (kind, model_id, subject, value) values ('FACT_CHANGED', $1, 'CONTEXT_WINDOW', '1000')`, [draftModelId]);
    const [skipped] = await until(() => deliveries(webhook.id), (list) => list[0]?.status === 'SKIPPED');
    expect(skipped).toMatchObject({ status: 'SKIPPED', attempts: 1, lastError: 'not a public change', change: null });
    expect(to('/public-only')).toHaveLength(0);
  });

  it('disable stops deliveries; delete removes the webhook and its log', async () => {
    const { webhook } = await createWebhook('/stopped');
    const disabled = await app.gql(
      `mutation ($id: ID!) { disableWebhook(id: $id, reason: "maintenance") { __typename ... on DisableWebhookSuccess { webhook { enabled disabledReason } } } }`,
      { id: webhook.id },
      admin.headers,
    );
    expect(disabled.data!.disableWebhook.webhook).toEqual({ enabled: false, disabledReason: 'maintenance' });
    await enterAndVerifyScore(76.5);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(to('/stopped')).toHaveLength(0);
    const byEditor = await app.gql(`mutation ($id: ID!) { deleteWebhook(id: $id) { __typename } }`, { id: webhook.id }, editor.headers);
    expect(byEditor.data!.deleteWebhook.__typename).toBe('NotAuthorizedError');
    const deleted = await app.gql(`mutation ($id: ID!) { deleteWebhook(id: $id) { __typename ... on DeleteWebhookSuccess { deletedId } } }`, { id: webhook.id }, admin.headers);
    expect(deleted.data!.deleteWebhook).toEqual({ __typename: 'DeleteWebhookSuccess', deletedId: webhook.id });
    expect((await app.gql('{ webhooks { id } }', {}, admin.headers)).data!.webhooks).toEqual([]);
    const actions = await app.db.raw.query<{ action: string }>(`select action from audit_events where entity_type = 'Webhook' and entity_id = $1 order by id`, [
      String(Number(Buffer.from(webhook.id, 'base64').toString().split(':')[1])),
    ]);
    expect(actions.map((one) => one.action)).toEqual(['CREATE', 'DISABLE', 'DELETE']);
  });
});
