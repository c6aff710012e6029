import { sql } from 'drizzle-orm';
import { check, index, integer, jsonb, pgTable, text, timestamp } from 'drizzle-orm/pg-core';
import { editable, sqlList } from './columns.ts';
import { users } from './people.ts';

/** Entities the public sees whose changes, once they are public, wait for a second person. */
export const revisableEntities = ['Provider', 'ModelFamily', 'Model', 'Benchmark', 'Source', 'SiteText'] as const;
export type RevisableEntity = (typeof revisableEntities)[number];
export const revisionStatuses = ['PENDING', 'APPROVED', 'REJECTED'] as const;
export type RevisionStatus = (typeof revisionStatuses)[number];

/**
 * A proposed change to something already public (a published model's text, a provider's API
 * address, a cited source's URL…). It applies only when a second person approves it, and only to
 * the version it was proposed against.
 */
export const revisions = pgTable(
  'revisions',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    entityType: text('entity_type', { enum: revisableEntities }).notNull(),
    /** The row id (site texts: their key). */
    entityId: text('entity_id').notNull(),
    /** The entity's version the change was proposed against; approval needs it unchanged. */
    baseVersion: integer('base_version').notNull(),
    /** Column values to set, as the database stores them. */
    changes: jsonb('changes').notNull().$type<Record<string, unknown>>(),
    /** The same change for reviewers: `{ field: { before, after } }`, before as proposed against. */
    diff: jsonb('diff').notNull().$type<Record<string, { before: unknown; after: unknown }>>(),
    status: text('status', { enum: revisionStatuses }).notNull().default('PENDING'),
    proposedById: integer('proposed_by_id')
      .notNull()
      .references(() => users.id),
    reviewedById: integer('reviewed_by_id').references(() => users.id),
    reviewedAt: timestamp('reviewed_at', { withTimezone: true, mode: 'string' }),
    rejectionReason: text('rejection_reason'),
    ...editable(),
  },
  (t) => [
    index('revisions_entity_idx').on(t.entityType, t.entityId, t.id),
    index('revisions_pending_idx').on(t.id).where(sql`${t.status} = 'PENDING'`),
    check('revisions_entity_type_check', sql`${t.entityType} in (${sqlList(revisableEntities)})`),
    check('revisions_status_check', sql`${t.status} in (${sqlList(revisionStatuses)})`),
    // Four eyes in the database: whoever proposed a change does not approve it.
    check('revisions_four_eyes_check', sql`${t.status} <> 'APPROVED' or (${t.reviewedById} is not null and ${t.reviewedById} <> ${t.proposedById})`),
    check('revisions_rejection_check', sql`${t.status} <> 'REJECTED' or (${t.reviewedById} is not null and length(trim(${t.rejectionReason})) > 0)`),
  ],
);
