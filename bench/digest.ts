/**
 * npx tsx bench/digest.ts [--database-url postgres://…] [--subscribers 10000] [--concurrency 8] [--rate 10000]
 *
 * Sending one published digest to --subscribers confirmed subscribers through a local SMTP server
 * (smtp-server on loopback, in a process of its own, accepting everything), with server/mail/worker.ts
 * (its defaults but the rate, MAIL_RATE_PER_SECOND = --rate): from the commit of the outbox rows (as
 * publishDigest writes them, then NOTIFY) until every row is SENT. Prints emails per second and the
 * duplicates received (the same Message-ID twice; must be 0).
 * PostgreSQL (a database of its own, created and dropped) with --database-url or DATABASE_URL, else
 * in-memory PGlite.
 */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { cpus, loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import { sql } from 'drizzle-orm';
import pino from 'pino';
import postgres from 'postgres';
import { createDatabase, type DatabaseHandle } from '../db/client.ts';
import { migrateDatabase } from '../db/migrate.ts';
import { defaultMailConcurrency, MailWorker } from '../server/mail/worker.ts';

const { values: args } = parseArgs({
  options: {
    'database-url': { type: 'string' },
    subscribers: { type: 'string', default: '10000' },
    concurrency: { type: 'string', default: String(defaultMailConcurrency) },
    rate: { type: 'string', default: '10000' },
  },
});
const subscribers = Number(args.subscribers);
const concurrency = Number(args.concurrency);
const rate = Number(args.rate);

// The SMTP server runs in a process of its own, as a relay would: on a 2-core machine the sender and
// the receiver do not share one event loop. It counts Message-IDs and reports them when asked.
const receiverScript = String.raw`
const { SMTPServer } = require('smtp-server');
const received = new Map();
let firstAt = 0;
const smtp = new SMTPServer({
  authOptional: true, disabledCommands: ['STARTTLS'], disableReverseLookup: true, logger: false,
  onData(stream, session, callback) {
    const chunks = [];
    stream.on('data', (chunk) => chunks.push(chunk));
    stream.on('end', () => {
      firstAt = firstAt || Date.now();
      const head = Buffer.concat(chunks).toString('utf8').split(/\r?\n\r?\n/)[0];
      const id = (/^Message-ID:\s*(<[^>]+>)/im.exec(head) || [])[1] || 'none';
      received.set(id, (received.get(id) || 0) + 1);
      callback();
    });
  },
});
smtp.listen(0, '127.0.0.1', () => process.send({ port: smtp.server.address().port }));
process.on('message', () => {
  let duplicates = 0;
  for (const count of received.values()) duplicates += count - 1;
  process.send({ distinct: received.size, duplicates, firstAt }, () => smtp.close(() => process.exit(0)));
});
`;
const receiver = spawn(process.execPath, ['-e', receiverScript], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
const smtpUrl = await new Promise<string>((resolve) => receiver.once('message', (message: { port: number }) => resolve(`smtp://127.0.0.1:${message.port}`)));
const report = () =>
  new Promise<{ distinct: number; duplicates: number; firstAt: number }>((resolve) => {
    receiver.once('message', resolve as never);
    receiver.send('report');
  });

let handle: DatabaseHandle;
let dropDatabase: (() => Promise<void>) | null = null;
const url = args['database-url'] ?? process.env.DATABASE_URL;
if (url) {
  const name = `sourced_bench_digest_${randomBytes(4).toString('hex')}`;
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

// A published digest of three items, each on a verified score and its change.
const one = async <T = Record<string, unknown>>(text: string, params: unknown[] = []) => (await handle.raw.query<T>(text, params))[0]!;
const provider = await one<{ id: number }>(
  `insert into providers (slug, name, api_base_url, api_key_env, publication) values ('benchco', 'BenchCo', 'https://api.benchco.test/v1', 'BENCHCO_API_KEY', 'PUBLISHED') returning id`,
);
const model = await one<{ id: number }>(
  `insert into models (slug, name, provider_id, publication, open_weights, api_model_id) values ('bench-model', 'Bench model', $1, 'PUBLISHED', false, 'bench-model') returning id`,
  [provider.id],
);
const benchmark = await one<{ id: number }>(`insert into benchmarks (slug, name, scale_min, scale_max, higher_is_better) values ('bench', 'BENCH', 0, 100, true) returning id`);
const source = await one<{ id: number }>(
  `insert into sources (url, title, publisher, kind, retrieved_at) values ('https://benchco.test/card', 'Bench model card', 'BenchCo', 'VENDOR_MODEL_CARD', '2026-11-01') returning id`,
);
const user = await one<{ id: number }>(`insert into users (email, role, password_hash) values ('bench-reviewer@sourced.test', 'REVIEWER', 'x') returning id`);
const digest = await one<{ id: number }>(
  `insert into digests (week, title, intro) values ('2026-W49', 'Bench week: three moves', 'Three numbers moved this week, each with its source.') returning id`,
);
for (let position = 1; position <= 3; position++) {
  const score = await one<{ id: number }>(
    `insert into scores (model_id, benchmark_id, value, setting, source_id, locator, retrieved_at, status, origin)
     values ($1, $2, $3, $4, $5, 'Table 1', '2026-11-01', 'VERIFIED', 'IMPORT') returning id`,
    [model.id, benchmark.id, 60 + position, `run ${position}`, source.id],
  );
  const change = await one<{ id: number }>(
    `insert into catalog_changes (kind, model_id, benchmark_id, claim_kind, claim_id, source_id, locator, value)
     values ('SCORE_PUBLISHED', $1, $2, 'Score', $3, $4, 'Table 1', $5) returning id`,
    [model.id, benchmark.id, score.id, source.id, String(60 + position)],
  );
  await handle.raw.query(
    `insert into digest_items (digest_id, position, change_id, kind, headline, note, model_id, claim_kind, claim_id, source_id, locator)
     values ($1, $2, $3, 'SCORE_PUBLISHED', $4, 'A note of one line.', $5, 'Score', $6, $7, 'Table 1')`,
    [digest.id, position, change.id, `Bench model scores ${60 + position} (run ${position})`, model.id, score.id, source.id],
  );
}
await handle.raw.query(`update digests set status = 'PUBLISHED', published_at = now(), published_by = $2 where id = $1`, [digest.id, user.id]);
await handle.raw.query(
  `insert into subscribers (email, email_hash, status, unsubscribe_token, confirmed_at)
   select 'reader' || g || '@bench.example', 'hash-' || g, 'CONFIRMED', 'unsubscribe-' || md5(g::text), now() from generate_series(1, $1::int) g`,
  [subscribers],
);

const worker = new MailWorker(
  handle,
  pino({ level: process.env.LOG_LEVEL ?? 'warn' }),
  { SMTP_URL: smtpUrl, MAIL_FROM: 'Sourced <digest@sourced.test>', MAIL_OUTBOX_DIR: './data/outbox', MAIL_RATE_PER_SECOND: rate, PUBLIC_URL: 'https://sourced.test' },
  { concurrency },
);
await worker.start();

const started = performance.now();
const cpuBefore = process.cpuUsage();
// As publishDigest: the rows and the NOTIFY in one transaction.
await handle.db.transaction(async (tx) => {
  await tx.execute(sql`insert into email_outbox (kind, digest_id, subscriber_id) select 'DIGEST', ${Number(digest.id)}, id from subscribers where status = 'CONFIRMED' order by id`);
  await tx.execute(sql`select pg_notify('email_outbox', '')`);
});
const committed = performance.now();
const committedAt = Date.now();
let sent = 0;
for (;;) {
  const row = await one<{ sent: number; open: number }>(
    `select count(*) filter (where status = 'SENT')::int as sent, count(*) filter (where status in ('PENDING', 'SENDING'))::int as open from email_outbox where digest_id = $1`,
    [digest.id],
  );
  sent = Number(row.sent);
  if (Number(row.open) === 0) break;
  await new Promise((resolve) => setTimeout(resolve, 250));
}
const done = performance.now();
const cpu = process.cpuUsage(cpuBefore);
await worker.stop();

const got = await report();
const seconds = (done - committed) / 1000;
const figures = {
  database: url ? 'postgresql' : 'pglite',
  subscribers,
  concurrency,
  ratePerSecond: rate,
  sent,
  received: got.distinct,
  duplicates: got.duplicates,
  outboxInsertMs: Math.round(committed - started),
  firstEmailMs: got.firstAt ? got.firstAt - committedAt : null,
  seconds: Math.round(seconds * 100) / 100,
  emailsPerSecond: Math.round(sent / seconds),
  /** The sender process's CPU (user + system) per email: what a loaded machine's wall time hides. */
  senderCpuMsPerEmail: Math.round(((cpu.user + cpu.system) / 1000 / Math.max(1, sent)) * 100) / 100,
  loadAverage: Math.round(loadavg()[0]! * 10) / 10,
};
console.log(`digest to ${subscribers} subscribers through a local SMTP server (${figures.database}, concurrency ${concurrency}, rate ${rate}/s):`);
console.log(`  ${figures.emailsPerSecond} emails/s (${sent} SENT in ${figures.seconds} s after the commit; first email after ${figures.firstEmailMs} ms)`);
console.log(`  received ${figures.received} distinct, duplicates ${figures.duplicates}`);
console.log(`  sender CPU ${figures.senderCpuMsPerEmail} ms per email; load average ${figures.loadAverage} on ${cpus().length} cores`);
console.log(JSON.stringify(figures));

await handle.close();
await dropDatabase?.();
if (figures.duplicates !== 0 || sent !== subscribers || got.distinct !== subscribers) process.exitCode = 1;
