import { createHash, randomBytes } from 'node:crypto';
import { and, eq, getTableColumns, sql } from 'drizzle-orm';
import { GraphQLError } from 'graphql';
import type { Logger } from 'pino';
import { RateLimiterMemory, RateLimiterRes } from 'rate-limiter-flexible';
import { z } from 'zod';
import type { Database, Transaction } from '../../db/client.ts';
import { emailOutbox, subscribers, type SubscriberStatus } from '../../db/schema/index.ts';
import { appendAuditEvent } from '../catalog/audit.ts';
import { noHiddenCharacters } from '../catalog/inputs.ts';
import { ValidationError } from '../errors.ts';

// Signing up for the weekly digest (double opt-in), confirming, and leaving. The address is kept to
// send to and nowhere else: rows are found by its SHA-256, the audit trail and the log name the
// subscriber's id, and unsubscribing erases it. Every answer to `subscribe` is the same sentence,
// whether the address is new, waiting, confirmed or over its limit: it reveals nothing.

export const subscribeMessage = 'If this address can receive mail, a confirmation link is on its way. Nothing else will be sent until it is confirmed.';
export const confirmedMessage = 'Your subscription is confirmed: the digest arrives once a week. Every email has a link to unsubscribe.';
export const unsubscribedMessage = 'You are unsubscribed and your address was erased. Nothing more will be sent to it.';

/** Confirmation emails per address in 24 hours; more requests get the same answer and send nothing. */
export const confirmationsPerDay = 3;
/** How long a confirmation link works. */
export const confirmationHours = 48;

// Expected failures, typed (server/graphql/digestSubscribers.ts) and shown by the mail-link pages with
// their HTTP status (server/http/mailLinks.ts).

/** The link's token is not one this site makes (cut short, altered): 400. */
export class MalformedLinkError extends ValidationError {
  readonly httpStatus = 400;
  constructor(kind: 'confirmation' | 'unsubscribe') {
    super([{ path: 'token', message: `This ${kind} link is incomplete or damaged: open it from the email again, or copy it whole.` }]);
  }
}

/** No subscription has this token (a confirmation link already used lands here too: its hash is gone): 404. */
export class InvalidLinkError extends GraphQLError {
  readonly httpStatus = 404;
  constructor(message: string) {
    super(message, { extensions: { code: 'INVALID_LINK' } });
    this.name = 'InvalidLinkError';
  }
}

/** The confirmation link is older than 48 hours: 410. */
export class ExpiredLinkError extends GraphQLError {
  readonly httpStatus = 410;
  constructor() {
    super('This confirmation link expired; subscribe again to get a new one.', { extensions: { code: 'EXPIRED_LINK' } });
    this.name = 'ExpiredLinkError';
  }
}

/** The unsubscribe link was used: the subscription is over already: 410. */
export class UsedLinkError extends GraphQLError {
  readonly httpStatus = 410;
  constructor() {
    super('This unsubscribe link was already used: the address is unsubscribed.', { extensions: { code: 'USED_LINK' } });
    this.name = 'UsedLinkError';
  }
}

/** Too many sign-ups from one client address. */
export class TooManySignUpsError extends GraphQLError {
  readonly httpStatus = 429;
  constructor(readonly retryAfterSeconds: number) {
    super(`Too many sign-ups from this address; try again in ${Math.max(1, Math.ceil(retryAfterSeconds / 60))} minutes.`, {
      extensions: { code: 'TOO_MANY_SIGN_UPS' },
    });
    this.name = 'TooManySignUpsError';
  }
}

export interface SignupLimits {
  /** subscribe requests allowed per client address in `windowSeconds`. */
  perClient: number;
  windowSeconds: number;
}

/**
 * Counts subscribe requests per client address (every request, valid or not), in this process's
 * memory like sign-in attempts (server/auth/loginLimiter.ts): with several instances, each counts its own.
 */
export class SignupLimiter {
  private readonly byClient: RateLimiterMemory;
  constructor(readonly limits: SignupLimits = { perClient: 10, windowSeconds: 10 * 60 }) {
    this.byClient = new RateLimiterMemory({ keyPrefix: 'digest_signup', points: limits.perClient, duration: limits.windowSeconds });
  }

