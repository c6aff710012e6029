import { sql } from 'drizzle-orm';
import { bytea, check, index, integer, pgTable, text, timestamp } from 'drizzle-orm/pg-core';
import { sqlList } from './columns.ts';
import { sources } from './sources.ts';

/**
 * Whether a number is in its cited page (the contract's definitions): FOUND in the captured text
 * where the quote/locator points; NOT_FOUND there; PAGE_CHANGED (a later capture no longer holds a
 * number an earlier one held); UNREACHABLE (the last capture failed); UNCHECKABLE (no text to
 * search); UNCHECKED (never captured).
 */
export const evidenceStatuses = ['FOUND', 'NOT_FOUND', 'PAGE_CHANGED', 'UNREACHABLE', 'UNCHECKABLE', 'UNCHECKED'] as const;
export type EvidenceStatus = (typeof evidenceStatuses)[number];

/** What a capture's body was read as. */
export const captureFormats = ['HTML', 'PDF', 'JSON', 'TOML', 'TEXT', 'UNCHECKABLE'] as const;

/** Captured bodies, one row per distinct content (SHA-256): a page captured twice unchanged is stored once. */
export const snapshotBodies = pgTable(
  'snapshot_bodies',
  {
    sha256: text('sha256').primaryKey(),
    body: bytea('body').notNull(),
    byteSize: integer('byte_size').notNull(),
    format: text('format', { enum: captureFormats }).notNull(),
    /** The text numbers are searched in (null when there is none: an image, an empty page). */
    text: text('text'),
  },
  (t) => [
    check('snapshot_bodies_sha256_check', sql`${t.sha256} ~ '^[0-9a-f]{64}$'`),
    check('snapshot_bodies_format_check', sql`${t.format} in (${sqlList(captureFormats)})`),
  ],
);

/**
 * One fetch of a source (append-only): where it ended, what it answered, and the body's hash. A
 * failed fetch is a capture too (no body, its error), so "the last capture failed" can be told.
 */
export const sourceSnapshots = pgTable(
  'source_snapshots',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    sourceId: integer('source_id')
      .notNull()
      .references(() => sources.id),
    /** The URL the body came from, after redirects (the requested one when nothing came). */
    url: text('url').notNull(),
    /** The source's address the capture was made for (null on captures made before it was kept). */
    requestedUrl: text('requested_url'),
    httpStatus: integer('http_status'),
    contentType: text('content_type'),
    fetchedAt: timestamp('fetched_at', { withTimezone: true, mode: 'string' }).notNull().defaultNow(),
    sha256: text('sha256').references(() => snapshotBodies.sha256),
    /** Why nothing usable came: REFUSED_ADDRESS, TIMEOUT, TOO_LARGE, HTTP_ERROR … */
    error: text('error'),
    errorReason: text('error_reason'),
  },
  (t) => [
    index('source_snapshots_source_idx').on(t.sourceId, t.id),
    check('source_snapshots_outcome_check', sql`(${t.sha256} is null) = (${t.error} is not null)`),
  ],
);
