import { sql } from 'drizzle-orm';
import { type AnyPgColumn, check, index, integer, pgTable, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';
import { day, editable, sqlList } from './columns.ts';
import { users } from './people.ts';

export const sourceKinds = [
  'VENDOR_MODEL_CARD',
  'VENDOR_DOCS',
  'VENDOR_PRICING',
  'PAPER',
  'INDEPENDENT_LEADERBOARD',
  'BENCHMARK_MAINTAINER',
  'AGGREGATOR_DATASET',
  'OTHER',
] as const;
export type SourceKind = (typeof sourceKinds)[number];

export const linkStatuses = ['UNCHECKED', 'OK', 'REDIRECTED', 'BROKEN', 'UNREACHABLE'] as const;
/** What the link check calls a dead link: the page answers with an error, or not at all. */
export const deadLinkStatuses = ['BROKEN', 'UNREACHABLE'] as const;

/** A page that numbers are cited from. One row per URL, shared by every number that cites it. */
export const sources = pgTable(
  'sources',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    url: text('url').notNull(),
    // Which page it is: the URL without letter case in scheme and host, default port, #fragment,
    // tracking parameters or trailing slash (source_url_key(), server/sources/sourceUrls.ts).
    normalizedUrl: text('normalized_url').generatedAlwaysAs(sql`source_url_key(url)`),
    // Set on a source found to be the same page as an older one when URLs were first normalised
    // (20261206 migration): kept, retired, for the numbers citing it; outside the unique index.
    duplicateOf: integer('duplicate_of').references((): AnyPgColumn => sources.id),
    title: text('title').notNull(),
    publisher: text('publisher').notNull(),
    kind: text('kind', { enum: sourceKinds }).notNull(),
    publishedAt: day('published_at'),
    retrievedAt: day('retrieved_at').notNull(),
    archivedUrl: text('archived_url'),
    linkStatus: text('link_status', { enum: linkStatuses }).notNull().default('UNCHECKED'),
    linkHttpStatus: integer('link_http_status'),
    linkCheckedAt: timestamp('link_checked_at', { withTimezone: true, mode: 'string' }),
    // Retired: kept for the numbers that cite it (and their history), but no new number may cite it.
    retiredAt: timestamp('retired_at', { withTimezone: true, mode: 'string' }),
    retirementReason: text('retirement_reason'),
    createdById: integer('created_by').references(() => users.id),
    ...editable(),
  },
  (t) => [
    uniqueIndex('sources_url_key').on(t.url),
    uniqueIndex('sources_normalized_url_key').on(t.normalizedUrl).where(sql`${t.duplicateOf} is null`),
    index('sources_link_status_idx').on(t.linkStatus, t.id),
    index('sources_kind_idx').on(t.kind, t.id),
    index('sources_title_idx').on(t.title, t.id),
    check('sources_kind_check', sql`${t.kind} in (${sqlList(sourceKinds)})`),
    check('sources_link_status_check', sql`${t.linkStatus} in (${sqlList(linkStatuses)})`),
    check('sources_url_check', sql`${t.url} ~ '^https?://[^\\s]+$'`),
    check('sources_archived_url_check', sql`${t.archivedUrl} is null or ${t.archivedUrl} ~ '^https?://[^\\s]+$'`),
    check('sources_title_check', sql`length(trim(${t.title})) > 0`),
    check('sources_retirement_check', sql`(${t.retiredAt} is null and ${t.retirementReason} is null) or (${t.retiredAt} is not null and length(trim(coalesce(${t.retirementReason}, ''))) > 0)`),
  ],
);