  /** Takes one request from the client's allowance, or throws TooManySignUpsError with the wait. */
  async take(clientIp: string): Promise<void> {
    try {
      await this.byClient.consume(clientIp.slice(0, 100));
    } catch (error) {
      if (error instanceof RateLimiterRes) throw new TooManySignUpsError(Math.ceil(error.msBeforeNext / 1000));
      throw error;
    }
  }
}

/** The process's limiter, shared by the GraphQL mutation and anything else that signs people up. */
export const signupLimiter = new SignupLimiter();

export interface SubscriberOptions {
  log?: Logger;
  requestId?: string | null;
  limiter?: SignupLimiter;
}

const emailSchema = z
  .string()
  .trim()
  .min(1, 'Enter an email address.')
  .max(254, 'An email address has at most 254 characters.')
  .refine(noHiddenCharacters, 'Contains control or invisible characters.')
  .refine((value) => !/\s/.test(value), 'An email address has no spaces: enter the address alone, like name@example.com.')
  .refine((value) => (value.split('@')[0] ?? '').length <= 64, 'The part before @ has at most 64 characters.')
  .pipe(z.email('Enter an email address alone, like name@example.com.'));

/** The address as it is stored and hashed: trimmed, its domain in lower case (the part before @ is the mailbox's to interpret). */
export function normaliseEmail(input: string): string {
  const result = emailSchema.safeParse(input);
  if (!result.success) throw ValidationError.field('email', result.error.issues[0]?.message ?? 'Enter an email address.');
  const at = result.data.lastIndexOf('@');
  return `${result.data.slice(0, at)}@${result.data.slice(at + 1).toLowerCase()}`;
}

const sha256 = (value: string) => createHash('sha256').update(value).digest('hex');
// Looked up case-insensitively: mailbox names are case-sensitive in theory, never in practice, and
// `V@x` beside `v@x` would get every digest twice and dodge the per-address limit.
export const emailHashOf = (normalised: string) => sha256(normalised.toLowerCase());
const newToken = () => randomBytes(32).toString('base64url');
/** 32 random bytes in base64url: what this module makes for both kinds of link. */
const tokenPattern = /^[A-Za-z0-9_-]{43}$/;

/** A subscriber, and whether its 24-hour window of confirmation emails is still running. */
type SubscriberRow = typeof subscribers.$inferSelect & { windowCurrent: boolean };
const expiresIn = sql`now() + ${`${confirmationHours} hours`}::interval`;

function audit(tx: Transaction, options: SubscriberOptions, action: string, id: number, diff: Record<string, { before: unknown; after: unknown }>) {
  // An anonymous reader has no user row: the event has no actor, and names the subscriber by its id only.
  return appendAuditEvent(tx, { actorId: null, action, entityType: 'Subscriber', entityId: id, diff, requestId: options.requestId ?? null });
}

/**
 * Signs an address up (double opt-in). A new, waiting or unsubscribed address gets a fresh
 * confirmation link (48 h; only its hash is kept), queued in the mail outbox in the same transaction,
 * at most 3 a day per address; a confirmed one gets nothing. The answer is always `subscribeMessage`.
 */
export async function subscribe(db: Database, email: string, clientIp: string, options: SubscriberOptions = {}): Promise<{ message: string }> {
  await (options.limiter ?? signupLimiter).take(clientIp);
  const address = normaliseEmail(email);
  const emailHash = emailHashOf(address);
  const outcome = await db.transaction(async (tx) => {
    const found = await lockByHash(tx, emailHash);
    if (!found) {
      const token = newToken();
      const [created] = await tx
        .insert(subscribers)
        .values({
          email: address,
          emailHash,
          status: 'PENDING',
          confirmTokenHash: sha256(token),
          confirmExpiresAt: expiresIn as never,
          confirmationsSent: 1,
          confirmationWindowAt: sql`now()` as never,
          unsubscribeToken: newToken(),
        })
        .onConflictDoNothing({ target: subscribers.emailHash })
        .returning({ id: subscribers.id });
      if (created) {
        await queueConfirmation(tx, created.id, token);
        await audit(tx, options, 'SUBSCRIBE', created.id, { status: { before: null, after: 'PENDING' }, confirmationsSent: { before: null, after: 1 } });
        return { id: created.id, sent: true, reason: 'new' };
      }
    }
    // Signed up by a concurrent request just now, or known already.
    const row = found ?? (await lockByHash(tx, emailHash))!;
    return resubscribe(tx, row, address, options);
  }).catch((error: unknown) => {
    throw withoutAddress(error);
  });
  options.log?.info({ event: 'digest_subscribe', subscriber: outcome.id, emailHash: emailHash.slice(0, 12), confirmationQueued: outcome.sent, reason: outcome.reason }, 'digest sign-up');
  return { message: subscribeMessage };
}

