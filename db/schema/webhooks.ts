import { sql } from 'drizzle-orm';
import { bigint, boolean, check, index, integer, pgTable, serial, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';
import { catalogChanges } from './changes.ts';
import { sqlList } from './columns.ts';
import { users } from './people.ts';

export const webhookDeliveryStatuses = ['PENDING', 'DELIVERED', 'FAILED', 'SKIPPED'] as const;
export type WebhookDeliveryStatus = (typeof webhookDeliveryStatuses)[number];

/**
 * Where admins asked for public changes to be sent (server/webhooks/). `kinds` empty means every kind.
 * The secret signs deliveries (Standard Webhooks) and is shown once, when the webhook is created.
 */
export const webhooks = pgTable('webhooks', {
  id: serial('id').primaryKey(),
  url: text('url').notNull(),
  kinds: text('kinds').array().notNull().default(sql`'{}'::text[]`),
  description: text('description'),
  secret: text('secret').notNull(),
  enabled: boolean('enabled').notNull().default(true),
  /** Why it stopped: an admin disabled it, or deliveries failed for about a day (the notice admins read). */
  disabledReason: text('disabled_reason'),
  disabledAt: timestamp('disabled_at', { withTimezone: true, mode: 'string' }),
  consecutiveFailures: integer('consecutive_failures').notNull().default(0),
  lastSuccessAt: timestamp('last_success_at', { withTimezone: true, mode: 'string' }),
  lastFailureAt: timestamp('last_failure_at', { withTimezone: true, mode: 'string' }),
  createdBy: integer('created_by').references(() => users.id),
  createdAt: timestamp('created_at', { withTimezone: true, mode: 'string' }).notNull().defaultNow(),
});

/**
 * The outbox: one row per change per webhook, inserted by a trigger on catalog_changes in the change's
 * own transaction (nothing committed is lost when the process dies). Sent oldest change first per
 * webhook; a claim is a lease (next_attempt_at moved ahead, attempts + 1), so a delivery whose sender
 * died is sent again once the lease runs out.
 */
export const webhookDeliveries = pgTable(
  'webhook_deliveries',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    webhookId: integer('webhook_id')
      .notNull()
      .references(() => webhooks.id, { onDelete: 'cascade' }),
    changeId: bigint('change_id', { mode: 'number' })
      .notNull()
      .references(() => catalogChanges.id),
    status: text('status', { enum: webhookDeliveryStatuses }).notNull().default('PENDING'),
    attempts: integer('attempts').notNull().default(0),
    nextAttemptAt: timestamp('next_attempt_at', { withTimezone: true, mode: 'string' }).notNull().defaultNow(),
    lastAttemptAt: timestamp('last_attempt_at', { withTimezone: true, mode: 'string' }),
    lastStatusCode: integer('last_status_code'),
    lastError: text('last_error'),
    /** Milliseconds from the change's commit-time row to the receiver's 2xx. */
    latencyMs: integer('latency_ms'),
    createdAt: timestamp('created_at', { withTimezone: true, mode: 'string' }).notNull().defaultNow(),
    deliveredAt: timestamp('delivered_at', { withTimezone: true, mode: 'string' }),
  },
  (t) => [
    uniqueIndex('webhook_deliveries_webhook_change_idx').on(t.webhookId, t.changeId),
    index('webhook_deliveries_pending_idx').on(t.webhookId, t.changeId).where(sql`${t.status} = 'PENDING'`),
    index('webhook_deliveries_webhook_idx').on(t.webhookId, t.id),
    check('webhook_deliveries_status_check', sql`${t.status} in (${sqlList(webhookDeliveryStatuses)})`),
  ],
);
