import { createHash } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { parse, validate } from 'graphql';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CaptureJobs } from '../../server/evidence/captureJobs.ts';
import { ChangeStream } from '../../server/changes/stream.ts';
import { subscribeMessage } from '../../server/digest/subscribers.ts';
import { createApp } from '../../server/http/app.ts';
import { CatalogMeta } from '../../server/http/catalogMeta.ts';
import { schema } from '../../server/graphql/schema.ts';
import { contractOperations } from '../helpers/contract.ts';
import { freshDatabase, type TestDatabase } from '../helpers/database.ts';

// Digest subscriptions over real HTTP: the contract's Subscribe, ConfirmSubscription and Unsubscribe
// (unchanged), the /confirm and /unsubscribe pages the emails link to (RFC 8058 one-click included),
// the limits, the typed errors, and that no answer, audit event or log line names an address.

const contract = contractOperations('digest.graphql');
const Subscribe = contract.get('Subscribe')!;
const ConfirmSubscription = contract.get('ConfirmSubscription')!;
const Unsubscribe = contract.get('Unsubscribe')!;

it('contract/digest.graphql: every operation validates against the schema unchanged', () => {
  expect([...contract.keys()]).toEqual(['Digest', 'Digests', 'Subscribe', 'ConfirmSubscription', 'Unsubscribe', 'DigestDraft', 'PublishDigest']);
  for (const [name, text] of contract) expect(validate(schema, parse(text)).map((error) => `${name}: ${error.message}`)).toEqual([]);
});

let db: TestDatabase;
let url: string;
let server: import('node:http').Server;
let captures: CaptureJobs;
let changes: ChangeStream;
let meta: CatalogMeta;
/** Every log line the server wrote, and every answer body it sent. */
const logLines: string[] = [];
const answers: string[] = [];
/** Every address a test signed up, searched for in answers, the audit trail and the log. */
const addresses = new Set<string>();
let clients = 0;

beforeAll(async () => {
  db = await freshDatabase();
  meta = new CatalogMeta(db);
  await meta.start();
  const logger = pino({ level: 'trace' }, { write: (line: string) => void logLines.push(line) });
  captures = new CaptureJobs(db.db, logger, { allowHosts: [], timeoutMs: 5_000 });
  changes = new ChangeStream(db, logger);
  await changes.start();
  // Behind a trusted proxy, so each test signs up from a client address of its own (X-Forwarded-For).
  ({ server } = createApp({ handle: db, meta, logger, config: { CORS_ORIGINS: [], REQUEST_TIMEOUT_MS: 10_000 }, auth: { trustProxy: true }, captures, captureOnCreate: false, changes }));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server?.closeAllConnections();
  await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  await captures?.close();
  await changes?.stop();
  await meta?.stop();
  await db?.destroy();
});

/** A client address of its own (the per-client limit is 10 sign-ups in 10 minutes). */
const newClient = () => `203.0.113.${++clients}`;

