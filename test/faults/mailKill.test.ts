import type { AddressInfo } from 'node:net';
import postgres from 'postgres';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultMailConcurrency } from '../../server/mail/worker.ts';
import { PrivateCluster } from './cluster.ts';
import { recordFigures, startServer, type Figure, type ServerProcess } from './harness.ts';

// `kill -9` of the server while it sends one digest to 2,000 confirmed subscribers (the real server, its
// mail worker, a local SMTP server), on PostgreSQL. After a restart every email is either SENT (and
// arrived) or UNCERTAIN (its sender died mid-send: it may have arrived, and is never sent again); none
// is lost, none arrives twice, and no more are UNCERTAIN than were in flight (the worker's concurrency).

const subscribers = 2_000;
const killAfter = 300;
const week = '2026-W49';

let cluster: PrivateCluster;
let server: ServerProcess;
let owner: postgres.Sql;
let env: Record<string, string>;
let smtp: SMTPServer;
let digestId: number;
/** Message-IDs as the SMTP server took them whole (the end of DATA), in order. */
const received: string[] = [];
let onReceived: (() => void) | null = null;

beforeAll(async () => {
  smtp = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData(stream, _session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        const head = Buffer.concat(chunks).toString('utf8').split(/\r?\n\r?\n/)[0]!;
        received.push(/^Message-ID:\s*(<[^>]+>)/im.exec(head)?.[1] ?? 'none');
        onReceived?.();
        // A relay takes a moment to answer: sends are in flight when the server dies.
        setTimeout(() => callback(), 10);
      });
    },
  });
  // A write to a connection whose client was killed is no failure of this test.
  smtp.on('error', () => {});
  await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', () => resolve()));
  const port = (smtp.server.address() as AddressInfo).port;

  cluster = await PrivateCluster.withDatabase('sourced');
  env = {
    DATABASE_URL: cluster.url('sourced'),
    SEED_DEMO: 'false',
    RESPONSE_CACHE: 'false',
    ADMIN_EMAIL: 'mail-admin@sourced.test',
    ADMIN_PASSWORD: 'mail kill test admin password',
    SMTP_URL: `smtp://127.0.0.1:${port}`,
    MAIL_RATE_PER_SECOND: '10000',
    PUBLIC_URL: 'https://sourced.test',
  };
  server = await startServer(env);
  owner = postgres(cluster.url('sourced'), { max: 2, onnotice: () => {} });
  // A published digest of one item (on a verified score and its change), as publishDigest leaves it.
  const [provider] = await owner`insert into providers (slug, name, api_base_url, api_key_env, publication)
    values ('mailco', 'MailCo', 'https://api.mailco.test/v1', 'MAILCO_API_KEY', 'PUBLISHED') returning id`;
  const [model] = await owner`insert into models (slug, name, provider_id, publication, open_weights, api_model_id)
    values ('mail-model', 'Mail model', ${provider!.id}, 'PUBLISHED', false, 'mail-model') returning id`;
  const [benchmark] = await owner`insert into benchmarks (slug, name, scale_min, scale_max, higher_is_better) values ('mail-bench', 'MAIL', 0, 100, true) returning id`;
  const [source] = await owner`insert into sources (url, title, publisher, kind, retrieved_at)
    values ('https://mailco.test/card', 'Mail model card', 'MailCo', 'VENDOR_MODEL_CARD', '2026-11-01') returning id`;
  const [score] = await owner`insert into scores (model_id, benchmark_id, value, setting, source_id, locator, retrieved_at, status, origin)
    values (${model!.id}, ${benchmark!.id}, 71.5, '', ${source!.id}, 'Table 1', '2026-11-01', 'VERIFIED', 'IMPORT') returning id`;
  const [change] = await owner`insert into catalog_changes (kind, model_id, benchmark_id, claim_kind, claim_id, source_id, locator, value)
    values ('SCORE_PUBLISHED', ${model!.id}, ${benchmark!.id}, 'Score', ${score!.id}, ${source!.id}, 'Table 1', '71.5') returning id`;
  const [admin] = await owner`select id from users where email = ${env.ADMIN_EMAIL!}`;
  const [digest] = await owner`insert into digests (week, title, intro) values (${week}, 'Mail model scores 71.5', 'One move this week.') returning id`;
  await owner`insert into digest_items (digest_id, position, change_id, kind, headline, note, model_id, claim_kind, claim_id, source_id, locator)
    values (${digest!.id}, 1, ${change!.id}, 'SCORE_PUBLISHED', 'Mail model scores 71.5 on MAIL', 'Its first score.', ${model!.id}, 'Score', ${score!.id}, ${source!.id}, 'Table 1')`;
  await owner`update digests set status = 'PUBLISHED', published_at = now(), published_by = ${admin!.id} where id = ${digest!.id}`;
  digestId = Number(digest!.id);
  await owner`insert into subscribers (email, email_hash, status, unsubscribe_token, confirmed_at)
    select 'reader' || g || '@kill.example', 'hash-' || g, 'CONFIRMED', 'unsubscribe-' || md5(g::text), now() from generate_series(1, ${subscribers}) g`;
}, 600_000);

