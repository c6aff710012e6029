import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { type ParsedMail, simpleParser } from 'mailparser';
import pino from 'pino';
import { SMTPServer } from 'smtp-server';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { MailWorker, type MailWorkerOptions, type MailWorkerSettings, TokenBucket } from '../../server/mail/worker.ts';
import { freshDatabase, type TestDatabase } from '../helpers/database.ts';
import { insertUser, smallCatalog } from '../helpers/editor.ts';
import { until } from '../helpers/until.ts';

// The mail outbox sent to a real SMTP server (smtp-server on loopback) from a real database: each
// confirmed subscriber gets the published digest once, as text and HTML with RFC 8058 headers, read
// back with mailparser; a subscriber who left is skipped; a 451 is retried; a send that gets no answer
// and a send whose process died (its lease ran out) are UNCERTAIN and never sent again; without
// SMTP_URL emails are .eml files; unconfirmed subscriptions go after 7 days.

interface Received {
  to: string;
  raw: Buffer;
  mail: ParsedMail;
}

let db: TestDatabase;
let smtp: SMTPServer;
let smtpUrl: string;
const received: Received[] = [];
/** How the SMTP server answers the n-th message (1-based) to an address: 'ok', a code, or 'hang'. */
let answer: (to: string, n: number) => 'ok' | number | 'hang' = () => 'ok';
const attemptsTo = new Map<string, number>();
const hung: (() => void)[] = [];
/** Addresses the SMTP server refuses at RCPT TO (550: no such mailbox). */
const unknownMailboxes = new Set<string>();
let worker: MailWorker | null = null;
let digestId: number;
let reviewerId: number;
let modelId: number;
let benchmarkId: number;
let sourceId: number;
let plainSourceId: number;
let subscriberCount = 0;

const publicUrl = 'https://sourced.example';
const week = '2026-W49';
const title = 'Week 49: <o4-mini> & "friends" rise';

