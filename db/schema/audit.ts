import { sql } from 'drizzle-orm';
import { bigint, check, index, integer, jsonb, pgTable, text, timestamp } from 'drizzle-orm/pg-core';
import { users } from './people.ts';

/**
 * The audit trail: one row per successful change, written in the change's own transaction.
 * Append-only in the database itself: a trigger refuses UPDATE, DELETE and TRUNCATE.
 */
export const auditEvents = pgTable(
  'audit_events',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    at: timestamp('at', { withTimezone: true, mode: 'string' }).notNull().defaultNow(),
    /** Who did it; null for the system (first start, command-line tools). */
    actorId: integer('actor_id').references(() => users.id),
    action: text('action').notNull(),
    /** GraphQL type name of the changed entity (Score, Model, User, SiteText…). */
    entityType: text('entity_type').notNull(),
    entityId: text('entity_id').notNull(),
    /** Changed fields only: `{ field: { before, after } }`. */
    diff: jsonb('diff').notNull().$type<Record<string, { before: unknown; after: unknown }>>(),
    requestId: text('request_id'),
  },
  (t) => [
    index('audit_events_entity_idx').on(t.entityType, t.entityId, t.id),
    index('audit_events_actor_idx').on(t.actorId, t.id),
    check('audit_events_action_check', sql`${t.action} ~ '^[A-Z_]+$'`),
  ],
);