/**
 * A database failure of a sign-up, passed on without what would name the address: the failed
 * statement's parameters (in the query error's message and fields) and the row in a constraint's
 * detail. Its SQLSTATE stays, so an unavailable database is still answered as such.
 */
function withoutAddress(error: unknown): unknown {
  if (error instanceof GraphQLError) return error;
  const outer = error as { code?: unknown; cause?: unknown; message?: unknown };
  const inner = (outer.cause ?? outer) as { code?: unknown; message?: unknown };
  const code = [inner.code, outer.code].find((value): value is string => typeof value === 'string');
  const closed = [inner.message, outer.message].find((value): value is string => typeof value === 'string' && /PGlite is closed|database system is/.test(value));
  return Object.assign(new Error(closed ?? `A digest sign-up failed in the database${code ? ` (SQLSTATE ${code})` : ''}.`), code ? { code } : {});
}

function lockByHash(tx: Transaction, emailHash: string): Promise<SubscriberRow | undefined> {
  return tx
    .select({
      ...getTableColumns(subscribers),
      windowCurrent: sql<boolean>`coalesce(${subscribers.confirmationWindowAt} > now() - interval '24 hours', false)`,
    })
    .from(subscribers)
    .where(eq(subscribers.emailHash, emailHash))
    .for('update')
    .then((rows) => rows[0]);
}

async function resubscribe(tx: Transaction, row: SubscriberRow, address: string, options: SubscriberOptions) {
  if (row.status === 'CONFIRMED') return { id: row.id, sent: false, reason: 'confirmed' };
  // The 24-hour window starts at its first confirmation email; a later request past it starts a new one.
  const sentInWindow = row.windowCurrent ? row.confirmationsSent : 0;
  if (sentInWindow >= confirmationsPerDay) return { id: row.id, sent: false, reason: 'daily limit' };
  const token = newToken();
  const leaving = row.status === 'UNSUBSCRIBED';
  await tx
    .update(subscribers)
    .set({
      email: address,
      status: 'PENDING',
      confirmTokenHash: sha256(token),
      confirmExpiresAt: expiresIn as never,
      confirmationsSent: sentInWindow + 1,
      confirmationWindowAt: sentInWindow === 0 ? (sql`now()` as never) : row.confirmationWindowAt,
      // Coming back after leaving: links of the old subscription's emails must not end the new one.
      ...(leaving ? { unsubscribeToken: newToken(), confirmedAt: null, unsubscribedAt: null } : {}),
    })
    .where(eq(subscribers.id, row.id));
  // The earlier link no longer works: an email carrying it that has not gone out yet never will.
  await tx
    .update(emailOutbox)
    .set({ status: 'SKIPPED', token: null })
    .where(and(eq(emailOutbox.subscriberId, row.id), eq(emailOutbox.kind, 'CONFIRMATION'), eq(emailOutbox.status, 'PENDING')));
  await queueConfirmation(tx, row.id, token);
  await audit(tx, options, 'SUBSCRIBE', row.id, {
    status: { before: row.status, after: 'PENDING' },
    confirmationsSent: { before: row.confirmationsSent, after: sentInWindow + 1 },
  });
  return { id: row.id, sent: true, reason: leaving ? 'returning' : 'pending' };
}

async function queueConfirmation(tx: Transaction, subscriberId: number, token: string) {
  await tx.insert(emailOutbox).values({ kind: 'CONFIRMATION', subscriberId, token });
  await tx.execute(sql`select pg_notify('email_outbox', '')`);
}