beforeAll(async () => {
  smtp = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onRcptTo(address, _session, callback) {
      if (unknownMailboxes.has(address.address)) callback(Object.assign(new Error('No such mailbox'), { responseCode: 550 }));
      else callback();
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', async () => {
        const to = session.envelope.rcptTo[0]!.address;
        const n = (attemptsTo.get(to) ?? 0) + 1;
        attemptsTo.set(to, n);
        const reply = answer(to, n);
        if (reply === 'hang') {
          hung.push(() => callback(new Error('closing')));
          return;
        }
        if (reply !== 'ok') {
          callback(Object.assign(new Error('Try again later'), { responseCode: reply }));
          return;
        }
        const raw = Buffer.concat(chunks);
        received.push({ to, raw, mail: await simpleParser(raw) });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', () => resolve()));
  smtpUrl = `smtp://127.0.0.1:${(smtp.server.address() as AddressInfo).port}`;

  db = await freshDatabase();
  const small = await smallCatalog(db);
  modelId = small.modelId;
  benchmarkId = small.benchmarkId;
  sourceId = small.sourceId;
  plainSourceId = await small.catalog.source('https://example.test/results?run=1&table=2');
  reviewerId = await insertUser(db, 'reviewer@example.com', 'REVIEWER');
  digestId = await publishedDigest(week, title, [
    { headline: 'o4-mini reaches 81.4 on GPQA <Diamond>', note: 'Up from 80.1 — <script>alert(1)</script> & more', sourceId },
    { headline: 'A second move', note: null, sourceId: plainSourceId },
  ]);
});

afterEach(async () => {
  await worker?.stop();
  worker = null;
});

afterAll(async () => {
  await worker?.stop();
  for (const release of hung) release();
  await new Promise<void>((resolve) => smtp?.close(() => resolve()));
  await db?.destroy();
});

/** A digest with its items (each on a catalog change of its own), published by the reviewer. */
async function publishedDigest(digestWeek: string, digestTitle: string, items: { headline: string; note: string | null; sourceId: number }[]) {
  const [digest] = await db.raw.query<{ id: number }>(
    `insert into digests (week, title, intro, edited_by) values ($1, $2, $3, '{}') returning id`,
    [digestWeek, digestTitle, 'This week: two moves.\n\nEvery number has its source.'],
  );
  for (const [index, item] of items.entries()) {
    const [score] = await db.raw.query<{ id: number }>(
      `insert into scores (model_id, benchmark_id, value, setting, source_id, locator, retrieved_at, status, origin)
       values ($1, $2, $3, $4, $5, 'Table 2', '2026-11-01', 'VERIFIED', 'IMPORT') returning id`,
      [modelId, benchmarkId, 80 + index, `${digestWeek} run ${index}`, item.sourceId],
    );
    const [change] = await db.raw.query<{ id: number }>(
      `insert into catalog_changes (kind, model_id, benchmark_id, claim_kind, claim_id, source_id, locator, value)
       values ('SCORE_PUBLISHED', $1, $2, 'Score', $3, $4, 'Table 2', $5) returning id`,
      [modelId, benchmarkId, score!.id, item.sourceId, String(80 + index)],
    );
    await db.raw.query(
      `insert into digest_items (digest_id, position, change_id, kind, headline, note, model_id, claim_kind, claim_id, source_id, locator)
       values ($1, $2, $3, 'SCORE_PUBLISHED', $4, $5, $6, 'Score', $7, $8, 'Table 2')`,
      [digest!.id, index + 1, change!.id, item.headline, item.note, modelId, score!.id, item.sourceId],
    );
  }
  await db.raw.query(`update digests set status = 'PUBLISHED', published_at = now(), published_by = $2 where id = $1`, [digest!.id, reviewerId]);
  return Number(digest!.id);
}

async function subscriber(status: 'PENDING' | 'CONFIRMED' | 'UNSUBSCRIBED', extra: { createdDaysAgo?: number; confirmExpiresInHours?: number } = {}) {
  const n = ++subscriberCount;
  const email = `reader${n}@mail.example`;
  const [row] = await db.raw.query<{ id: number }>(
    `insert into subscribers (email, email_hash, status, unsubscribe_token, confirm_expires_at, confirmed_at, created_at)
     values ($1, $2, $3, $4, now() + $5::int * interval '1 hour', case when $3 = 'CONFIRMED' then now() end, now() - $6::int * interval '1 day')
     returning id`,
    [email, `hash-${n}`, status, `unsub-${n}-${'x'.repeat(20)}`, extra.confirmExpiresInHours ?? 48, extra.createdDaysAgo ?? 0],
  );
  return { id: Number(row!.id), email, unsubscribeToken: `unsub-${n}-${'x'.repeat(20)}` };
}

async function digestEmailFor(subscriberId: number, forDigest = digestId) {
  const [row] = await db.raw.query<{ id: number }>(`insert into email_outbox (kind, digest_id, subscriber_id) values ('DIGEST', $1, $2) returning id`, [forDigest, subscriberId]);
  return Number(row!.id);
}

async function confirmationFor(subscriberId: number, token: string) {
  const [row] = await db.raw.query<{ id: number }>(`insert into email_outbox (kind, subscriber_id, token) values ('CONFIRMATION', $1, $2) returning id`, [subscriberId, token]);
  return Number(row!.id);
}

const settings = (overrides: Partial<MailWorkerSettings> = {}): MailWorkerSettings => ({
  SMTP_URL: smtpUrl,
  MAIL_FROM: 'Sourced <digest@sourced.example>',
  MAIL_OUTBOX_DIR: './data/outbox-unused',
  MAIL_RATE_PER_SECOND: 1_000,
  PUBLIC_URL: publicUrl,
  ...overrides,
});

async function startWorker(overrides: Partial<MailWorkerSettings> = {}, options: MailWorkerOptions = {}, log = pino({ level: process.env.TEST_LOG_LEVEL ?? 'silent' })) {
  worker = new MailWorker(db, log, settings(overrides), { concurrency: 4, pollMs: 50, timeoutMs: 5_000, retry: { baseMs: 50, factor: 2, capMs: 200, maxAttempts: 4 }, ...options });
  await worker.start();
  // As publishDigest and subscribe do, after their rows are written.
  await db.raw.query(`select pg_notify('email_outbox', '')`);
  return worker;
}

async function statuses(ids: number[]) {
  const rows = await db.raw.query<{ id: number; status: string; attempts: number; token: string | null; message_id: string | null; last_error: string | null }>(
    `select id, status, attempts, token, message_id, last_error from email_outbox where id = any($1::bigint[]) order by id`,
    [ids],
  );
  return rows.map((row) => ({ ...row, id: Number(row.id), attempts: Number(row.attempts) }));
}

const settled = (rows: { status: string }[]) => rows.every((row) => !['PENDING', 'SENDING'].includes(row.status));
const header = (mail: ParsedMail, name: string) =>
  mail.headerLines
    .filter((line) => line.key === name.toLowerCase())
    .map((line) => line.line.slice(line.line.indexOf(':') + 1).trim());
const to = (address: string) => received.filter((one) => one.to === address);

describe('the mail worker', () => {
  it('sends the published digest once to each confirmed subscriber, text and HTML, with one-click unsubscribe; a subscriber who left is skipped', async () => {
    const confirmed = [await subscriber('CONFIRMED'), await subscriber('CONFIRMED'), await subscriber('CONFIRMED')];
    const leaving = await subscriber('CONFIRMED');
    const ids = [...confirmed.map((one) => one.id), leaving.id];
    const outbox: number[] = [];
    for (const id of ids) outbox.push(await digestEmailFor(id));
    // Unsubscribed after the digest's publication wrote its email, before the worker got to it.
    await db.raw.query(`update subscribers set status = 'UNSUBSCRIBED', unsubscribed_at = now() where id = $1`, [leaving.id]);
    await startWorker();
    const rows = await until(() => statuses(outbox), settled);
    expect(rows.map((row) => row.status)).toEqual(['SENT', 'SENT', 'SENT', 'SKIPPED']);
    expect(rows[3]!.last_error).toMatch(/unsubscribed/);
    expect(rows[3]!.attempts).toBe(0);
    expect(to(leaving.email)).toHaveLength(0);

    for (const [index, one] of confirmed.entries()) {
      const emails = to(one.email);
      expect(emails).toHaveLength(1);
      const mail = emails[0]!.mail;
      expect(mail.subject).toBe(title);
      expect(mail.from?.value[0]).toMatchObject({ name: 'Sourced', address: 'digest@sourced.example' });
      expect(mail.messageId).toBe(`<digest-${week}.subscriber-${one.id}@sourced.example>`);
      expect(rows[index]!.message_id).toBe(mail.messageId);
      const unsubscribe = `${publicUrl}/unsubscribe?token=${one.unsubscribeToken}`;
      expect(header(mail, 'List-Unsubscribe')).toEqual([`<${unsubscribe}>`]);
      expect(header(mail, 'List-Unsubscribe-Post')).toEqual(['List-Unsubscribe=One-Click']);
      // Text part: title, intro, each item with its note and links.
      const text = mail.text!;
      expect(text).toContain(title);
      expect(text).toContain('This week: two moves.');
      expect(text).toContain(`1. o4-mini reaches 81.4 on GPQA <Diamond> (o4-mini: ${publicUrl}/models/o4-mini)`);
      expect(text).toContain('Up from 80.1 — <script>alert(1)</script> & more');
      expect(text).toContain('https://openai.com/index/o3-o4-mini-system-card');
      expect(text).toContain('https://example.test/results?run=1&table=2');
      expect(text).toContain(`On the web: ${publicUrl}/digest/${week}#item-1`);
      expect(text).toContain(`On the web: ${publicUrl}/digest/${week}#item-2`);
      expect(text).toContain(`Unsubscribe: ${unsubscribe}`);
      // HTML part: everything from editors escaped, items linked to their sources and the digest page.
      const html = mail.html as string;
      expect(html).toContain('Week 49: &lt;o4-mini&gt; &amp; &quot;friends&quot; rise');
      expect(html).not.toContain('<script>');
      expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt; &amp; more');
      expect(html).toContain('GPQA &lt;Diamond&gt;');
      expect(html).toContain('href="https://openai.com/index/o3-o4-mini-system-card"');
      expect(html).toContain('href="https://example.test/results?run=1&amp;table=2"');
      expect(html).toContain(`href="${publicUrl}/digest/${week}#item-1"`);
      expect(html).toContain(`href="${publicUrl}/models/o4-mini"`);
      expect(html).toContain(`href="${publicUrl}/digest/${week}"`);
      expect(html).toContain(`href="${unsubscribe}"`);
      expect(html.indexOf('o4-mini reaches 81.4')).toBeLessThan(html.indexOf('A second move'));
    }

    // Woken again, nothing is sent twice.
    await db.raw.query(`select pg_notify('email_outbox', '')`);
    await worker!.stop();
    for (const one of confirmed) expect(to(one.email)).toHaveLength(1);
  });

  it('retries an email the SMTP server answers 451, then records it SENT; the confirmation carries its link, once', async () => {
    const pending = await subscriber('PENDING');
    answer = (address, n) => (address === pending.email && n === 1 ? 451 : 'ok');
    const id = await confirmationFor(pending.id, 'confirm-token-abc');
    await startWorker();
    const [row] = await until(() => statuses([id]), settled);
    expect(row).toMatchObject({ status: 'SENT', attempts: 2, token: null, message_id: `<confirm-${id}@sourced.example>` });
    expect(attemptsTo.get(pending.email)).toBe(2);
    const emails = to(pending.email);
    expect(emails).toHaveLength(1);
    const mail = emails[0]!.mail;
    expect(mail.subject).toMatch(/confirm/i);
    expect(mail.text).toContain(`${publicUrl}/confirm?token=confirm-token-abc`);
    expect(mail.text).toContain('48 hours');
    expect(mail.text).toMatch(/nothing else will be sent/);
    expect(mail.html as string).toContain(`href="${publicUrl}/confirm?token=confirm-token-abc"`);
    expect(header(mail, 'List-Unsubscribe')).toEqual([`<${publicUrl}/unsubscribe?token=${pending.unsubscribeToken}>`]);
    expect(header(mail, 'List-Unsubscribe-Post')).toEqual(['List-Unsubscribe=One-Click']);
    answer = () => 'ok';
  });

  it('skips a confirmation for a subscriber already confirmed; retries a refused message up to its limit and gives up at once on an unknown mailbox', async () => {
    const already = await subscriber('CONFIRMED');
    const refused = await subscriber('CONFIRMED');
    answer = (address) => (address === refused.email ? 550 : 'ok');
    const unknown = await subscriber('CONFIRMED');
    unknownMailboxes.add(unknown.email);
    const skipped = await confirmationFor(already.id, 'late-token');
    const failing = await digestEmailFor(refused.id);
    const bounced = await digestEmailFor(unknown.id);
    await startWorker();
    const rows = await until(() => statuses([skipped, failing, bounced]), settled);
    expect(rows[0]).toMatchObject({ status: 'SKIPPED', token: null, attempts: 0 });
    // 550 at the end of DATA (the message refused): retried with backoff, then FAILED.
    expect(rows[1]).toMatchObject({ status: 'FAILED', attempts: 4 });
    // 550 at RCPT TO (no such mailbox): FAILED at once.
    expect(rows[2]).toMatchObject({ status: 'FAILED', attempts: 1 });
    // SMTP errors may quote the address: it is masked.
    for (const row of rows) expect(row.last_error ?? '').not.toContain('@mail.example');
    expect(to(already.email)).toHaveLength(0);
    expect(to(refused.email)).toHaveLength(0);
    expect(to(unknown.email)).toHaveLength(0);
    answer = () => 'ok';
  });

  it('marks UNCERTAIN, and does not send again, an email the SMTP server took but never answered', async () => {
    const one = await subscriber('CONFIRMED');
    answer = (address) => (address === one.email ? 'hang' : 'ok');
    const id = await digestEmailFor(one.id);
    // Room to connect and hand the message over on a busy machine; then no answer ever comes.
    await startWorker({}, { timeoutMs: 3_000 });
    const [row] = await until(() => statuses([id]), settled);
    expect(row).toMatchObject({ status: 'UNCERTAIN', attempts: 1 });
    await worker!.stop();
    expect(attemptsTo.get(one.email)).toBe(1);
    answer = () => 'ok';
  });

  it('turns an email left SENDING past its lease (its sender died) into UNCERTAIN, never sending it', async () => {
    const one = await subscriber('CONFIRMED');
    const [row] = await db.raw.query<{ id: number }>(
      `insert into email_outbox (kind, digest_id, subscriber_id, status, attempts, lease_until) values ('DIGEST', $1, $2, 'SENDING', 1, now() - interval '1 minute') returning id`,
      [digestId, one.id],
    );
    const alive = await subscriber('CONFIRMED');
    const [live] = await db.raw.query<{ id: number }>(
      `insert into email_outbox (kind, digest_id, subscriber_id, status, attempts, lease_until) values ('DIGEST', $1, $2, 'SENDING', 1, now() + interval '1 hour') returning id`,
      [digestId, alive.id],
    );
    await startWorker();
    const [expired] = await until(() => statuses([Number(row!.id)]), (rows) => rows[0]!.status !== 'SENDING');
    expect(expired).toMatchObject({ status: 'UNCERTAIN', attempts: 1 });
    expect(expired!.last_error).toMatch(/lease/);
    // A lease still running is someone else's send: left alone.
    expect((await statuses([Number(live!.id)]))[0]!.status).toBe('SENDING');
    await worker!.stop();
    expect(to(one.email)).toHaveLength(0);
    expect(to(alive.email)).toHaveLength(0);
  });

  it('without SMTP_URL writes each email as an .eml file in MAIL_OUTBOX_DIR (created) and logs the file and subscriber id, not the address', async () => {
    const dir = join(mkdtempSync(join(tmpdir(), 'sourced-mail-')), 'outbox', 'nested');
    const lines: string[] = [];
    const log = pino(
      { level: 'info' },
      new Writable({
        write(chunk, _encoding, done) {
          lines.push(String(chunk));
          done();
        },
      }),
    );
    const readers = [await subscriber('CONFIRMED'), await subscriber('CONFIRMED')];
    const outbox: number[] = [];
    for (const one of readers) outbox.push(await digestEmailFor(one.id));
    try {
      await startWorker({ SMTP_URL: undefined, MAIL_OUTBOX_DIR: dir }, {}, log);
      expect(worker!.transport.mode).toBe('files');
      const rows = await until(() => statuses(outbox), settled);
      expect(rows.map((row) => row.status)).toEqual(['SENT', 'SENT']);
      const files = readdirSync(dir).sort();
      expect(files).toEqual(readers.map((one) => `digest-${week}.subscriber-${one.id}.eml`).sort());
      for (const one of readers) {
        const file = join(dir, `digest-${week}.subscriber-${one.id}.eml`);
        const mail = await simpleParser(readFileSync(file));
        expect(mail.subject).toBe(title);
        expect(mail.to && 'text' in mail.to ? mail.to.text : '').toBe(one.email);
        expect(header(mail, 'List-Unsubscribe')).toEqual([`<${publicUrl}/unsubscribe?token=${one.unsubscribeToken}>`]);
        expect(mail.text).toContain('o4-mini reaches 81.4');
        expect(mail.html).toBeTruthy();
        const line = lines.map((text) => JSON.parse(text)).find((entry) => entry.file === file);
        expect(line).toMatchObject({ subscriber: one.id });
      }
      expect(lines.join('\n')).not.toContain('@mail.example');
      expect(to(readers[0]!.email)).toHaveLength(0);
    } finally {
      rmSync(join(dir, '..', '..'), { recursive: true, force: true });
    }
  });

  it('rate-limits with a token bucket: at most its burst at once, tokens given back are taken again, a stop ends a wait with none', async () => {
    // 0.001 token a second: nothing comes back on its own while the test runs.
    const bucket = new TokenBucket(0.001, 3);
    const running = new AbortController().signal;
    expect(await bucket.take(10, running)).toBe(3);
    bucket.giveBack(2);
    expect(await bucket.take(10, running)).toBe(2);
    const stop = new AbortController();
    const waiting = bucket.take(1, stop.signal);
    stop.abort();
    expect(await waiting).toBe(0);
  });

  it('deletes subscriptions left unconfirmed for more than 7 days, with their emails, and keeps the rest', async () => {
    const old = await subscriber('PENDING', { createdDaysAgo: 8, confirmExpiresInHours: -6 * 24 });
    const oldEmail = await confirmationFor(old.id, 'old-token');
    await db.raw.query(`update email_outbox set status = 'SENT', token = null where id = $1`, [oldEmail]);
    const recent = await subscriber('PENDING', { createdDaysAgo: 1 });
    const confirmedLongAgo = await subscriber('CONFIRMED', { createdDaysAgo: 30 });
    const unsubscribed = await subscriber('UNSUBSCRIBED', { createdDaysAgo: 30 });
    await startWorker();
    const remaining = (await db.raw.query<{ id: number }>(`select id from subscribers where id = any($1::int[]) order by id`, [
      [old.id, recent.id, confirmedLongAgo.id, unsubscribed.id],
    ])).map((row) => Number(row.id));
    expect(remaining).toEqual([recent.id, confirmedLongAgo.id, unsubscribed.id]);
    expect(await statuses([oldEmail])).toEqual([]);
  });
});
