import { sql } from 'drizzle-orm';
import { date, integer, timestamp } from 'drizzle-orm/pg-core';

/** Every editable row carries an optimistic-lock version and its timestamps. */
export const editable = () => ({
  version: integer('version').notNull().default(1),
  createdAt: timestamp('created_at', { withTimezone: true, mode: 'string' }).notNull().defaultNow(),
  updatedAt: timestamp('updated_at', { withTimezone: true, mode: 'string' }).notNull().defaultNow(),
});

/** A day as ISO text (YYYY-MM-DD): no time zone shifts between the database and JSON. */
export const day = (name: string) => date(name, { mode: 'string' });

/**
 * Workflow of every sourced number (scores, prices, model facts). RETIRED: withdrawn without a
 * replacement (a price tier no longer sold, an entry made in error); kept as history.
 */
export const claimStatuses = ['DRAFT', 'PENDING_REVIEW', 'VERIFIED', 'REJECTED', 'SUPERSEDED', 'RETIRED'] as const;
export type ClaimStatus = (typeof claimStatuses)[number];

/** Where a claim came from: typed in by an editor, or loaded by the catalog importer/seed. */
export const claimOrigins = ['EDITOR', 'IMPORT'] as const;

export const sqlList = (values: readonly string[]) => sql.raw(values.map((v) => `'${v}'`).join(', '));