/**
 * Confirms the subscription a confirmation link names: a waiting one whose link has not expired
 * becomes CONFIRMED, and the link stops working (its hash is cleared). Throws MalformedLinkError,
 * InvalidLinkError (unknown, or used already) or ExpiredLinkError.
 */
export async function confirm(db: Database, token: string, options: SubscriberOptions = {}): Promise<{ message: string; confirmedAt: string }> {
  if (!tokenPattern.test(token)) throw new MalformedLinkError('confirmation');
  const tokenHash = sha256(token);
  const confirmed = await db.transaction(async (tx) => {
    const [row] = await tx
      .update(subscribers)
      .set({ status: 'CONFIRMED', confirmedAt: sql`now()` as never, confirmTokenHash: null, confirmExpiresAt: null })
      .where(and(eq(subscribers.confirmTokenHash, tokenHash), eq(subscribers.status, 'PENDING'), sql`${subscribers.confirmExpiresAt} > now()`))
      .returning({ id: subscribers.id, confirmedAt: subscribers.confirmedAt });
    if (!row) return null;
    await audit(tx, options, 'CONFIRM', row.id, { status: { before: 'PENDING', after: 'CONFIRMED' } });
    return row;
  });
  if (confirmed) {
    options.log?.info({ event: 'digest_confirm', subscriber: confirmed.id }, 'digest subscription confirmed');
    return { message: confirmedMessage, confirmedAt: confirmed.confirmedAt! };
  }
  const [row] = await db.select({ id: subscribers.id, status: subscribers.status }).from(subscribers).where(eq(subscribers.confirmTokenHash, tokenHash));
  options.log?.info({ event: 'digest_confirm_refused', subscriber: row?.id ?? null, reason: row ? 'expired' : 'unknown or used' }, 'digest confirmation refused');
  if (row?.status === 'PENDING') throw new ExpiredLinkError();
  throw new InvalidLinkError('This confirmation link was already used or is not valid.');
}

/**
 * Ends the subscription an unsubscribe link names (waiting or confirmed): UNSUBSCRIBED, its address
 * erased, its emails not yet sent SKIPPED. Throws MalformedLinkError, InvalidLinkError (unknown) or
 * UsedLinkError (unsubscribed already).
 */
export async function unsubscribe(db: Database, token: string, options: SubscriberOptions = {}): Promise<{ message: string; unsubscribedAt: string }> {
  if (!tokenPattern.test(token)) throw new MalformedLinkError('unsubscribe');
  const result = await db.transaction(async (tx) => {
    const [row] = await tx.select().from(subscribers).where(eq(subscribers.unsubscribeToken, token)).for('update');
    if (!row) throw new InvalidLinkError('This unsubscribe link is not valid: open it from one of the emails again.');
    if (row.status === 'UNSUBSCRIBED') throw new UsedLinkError();
    const [after] = await tx
      .update(subscribers)
      .set({
        status: 'UNSUBSCRIBED' satisfies SubscriberStatus,
        unsubscribedAt: sql`now()` as never,
        // Erased: the hash goes too (a value no address hashes to), so nothing links the row to the address.
        email: '',
        emailHash: `erased:${row.id}`,
        confirmTokenHash: null,
        confirmExpiresAt: null,
      })
      .where(eq(subscribers.id, row.id))
      .returning({ unsubscribedAt: subscribers.unsubscribedAt });
    const skipped = await tx
      .update(emailOutbox)
      .set({ status: 'SKIPPED', token: null })
      .where(and(eq(emailOutbox.subscriberId, row.id), eq(emailOutbox.status, 'PENDING')))
      .returning({ id: emailOutbox.id });
    await audit(tx, options, 'UNSUBSCRIBE', row.id, {
      status: { before: row.status, after: 'UNSUBSCRIBED' },
      email: { before: '(erased)', after: null },
      emailsSkipped: { before: 0, after: skipped.length },
    });
    return { id: row.id, unsubscribedAt: after!.unsubscribedAt!, skipped: skipped.length };
  });
  options.log?.info({ event: 'digest_unsubscribe', subscriber: result.id, emailsSkipped: result.skipped }, 'digest subscription ended');
  return { message: unsubscribedMessage, unsubscribedAt: result.unsubscribedAt };
}