async function gql(query: string, variables: Record<string, unknown>, client = newClient()) {
  const response = await fetch(`${url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json', 'x-forwarded-for': client },
    body: JSON.stringify({ query, variables }),
  });
  const text = await response.text();
  answers.push(text);
  const body = JSON.parse(text) as { data?: Record<string, any>; errors?: unknown[] };
  expect(body.errors).toBeUndefined();
  return body.data!;
}

async function subscribe(email: string, client?: string) {
  addresses.add(email);
  return (await gql(Subscribe, { email }, client)).subscribe as { __typename: string; message: string };
}

async function page(path: string, init?: RequestInit) {
  const response = await fetch(`${url}${path}`, init);
  const text = await response.text();
  answers.push(text);
  return { status: response.status, type: response.headers.get('content-type') ?? '', text };
}

const form = (fields: Record<string, string>) => ({
  method: 'POST',
  headers: { 'content-type': 'application/x-www-form-urlencoded' },
  body: new URLSearchParams(fields).toString(),
});

const sha256 = (value: string) => createHash('sha256').update(value).digest('hex');

async function query<T = Record<string, any>>(text: string, params: unknown[] = []): Promise<T[]> {
  return db.raw.query<T>(text, params) as Promise<T[]>;
}

/** The subscriber row of an address (undefined when there is none). */
async function subscriber(email: string): Promise<Record<string, any>> {
  const [row] = await query(`select * from subscribers where email_hash = $1`, [sha256(email.toLowerCase())]);
  return row as Record<string, any>;
}

async function confirmations(subscriberId: number) {
  return query<{ id: number; token: string | null; status: string }>(
    `select id, token, status from email_outbox where subscriber_id = $1 and kind = 'CONFIRMATION' order by id`,
    [subscriberId],
  );
}

/** Signs an address up and returns its subscriber row and the token of its newest confirmation email. */
async function signedUp(email: string) {
  expect(await subscribe(email)).toEqual({ __typename: 'SubscribeSuccess', message: subscribeMessage });
  const row = await subscriber(email);
  const emails = await confirmations(row.id);
  return { row, token: emails.at(-1)!.token! };
}

async function confirmed(email: string) {
  const { row, token } = await signedUp(email);
  expect((await gql(ConfirmSubscription, { token })).confirmSubscription.__typename).toBe('ConfirmSubscriptionSuccess');
  return (await query(`select * from subscribers where id = $1`, [row.id]))[0]!;
}

describe('subscribe', () => {
  it('queues one confirmation email with a token, keeping only its hash, and names the address in a normal form', async () => {
    const answer = await subscribe('  Reader.One@Example.COM ');
    expect(answer).toEqual({ __typename: 'SubscribeSuccess', message: subscribeMessage });
    addresses.add('Reader.One@example.com');
    const row = await subscriber('Reader.One@example.com');
    expect(row).toMatchObject({ email: 'Reader.One@example.com', status: 'PENDING', confirmations_sent: 1 });
    const emails = await confirmations(row.id);
    expect(emails).toHaveLength(1);
    expect(emails[0]).toMatchObject({ status: 'PENDING', token: expect.stringMatching(/^[A-Za-z0-9_-]{43}$/) });
    expect(row.confirm_token_hash).toBe(sha256(emails[0]!.token!));
    expect(JSON.stringify(row)).not.toContain(emails[0]!.token!);
    const [expiry] = await query<{ hours: number }>(`select round(extract(epoch from confirm_expires_at - now()) / 3600)::int as hours from subscribers where id = $1`, [row.id]);
    expect(expiry!.hours).toBe(48);
  });

  it('answers the same for a new, a pending, a confirmed and an unsubscribed address', async () => {
    const newOne = await subscribe('new@example.org');
    const pending = await subscribe('new@example.org');
    const confirmedRow = await confirmed('confirmed@example.org');
    const beforeConfirmed = (await confirmations(confirmedRow.id)).length;
    const again = await subscribe('confirmed@example.org');
    expect(await confirmations(confirmedRow.id)).toHaveLength(beforeConfirmed);
    // Unsubscribed (and erased), then back: a new subscription, with a new unsubscribe link.
    const left = await confirmed('left@example.org');
    expect((await gql(Unsubscribe, { token: left.unsubscribe_token })).unsubscribe.__typename).toBe('UnsubscribeSuccess');
    const back = await subscribe('left@example.org');
    const returning = await subscriber('left@example.org');
    expect(returning).toMatchObject({ status: 'PENDING' });
    expect(returning.unsubscribe_token).not.toBe(left.unsubscribe_token);
    expect(await confirmations(returning.id)).toHaveLength(1);
    for (const answer of [pending, again, back]) expect(answer).toEqual(newOne);
  });

  it('sends at most 3 confirmation emails a day to an address; a 4th request gets the same answer and sends nothing', async () => {
    const answers = [];
    // The same mailbox written four ways: one address (its case does not make another subscriber).
    for (const written of ['often@example.org', 'Often@example.org', 'OFTEN@Example.org', 'often@EXAMPLE.ORG']) answers.push(await subscribe(written));
    expect(new Set(answers.map((answer) => JSON.stringify(answer))).size).toBe(1);
    const row = await subscriber('often@example.org');
    const emails = await confirmations(row.id);
    expect(emails).toHaveLength(3);
    // Only the newest link works: the earlier unsent emails are dropped.
    expect(emails.map((email) => email.status)).toEqual(['SKIPPED', 'SKIPPED', 'PENDING']);
    expect(row.confirm_token_hash).toBe(sha256(emails[2]!.token!));
    // A day later the window starts again.
    await query(`update subscribers set confirmation_window_at = now() - interval '25 hours' where id = $1`, [row.id]);
    await subscribe('often@example.org');
    expect(await confirmations(row.id)).toHaveLength(4);
  });

  it('keeps one row and the daily limit when the same new address is signed up by several requests at once', async () => {
    const answers = await Promise.all(Array.from({ length: 6 }, () => subscribe('at.once@example.org')));
    expect(new Set(answers.map((answer) => JSON.stringify(answer)))).toEqual(new Set([JSON.stringify({ __typename: 'SubscribeSuccess', message: subscribeMessage })]));
    const [count] = await query<{ count: number }>(`select count(*)::int as count from subscribers where email_hash = $1`, [sha256('at.once@example.org')]);
    expect(count!.count).toBe(1);
    const emails = await confirmations((await subscriber('at.once@example.org')).id);
    expect(emails).toHaveLength(3);
    expect(emails.filter((email) => email.status === 'PENDING')).toHaveLength(1);
  });

  it('refuses an 11th sign-up from one client within 10 minutes with a typed error', async () => {
    const client = newClient();
    for (let i = 0; i < 10; i++) expect((await subscribe(`many${i}@example.net`, client)).__typename).toBe('SubscribeSuccess');
    const refused = await subscribe('many10@example.net', client);
    expect(refused.__typename).toBe('TooManySignUpsError');
    expect(refused.message).toMatch(/^Too many sign-ups from this address; try again in 10 minutes\.$/);
    expect(await subscriber('many10@example.net')).toBeUndefined();
    expect((await subscribe('many10@example.net')).__typename).toBe('SubscribeSuccess');
  });

  it('answers a ValidationError for what is not an address alone, and stores nothing', async () => {
    const [before] = await query<{ count: number }>(`select count(*)::int as count from subscribers`);
    for (const bad of ['no-at-sign.example.org', `${'a'.repeat(250)}@example.org`, `${'a'.repeat(65)}@example.org`, 'two words@example.org', 'A <a@example.org>', '', 'a@b', 'a\u200b@example.org']) {
      addresses.add(bad);
      const answer = (await gql(Subscribe, { email: bad })).subscribe;
      expect(answer.__typename, bad).toBe('ValidationError');
      expect(answer.message, bad).toMatch(/^email: /);
    }
    const [after] = await query<{ count: number }>(`select count(*)::int as count from subscribers`);
    expect(after!.count).toBe(before!.count);
  });
});

describe('confirmSubscription', () => {
  it('confirms with the emailed token once; a replay is refused', async () => {
    const { row, token } = await signedUp('confirm.me@example.org');
    const answer = (await gql(ConfirmSubscription, { token })).confirmSubscription;
    expect(answer).toEqual({ __typename: 'ConfirmSubscriptionSuccess' });
    const after = (await query(`select * from subscribers where id = $1`, [row.id]))[0]!;
    expect(after).toMatchObject({ status: 'CONFIRMED', confirm_token_hash: null });
    expect(after.confirmed_at).not.toBeNull();
    const replay = (await gql(ConfirmSubscription, { token })).confirmSubscription;
    expect(replay).toEqual({ __typename: 'InvalidLinkError', message: 'This confirmation link was already used or is not valid.' });
    expect((await gql(ConfirmSubscription, { token: 'short' })).confirmSubscription.__typename).toBe('ValidationError');
    expect((await gql(ConfirmSubscription, { token: 'A'.repeat(43) })).confirmSubscription.__typename).toBe('InvalidLinkError');
  });

  it('refuses an expired link with its own error, until a new sign-up sends a new one', async () => {
    const { row, token } = await signedUp('late@example.org');
    await query(`update subscribers set confirm_expires_at = now() - interval '1 minute' where id = $1`, [row.id]);
    const expired = (await gql(ConfirmSubscription, { token })).confirmSubscription;
    expect(expired).toEqual({ __typename: 'ExpiredLinkError', message: 'This confirmation link expired; subscribe again to get a new one.' });
    const viaPage = await page('/confirm', form({ token }));
    expect(viaPage.status).toBe(410);
    expect(viaPage.text).toContain('This confirmation link expired; subscribe again to get a new one.');
    const { token: fresh } = await signedUp('late@example.org');
    expect((await gql(ConfirmSubscription, { token })).confirmSubscription.__typename).toBe('InvalidLinkError');
    expect((await gql(ConfirmSubscription, { token: fresh })).confirmSubscription.__typename).toBe('ConfirmSubscriptionSuccess');
  });

  it('the /confirm page: GET shows a button and changes nothing (mail scanners prefetch), its form POST confirms', async () => {
    const { row, token } = await signedUp('page@example.org');
    const shown = await page(`/confirm?token=${token}`);
    expect(shown.status).toBe(200);
    expect(shown.type).toMatch(/^text\/html/);
    expect(shown.text).toContain('<form method="post" action="/confirm">');
    expect(shown.text).toContain(`name="token" value="${token}"`);
    expect(shown.text).toContain('Confirm my subscription');
    expect(shown.text).not.toContain('<script');
    expect((await subscriber('page@example.org')).status).toBe('PENDING');
    const done = await page('/confirm', form({ token }));
    expect(done.status).toBe(200);
    expect(done.text).toContain('You are subscribed');
    expect((await query(`select status from subscribers where id = $1`, [row.id]))[0]).toEqual({ status: 'CONFIRMED' });
    const replay = await page('/confirm', form({ token }));
    expect(replay.status).toBe(404);
    expect(replay.text).toContain('This confirmation link was already used or is not valid.');
    expect((await page('/confirm', form({ token: 'x<script>' }))).status).toBe(400);
    const escaped = await page('/confirm?token=%22%3E%3Cscript%3Ealert(1)%3C/script%3E');
    expect(escaped.text).not.toContain('<script>');
  });

  it('bounds the pages\' bodies', async () => {
    const big = await page('/confirm', form({ token: 'a'.repeat(10_000) }));
    expect(big.status).toBe(413);
    expect((await page('/unsubscribe', { method: 'PUT', body: 'x' })).status).toBe(405);
  });
});

describe('unsubscribe', () => {
  /** A confirmed subscriber with a digest email waiting to be sent. */
  async function withPendingDigest(email: string) {
    const row = await confirmed(email);
    const [digest] = await query<{ id: number }>(
      `insert into digests (week, title) values ($1, 'A week') on conflict (week) do update set title = excluded.title returning id`,
      ['2026-W40'],
    );
    await query(`insert into email_outbox (kind, subscriber_id, digest_id) values ('DIGEST', $1, $2)`, [row.id, digest!.id]);
    return row;
  }

  async function afterLeaving(id: number) {
    const [row] = await query(`select * from subscribers where id = $1`, [id]);
    const emails = await query<{ kind: string; status: string }>(`select kind, status from email_outbox where subscriber_id = $1 order by id`, [id]);
    return { row: row!, emails };
  }

  it('ends a subscription with the mutation: the address is erased and unsent emails skipped; a replay is refused', async () => {
    const row = await withPendingDigest('leaving@example.org');
    const answer = (await gql(Unsubscribe, { token: row.unsubscribe_token })).unsubscribe;
    expect(answer).toEqual({ __typename: 'UnsubscribeSuccess' });
    const { row: after, emails } = await afterLeaving(row.id);
    expect(after).toMatchObject({ status: 'UNSUBSCRIBED', email: '', email_hash: `erased:${row.id}` });
    expect(after.unsubscribed_at).not.toBeNull();
    expect(emails).toEqual(expect.arrayContaining([{ kind: 'DIGEST', status: 'SKIPPED' }]));
    expect(emails.some((email) => email.status === 'PENDING')).toBe(false);
    const replay = (await gql(Unsubscribe, { token: row.unsubscribe_token })).unsubscribe;
    expect(replay).toEqual({ __typename: 'UsedLinkError', message: 'This unsubscribe link was already used: the address is unsubscribed.' });
    expect((await gql(Unsubscribe, { token: 'B'.repeat(43) })).unsubscribe.__typename).toBe('InvalidLinkError');
    expect((await gql(Unsubscribe, { token: '' })).unsubscribe.__typename).toBe('ValidationError');
  });

  it('RFC 8058 one-click: a POST with List-Unsubscribe=One-Click to the link unsubscribes and answers 200 with a short text', async () => {
    const row = await withPendingDigest('one.click@example.org');
    const link = `/unsubscribe?token=${row.unsubscribe_token}`;
    // Opening the link (a scanner, a preview) changes nothing.
    const shown = await page(link);
    expect(shown.status).toBe(200);
    expect(shown.text).toContain('<button type="submit">Unsubscribe</button>');
    expect((await afterLeaving(row.id)).row.status).toBe('CONFIRMED');
    const done = await page(link, form({ 'List-Unsubscribe': 'One-Click' }));
    expect(done).toMatchObject({ status: 200, type: expect.stringMatching(/^text\/plain/) });
    const { row: after, emails } = await afterLeaving(row.id);
    expect(after).toMatchObject({ status: 'UNSUBSCRIBED', email: '', email_hash: `erased:${row.id}` });
    expect(emails.filter((email) => email.kind === 'DIGEST')).toEqual([{ kind: 'DIGEST', status: 'SKIPPED' }]);
    const replay = await page(link, form({ 'List-Unsubscribe': 'One-Click' }));
    expect(replay.status).toBe(410);
    expect(replay.text).toBe('This unsubscribe link was already used: the address is unsubscribed.\n');
  });

  it('one-click sent as multipart/form-data, and the page\'s own form', async () => {
    const first = await confirmed('multipart@example.org');
    const body = new FormData();
    body.append('List-Unsubscribe', 'One-Click');
    const done = await page(`/unsubscribe?token=${first.unsubscribe_token}`, { method: 'POST', body });
    expect(done).toMatchObject({ status: 200, text: 'Unsubscribed.\n' });
    const second = await confirmed('form@example.org');
    const viaForm = await page(`/unsubscribe?token=${second.unsubscribe_token}`, form({ token: second.unsubscribe_token }));
    expect(viaForm.status).toBe(200);
    expect(viaForm.text).toContain('You are unsubscribed');
    expect((await afterLeaving(second.id)).row.status).toBe('UNSUBSCRIBED');
    expect((await page('/unsubscribe?token=nope', form({}))).status).toBe(400);
    expect((await page(`/unsubscribe?token=${'C'.repeat(43)}`, form({}))).status).toBe(404);
  });
});

describe('privacy', () => {
  it('a sign-up failing in the database logs no address (neither the statement\'s parameters nor the failing row)', async () => {
    await query(`alter table subscribers add constraint test_refuses_boom check (email <> 'boom@example.org')`);
    try {
      addresses.add('boom@example.org');
      const response = await fetch(`${url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-forwarded-for': newClient() },
        body: JSON.stringify({ query: Subscribe, variables: { email: 'boom@example.org' } }),
      });
      const text = await response.text();
      answers.push(text);
      expect(JSON.parse(text).errors[0].message).toMatch(/^Unexpected error/);
      expect(logLines.some((line) => line.includes('A digest sign-up failed in the database (SQLSTATE 23514)'))).toBe(true);
    } finally {
      await query(`alter table subscribers drop constraint test_refuses_boom`);
    }
  });

  it('no answer, audit event or log line names an address; the trail names subscribers by id', async () => {
    expect(addresses.size).toBeGreaterThan(10);
    const events = await query<{ action: string; entity_type: string; entity_id: string; actor_id: number | null; text: string }>(
      `select action, entity_type, entity_id, actor_id, row_to_json(a)::text as text from audit_events a where entity_type = 'Subscriber' order by id`,
    );
    expect(new Set(events.map((event) => event.action))).toEqual(new Set(['SUBSCRIBE', 'CONFIRM', 'UNSUBSCRIBE']));
    expect(events.every((event) => event.actor_id === null && /^\d+$/.test(event.entity_id))).toBe(true);
    const [trail] = await query<{ text: string }>(`select coalesce(string_agg(row_to_json(a)::text, ' '), '') as text from audit_events a`);
    const log = logLines.join('\n');
    expect(log).toContain('digest_subscribe');
    for (const address of addresses) {
      const needles = [address, address.trim(), address.trim().toLowerCase()].filter((needle) => needle.includes('@'));
      for (const needle of needles) {
        expect(answers.some((answer) => answer.includes(needle)), `answers name ${needle}`).toBe(false);
        expect(trail!.text.toLowerCase().includes(needle.toLowerCase()), `audit names ${needle}`).toBe(false);
        expect(log.toLowerCase().includes(needle.toLowerCase()), `log names ${needle}`).toBe(false);
      }
    }
  });
});
