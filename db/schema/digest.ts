import { sql } from 'drizzle-orm';
import { bigint, check, index, integer, pgTable, serial, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';
import { catalogChanges } from './changes.ts';
import { sqlList } from './columns.ts';
import { models } from './catalog.ts';
import { users } from './people.ts';
import { sources } from './sources.ts';

export const digestStatuses = ['DRAFT', 'PUBLISHED'] as const;
export type DigestStatus = (typeof digestStatuses)[number];

/**
 * The weekly digest (ISO week, "2026-W49"): assembled by editors from the week's changes, published by
 * a reviewer or admin who did not assemble it (`edited_by` holds everyone who saved it), then sent to
 * confirmed subscribers. Published ones are public and no longer change.
 */
export const digests = pgTable(
  'digests',
  {
    id: serial('id').primaryKey(),
    week: text('week').notNull(),
    title: text('title').notNull(),
    intro: text('intro').notNull().default(''),
    status: text('status', { enum: digestStatuses }).notNull().default('DRAFT'),
    editedBy: integer('edited_by').array().notNull().default(sql`'{}'::integer[]`),
    publishedBy: integer('published_by').references(() => users.id),
    publishedAt: timestamp('published_at', { withTimezone: true, mode: 'string' }),
    version: integer('version').notNull().default(1),
    createdAt: timestamp('created_at', { withTimezone: true, mode: 'string' }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true, mode: 'string' }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('digests_week_idx').on(t.week),
    index('digests_published_idx').on(t.publishedAt).where(sql`${t.status} = 'PUBLISHED'`),
    check('digests_status_check', sql`${t.status} in (${sqlList(digestStatuses)})`),
    check('digests_week_check', sql`${t.week} ~ '^[0-9]{4}-W(0[1-9]|[1-4][0-9]|5[0-3])$'`),
    // published_by null: published by the demo catalog's import, not a person.
    check('digests_published_check', sql`(${t.status} = 'PUBLISHED') = (${t.publishedAt} is not null)`),
  ],
);

/**
 * An item of a digest, in its order: picked from a public change of the catalog (its kind, model and
 * citation come from the change), with the editor's headline and one-line note. Every item is cited.
 */
export const digestItems = pgTable(
  'digest_items',
  {
    id: serial('id').primaryKey(),
    digestId: integer('digest_id')
      .notNull()
      .references(() => digests.id, { onDelete: 'cascade' }),
    position: integer('position').notNull(),
    changeId: bigint('change_id', { mode: 'number' })
      .notNull()
      .references(() => catalogChanges.id),
    kind: text('kind').notNull(),
    headline: text('headline').notNull(),
    note: text('note'),
    modelId: integer('model_id')
      .notNull()
      .references(() => models.id),
    /** The number the item cites: the change's own, or for a model launch one of the model's verified numbers. */
    claimKind: text('claim_kind'),
    claimId: integer('claim_id'),
    sourceId: integer('source_id').references(() => sources.id),
    locator: text('locator'),
  },
  (t) => [
    uniqueIndex('digest_items_position_idx').on(t.digestId, t.position),
    uniqueIndex('digest_items_change_idx').on(t.digestId, t.changeId),
    check('digest_items_cited_check', sql`${t.claimKind} in ('Score', 'Price', 'ModelFact') and ${t.claimId} is not null and ${t.sourceId} is not null`),
  ],
);

export const subscriberStatuses = ['PENDING', 'CONFIRMED', 'UNSUBSCRIBED'] as const;
export type SubscriberStatus = (typeof subscriberStatuses)[number];

/**
 * Readers signed up for the digest (double opt-in). The address is kept to send to and nowhere else:
 * lookups go by its hash, logs and the audit trail name the hash, and unsubscribing erases it. The
 * confirmation token is stored as its SHA-256 hash, single-use and expiring; the unsubscribe token is
 * put in every email, so it is kept as such (single-use too: it ends the subscription).
 */
export const subscribers = pgTable(
  'subscribers',
  {
    id: serial('id').primaryKey(),
    email: text('email').notNull(),
    emailHash: text('email_hash').notNull(),
    status: text('status', { enum: subscriberStatuses }).notNull().default('PENDING'),
    confirmTokenHash: text('confirm_token_hash'),
    confirmExpiresAt: timestamp('confirm_expires_at', { withTimezone: true, mode: 'string' }),
    /** Confirmation emails sent in the current 24-hour window (per-address rate limit) and when it began. */
    confirmationsSent: integer('confirmations_sent').notNull().default(0),
    confirmationWindowAt: timestamp('confirmation_window_at', { withTimezone: true, mode: 'string' }),
    unsubscribeToken: text('unsubscribe_token').notNull(),
    confirmedAt: timestamp('confirmed_at', { withTimezone: true, mode: 'string' }),
    unsubscribedAt: timestamp('unsubscribed_at', { withTimezone: true, mode: 'string' }),
    createdAt: timestamp('created_at', { withTimezone: true, mode: 'string' }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('subscribers_email_hash_idx').on(t.emailHash),
    uniqueIndex('subscribers_unsubscribe_token_idx').on(t.unsubscribeToken),
    uniqueIndex('subscribers_confirm_token_idx').on(t.confirmTokenHash),
    index('subscribers_confirmed_idx').on(t.id).where(sql`${t.status} = 'CONFIRMED'`),
    check('subscribers_status_check', sql`${t.status} in (${sqlList(subscriberStatuses)})`),
  ],
);

export const emailKinds = ['CONFIRMATION', 'DIGEST'] as const;
export type EmailKind = (typeof emailKinds)[number];
/**
 * PENDING: to send (or retry); SENDING: handed to SMTP under a lease; SENT: accepted by the SMTP server;
 * UNCERTAIN: its sender died after handing it over, so it may have gone out (never re-sent on its own:
 * a duplicate is worse than asking an admin); FAILED: given up; SKIPPED: the subscriber left first.
 */
export const emailStatuses = ['PENDING', 'SENDING', 'SENT', 'UNCERTAIN', 'FAILED', 'SKIPPED'] as const;
export type EmailStatus = (typeof emailStatuses)[number];

/**
 * The mail outbox: one row per email to send, written in the transaction that decides it (a
 * subscription, a digest's publication). At most one digest email per (digest, subscriber).
 */
export const emailOutbox = pgTable(
  'email_outbox',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    kind: text('kind', { enum: emailKinds }).notNull(),
    subscriberId: integer('subscriber_id')
      .notNull()
      .references(() => subscribers.id, { onDelete: 'cascade' }),
    digestId: integer('digest_id').references(() => digests.id),
    /** The confirmation link's token, until sent (then cleared: only its hash is kept). */
    token: text('token'),
    status: text('status', { enum: emailStatuses }).notNull().default('PENDING'),
    attempts: integer('attempts').notNull().default(0),
    nextAttemptAt: timestamp('next_attempt_at', { withTimezone: true, mode: 'string' }).notNull().defaultNow(),
    leaseUntil: timestamp('lease_until', { withTimezone: true, mode: 'string' }),
    lastError: text('last_error'),
    messageId: text('message_id'),
    createdAt: timestamp('created_at', { withTimezone: true, mode: 'string' }).notNull().defaultNow(),
    sentAt: timestamp('sent_at', { withTimezone: true, mode: 'string' }),
  },
  (t) => [
    uniqueIndex('email_outbox_digest_subscriber_idx').on(t.digestId, t.subscriberId).where(sql`${t.kind} = 'DIGEST'`),
    index('email_outbox_due_idx').on(t.nextAttemptAt, t.id).where(sql`${t.status} = 'PENDING'`),
    index('email_outbox_sending_idx').on(t.leaseUntil).where(sql`${t.status} = 'SENDING'`),
    check('email_outbox_kind_check', sql`${t.kind} in (${sqlList(emailKinds)})`),
    check('email_outbox_status_check', sql`${t.status} in (${sqlList(emailStatuses)})`),
    check('email_outbox_digest_check', sql`(${t.kind} = 'DIGEST') = (${t.digestId} is not null)`),
  ],
);
