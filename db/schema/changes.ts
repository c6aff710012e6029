import { sql } from 'drizzle-orm';
import { bigint, check, index, integer, pgTable, text, timestamp } from 'drizzle-orm/pg-core';
import { benchmarks, models } from './catalog.ts';
import { sqlList } from './columns.ts';
import { sources } from './sources.ts';

export const changeKinds = [
  'MODEL_PUBLISHED',
  'MODEL_RETIRED',
  'PRICE_CHANGED',
  'SCORE_PUBLISHED',
  'SCORE_SUPERSEDED',
  'FACT_CHANGED',
  'LEADERBOARD_MOVE',
] as const;
export type ChangeKind = (typeof changeKinds)[number];

/**
 * The public change log: one row per change of what the public sees, written by triggers in the
 * transaction of the write that made it (db/migrations/*_catalog_changes), append-only. Nobody's
 * identity: only what changed, when, and the citation of the number it publishes.
 */
export const catalogChanges = pgTable(
  'catalog_changes',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    at: timestamp('at', { withTimezone: true, mode: 'string' }).notNull().defaultNow(),
    kind: text('kind', { enum: changeKinds }).notNull(),
    modelId: integer('model_id')
      .notNull()
      .references(() => models.id),
    benchmarkId: integer('benchmark_id').references(() => benchmarks.id),
    /** The number it publishes: Score, Price or ModelFact, and its row. */
    claimKind: text('claim_kind'),
    claimId: integer('claim_id'),
    /** What the number is of: a price kind (INPUT, OUTPUT), a fact (CONTEXT_WINDOW). */
    subject: text('subject'),
    value: text('value'),
    previousValue: text('previous_value'),
    sourceId: integer('source_id').references(() => sources.id),
    locator: text('locator'),
  },
  (t) => [
    index('catalog_changes_model_idx').on(t.modelId, t.id),
    index('catalog_changes_kind_idx').on(t.kind, t.id),
    index('catalog_changes_at_idx').on(t.at),
    check('catalog_changes_kind_check', sql`${t.kind} in (${sqlList(changeKinds)})`),
  ],
);