afterAll(async () => {
  await server?.stop('SIGKILL');
  await owner?.end();
  await cluster?.destroy();
  await new Promise<void>((resolve) => (smtp ? smtp.close(() => resolve()) : resolve()));
});

async function counts(): Promise<Record<string, number>> {
  const rows = await owner<{ status: string; n: number }[]>`select status, count(*)::int as n from email_outbox where digest_id = ${digestId} group by status`;
  return Object.fromEntries(rows.map((row) => [row.status, Number(row.n)]));
}

async function waitFor<T>(read: () => Promise<T>, done: (value: T) => boolean, ms: number): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await read();
    if (done(value) || Date.now() > deadline) return value;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

describe('digest emails across kill -9', () => {
  it('after a kill mid-send and a restart, every email arrived or is UNCERTAIN, none arrived twice, UNCERTAIN ≤ concurrency', async () => {
    const enough = new Promise<void>((resolve) => (onReceived = () => received.length >= killAfter && resolve()));
    // publishDigest's transaction: one email per confirmed subscriber, then NOTIFY.
    await owner.begin(async (tx) => {
      await tx`insert into email_outbox (kind, digest_id, subscriber_id) select 'DIGEST', ${digestId}, id from subscribers where status = 'CONFIRMED' order by id`;
      await tx`select pg_notify('email_outbox', '')`;
    });
    await enough;
    onReceived = null;
    server.child.kill('SIGKILL');
    await server.stop('SIGKILL');
    const atKill = await counts();
    const receivedAtKill = received.length;
    server = await startServer(env);
    // Rows SENDING at the kill wait for their lease (send deadline 30 s + 15 s) and the next sweep.
    const after = await waitFor(counts, (value) => !value.PENDING && !value.SENDING, 300_000);

    const rows = await owner<{ subscriber_id: number; status: string; message_id: string | null }[]>`
      select subscriber_id, status, message_id from email_outbox where digest_id = ${digestId} order by subscriber_id`;
    const messageId = (subscriberId: number) => `<digest-${week}.subscriber-${subscriberId}@sourced.test>`;
    const times = new Map<string, number>();
    for (const id of received) times.set(id, (times.get(id) ?? 0) + 1);
    const duplicates = [...times.values()].reduce((sum, count) => sum + count - 1, 0);
    const uncertain = rows.filter((row) => row.status === 'UNCERTAIN');
    const sent = rows.filter((row) => row.status === 'SENT');
    const uncertainArrived = uncertain.filter((row) => times.has(messageId(row.subscriber_id))).length;
    // Lost: neither arrived nor marked UNCERTAIN.
    const lost = rows.filter((row) => row.status !== 'UNCERTAIN' && !times.has(messageId(row.subscriber_id))).length + (subscribers - rows.length);
    const sentNotArrived = sent.filter((row) => !times.has(messageId(row.subscriber_id))).length;
    const strangers = [...times.keys()].filter((id) => !rows.some((row) => messageId(row.subscriber_id) === id)).length;

    const figures: Figure[] = [
      { name: `digest emails received by the SMTP server (${subscribers} subscribers, killed after ${receivedAtKill})`, value: times.size, goal: `≥ ${subscribers - defaultMailConcurrency}`, met: times.size >= subscribers - defaultMailConcurrency },
      { name: 'emails received twice (same Message-ID)', value: duplicates, goal: '0', met: duplicates === 0 },
      { name: 'emails UNCERTAIN (in flight at the kill)', value: uncertain.length, goal: `≤ ${defaultMailConcurrency} (the concurrency)`, met: uncertain.length <= defaultMailConcurrency },
      { name: 'UNCERTAIN emails that had in fact arrived', value: uncertainArrived, goal: `≤ ${uncertain.length}`, met: uncertainArrived <= uncertain.length },
      { name: 'emails lost (neither received nor UNCERTAIN)', value: lost, goal: '0', met: lost === 0 },
      { name: 'received + UNCERTAIN − UNCERTAIN that arrived', value: times.size + uncertain.length - uncertainArrived, goal: String(subscribers), met: times.size + uncertain.length - uncertainArrived === subscribers },
    ];
    recordFigures('mail kill -9', figures);
    console.log(`mail kill -9: ${JSON.stringify({ atKill, receivedAtKill, after, received: received.length, distinct: times.size, uncertain: uncertain.length, uncertainArrived, duplicates })}`);

    expect(rows).toHaveLength(subscribers);
    expect(after.SENT! + (after.UNCERTAIN ?? 0)).toBe(subscribers);
    expect(duplicates).toBe(0);
    expect(lost).toBe(0);
    expect(sentNotArrived).toBe(0);
    expect(strangers).toBe(0);
    expect(uncertain.length).toBeLessThanOrEqual(defaultMailConcurrency);
    expect(sent.every((row) => row.message_id === messageId(row.subscriber_id))).toBe(true);
    expect(times.size + uncertain.length - uncertainArrived).toBe(subscribers);
  }, 600_000);
});
