/**
 * npx tsx bench/webhooks.ts [--database-url postgres://…] [--latency 300] [--backlog 5000] [--webhooks 8]
 *
 * Webhook deliveries to a local receiver (server/webhooks/worker.ts with its defaults, the receiver
 * allowed as SOURCE_FETCH_ALLOW_HOSTS would allow it):
 *   latency     one change at a time: from just before the INSERT that commits the change to the
 *               receiver reading the signed request (trigger → outbox → NOTIFY → claim → POST), p50/p99
 *   throughput  a backlog of changes committed in one statement, drained to one webhook (in order,
 *               one at a time) and to --webhooks webhooks (in parallel): deliveries per second until
 *               every one is recorded DELIVERED
 * PostgreSQL (a database of its own, created and dropped) with --database-url, else in-memory PGlite.
 */
import { randomBytes } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { parseArgs } from 'node:util';
import pino from 'pino';
import postgres from 'postgres';
import { createDatabase, type DatabaseHandle } from '../db/client.ts';
import { migrateDatabase } from '../db/migrate.ts';
import { newSecret } from '../server/webhooks/signing.ts';
import { WebhookWorker } from '../server/webhooks/worker.ts';

const { values: args } = parseArgs({
  options: {
    'database-url': { type: 'string' },
    latency: { type: 'string', default: '300' },
    backlog: { type: 'string', default: '5000' },
    webhooks: { type: 'string', default: '8' },
  },
});

const received = new Map<string, number>();
let onReceive: ((path: string) => void) | null = null;
const receiver = createServer((request, response) => {
  request.resume();
  request.on('end', () => {
    const at = performance.now();
    received.set(`${request.url} ${request.headers['webhook-id']}`, at);
    response.writeHead(204).end();
    onReceive?.(request.url ?? '/');
  });
});
await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
const port = (receiver.address() as AddressInfo).port;

let handle: DatabaseHandle;
let dropDatabase: (() => Promise<void>) | null = null;
const url = args['database-url'];
if (url) {
  const name = `sourced_bench_webhooks_${randomBytes(4).toString('hex')}`;
  const admin = postgres(url, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database ${name}`);
  const own = new URL(url);
  own.pathname = `/${name}`;
  handle = await createDatabase({ url: own.toString(), maxConnections: 10 });
  dropDatabase = async () => {
    await admin.unsafe(`drop database if exists ${name} with (force)`);
    await admin.end();
  };
} else {
  handle = await createDatabase({ dataDir: 'memory://' });
}
await migrateDatabase(handle);
const [provider] = await handle.raw.query<{ id: number }>(
  `insert into providers (slug, name, api_base_url, api_key_env, publication) values ('benchco', 'BenchCo', 'https://api.benchco.test/v1', 'BENCHCO_API_KEY', 'PUBLISHED') returning id`,
);
const [model] = await handle.raw.query<{ id: number }>(
  `insert into models (slug, name, provider_id, publication, open_weights, api_model_id) values ('bench-model', 'Bench model', $1, 'PUBLISHED', false, 'bench-model') returning id`,
  [provider!.id],
);
const modelId = Number(model!.id);

async function addWebhooks(count: number, path: string): Promise<number[]> {
  await handle.raw.query('update webhooks set enabled = false');
  const ids: number[] = [];
  for (let i = 0; i < count; i++) {
    const [row] = await handle.raw.query<{ id: number }>(`insert into webhooks (url, secret) values ($1, $2) returning id`, [`http://127.0.0.1:${port}${path}/${i}`, newSecret()]);
    ids.push(Number(row!.id));
  }
  return ids;
}

const worker = new WebhookWorker(handle, pino({ level: 'warn' }), { allowHosts: [{ host: '127.0.0.1', port: String(port) }] });
await worker.start();

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;

// Latency: one change at a time.
await addWebhooks(1, '/latency');
const latencies: number[] = [];
const rounds = Number(args.latency);
for (let i = 0; i < rounds; i++) {
  const arrived = new Promise<number>((resolve) => (onReceive = () => resolve(performance.now())));
  const started = performance.now();
  await handle.raw.query(`insert into catalog_changes (kind, model_id) values ('MODEL_PUBLISHED', $1)`, [modelId]);
  latencies.push((await arrived) - started);
}
onReceive = null;
latencies.sort((a, b) => a - b);
const [recorded] = await handle.raw.query<{ p50: number; p99: number }>(
  `select percentile_cont(0.5) within group (order by latency_ms) as p50, percentile_cont(0.99) within group (order by latency_ms) as p99 from webhook_deliveries where status = 'DELIVERED'`,
);

async function drain(webhookCount: number, label: string) {
  await addWebhooks(webhookCount, `/${label}`);
  const backlog = Number(args.backlog);
  const started = performance.now();
  await handle.raw.query(`insert into catalog_changes (kind, model_id) select 'MODEL_PUBLISHED', $1 from generate_series(1, $2::int)`, [modelId, backlog]);
  const expected = backlog * webhookCount;
  for (;;) {
    const [row] = await handle.raw.query<{ pending: number }>(`select count(*)::int as pending from webhook_deliveries where status = 'PENDING'`);
    if (Number(row!.pending) === 0) break;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  const seconds = (performance.now() - started) / 1000;
  return { deliveries: expected, seconds: Math.round(seconds * 100) / 100, perSecond: Math.round(expected / seconds) };
}
const one = await drain(1, 'one');
const many = await drain(Number(args.webhooks), 'many');
await worker.stop();
const [failed] = await handle.raw.query<{ n: number }>(`select count(*)::int as n from webhook_deliveries where status <> 'DELIVERED'`);

const result = {
  database: url ? 'postgres' : 'pglite',
  latencyMs: { rounds, p50: Math.round(percentile(latencies, 50) * 10) / 10, p99: Math.round(percentile(latencies, 99) * 10) / 10, max: Math.round(latencies.at(-1)! * 10) / 10 },
  recordedLatencyMs: { p50: Number(recorded!.p50), p99: Number(recorded!.p99) },
  throughput: { oneWebhook: one, [`${args.webhooks}Webhooks`]: many },
  notDelivered: Number(failed!.n),
};
console.log(JSON.stringify(result, null, 2));
await handle.close();
await dropDatabase?.();
receiver.close();
