import { sql, type SQL } from 'drizzle-orm';
import {
  boolean,
  check,
  doublePrecision,
  index,
  integer,
  numeric,
  pgTable,
  text,
  timestamp,
  uniqueIndex,
  type PgColumn,
} from 'drizzle-orm/pg-core';
import { benchmarks, models } from './catalog.ts';
import { claimOrigins, claimStatuses, day, editable, sqlList } from './columns.ts';
import { evidenceStatuses, sourceSnapshots } from './evidence.ts';
import { users } from './people.ts';
import { sources } from './sources.ts';

/**
 * The citation and workflow columns every sourced number carries. The source is a NOT NULL
 * foreign key: the database itself refuses a number without one.
 */
export const runByValues = ['VENDOR', 'INDEPENDENT', 'AGGREGATOR'] as const;
export type RunBy = (typeof runByValues)[number];

const claimColumns = () => ({
  sourceId: integer('source_id')
    .notNull()
    .references(() => sources.id),
  locator: text('locator').notNull(),
  retrievedAt: day('retrieved_at').notNull(),
  /** The exact words around the number in the source, when the editor gives them. */
  quote: text('quote'),
  // The evidence: the last check of this number against a capture of its source. Written by the
  // capture and check, not by editors: it does not move the version editors save against.
  evidenceStatus: text('evidence_status', { enum: evidenceStatuses }).notNull().default('UNCHECKED'),
  evidenceCheckedAt: timestamp('evidence_checked_at', { withTimezone: true, mode: 'string' }),
  evidenceExcerpt: text('evidence_excerpt'),
  /** The check's one-sentence account: where the number was found, or why it was not. */
  evidenceExplanation: text('evidence_explanation'),
  evidenceSnapshotId: integer('evidence_snapshot_id').references(() => sourceSnapshots.id),
  /** When a capture last held the number (FOUND). */
  lastConfirmedAt: timestamp('last_confirmed_at', { withTimezone: true, mode: 'string' }),
  /** A reviewer's typed reason for verifying a number its evidence does not show. */
  evidenceOverride: text('evidence_override'),
  status: text('status', { enum: claimStatuses }).notNull().default('DRAFT'),
  origin: text('origin', { enum: claimOrigins }).notNull().default('EDITOR'),
  note: text('note'),
  createdById: integer('created_by').references(() => users.id),
  verifiedById: integer('verified_by').references(() => users.id),
  verifiedAt: timestamp('verified_at', { withTimezone: true, mode: 'string' }),
  rejectionReason: text('rejection_reason'),
  supersededById: integer('superseded_by'),
  /** When it stopped being public (superseded or retired after being verified); set by a trigger. */
  withdrawnAt: timestamp('withdrawn_at', { withTimezone: true, mode: 'string' }),
  ...editable(),
});

interface ClaimTable {
  locator: PgColumn;
  quote: PgColumn;
  evidenceStatus: PgColumn;
  status: PgColumn;
  origin: PgColumn;
  createdById: PgColumn;
  verifiedById: PgColumn;
  rejectionReason: PgColumn;
}

/** Rules of the methodology that hold for every claim table, named `<table>_<rule>`. */
const claimChecks = (table: string, t: ClaimTable) => [
  check(`${table}_locator_check`, sql`length(trim(${t.locator})) > 0`),
  check(`${table}_quote_check`, sql`${t.quote} is null or length(trim(${t.quote})) > 0`),
  check(`${table}_evidence_status_check`, sql`${t.evidenceStatus} in (${sqlList(evidenceStatuses)})`),
  check(`${table}_status_check`, sql`${t.status} in (${sqlList(claimStatuses)})`),
  check(`${table}_origin_check`, sql`${t.origin} in (${sqlList(claimOrigins)})`),
  // Four eyes: nobody verifies their own entry.
  check(`${table}_four_eyes_check`, sql`${t.verifiedById} is null or ${t.createdById} is null or ${t.verifiedById} <> ${t.createdById}`),
  // An editor's number is verified by a person; imported numbers are published by the import itself.
  check(
    `${table}_verified_by_check`,
    sql`${t.status} not in ('VERIFIED', 'SUPERSEDED') or ${t.origin} = 'IMPORT' or (${t.verifiedById} is not null and ${t.createdById} is not null)`,
  ),
  check(`${table}_rejection_check`, sql`${t.status} <> 'REJECTED' or length(trim(coalesce(${t.rejectionReason}, ''))) > 0`),
  // The import's exemption above is for the import only: a row a person entered is never IMPORT (and a
  // trigger keeps `origin` as it was written, so nobody relabels an entry to skip the second person).
  check(`${table}_import_origin_check`, sql`${t.origin} <> 'IMPORT' or ${t.createdById} is null`),
];

const verified = (status: PgColumn): SQL => sql`${status} = 'VERIFIED'`;
/**
 * Proposals still open. One open proposal per source and slot; a verified value from the same source
 * may stand beside it (a correction waiting for review supersedes it when verified).
 */
const open = (status: PgColumn): SQL => sql`${status} in ('DRAFT', 'PENDING_REVIEW')`;

export const modelFactKinds = ['RELEASE_DATE', 'KNOWLEDGE_CUTOFF', 'CONTEXT_WINDOW', 'MAX_OUTPUT_TOKENS'] as const;
export type ModelFactKind = (typeof modelFactKinds)[number];

/** A cited fact about a model. Values are text: dates as YYYY-MM[-DD], token counts as digits. */
export const modelFacts = pgTable(
  'model_facts',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    modelId: integer('model_id')
      .notNull()
      .references(() => models.id),
    fact: text('fact', { enum: modelFactKinds }).notNull(),
    value: text('value').notNull(),
    ...claimColumns(),
  },
  (t) => [
    // One published value per fact; other claims stay as history or disagreement.
    uniqueIndex('model_facts_verified_key').on(t.modelId, t.fact).where(verified(t.status)),
    uniqueIndex('model_facts_open_source_key').on(t.modelId, t.fact, t.sourceId).where(open(t.status)),
    index('model_facts_source_idx').on(t.sourceId),
    index('model_facts_status_idx').on(t.status, t.id),
    index('model_facts_created_by_idx').on(t.createdById, t.id),
    check('model_facts_fact_check', sql`${t.fact} in (${sqlList(modelFactKinds)})`),
    check(
      'model_facts_value_check',
      sql`case when ${t.fact} in ('RELEASE_DATE', 'KNOWLEDGE_CUTOFF')
        then ${t.value} ~ '^[0-9]{4}-(0[1-9]|1[0-2])(-(0[1-9]|[12][0-9]|3[01]))?$'
        else ${t.value} ~ '^[1-9][0-9]{0,9}$' end`,
    ),
    ...claimChecks('model_facts', t),
  ],
);

export const priceKinds = [
  'INPUT',
  'OUTPUT',
  'CACHED_INPUT',
  'CACHE_WRITE',
  'BATCH_INPUT',
  'BATCH_OUTPUT',
  'INPUT_AUDIO',
  'OUTPUT_AUDIO',
  'REASONING',
] as const;
export type PriceKind = (typeof priceKinds)[number];

/** USD per 1M tokens from a date on; older rows are the price history. */
export const prices = pgTable(
  'prices',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    modelId: integer('model_id')
      .notNull()
      .references(() => models.id),
    kind: text('kind', { enum: priceKinds }).notNull(),
    /** Long-context tiers: the price applies to prompts above this many tokens (0 = base tier). */
    tierMinTokens: integer('tier_min_tokens').notNull().default(0),
    usdPerMillionTokens: numeric('usd_per_million_tokens', { precision: 14, scale: 6, mode: 'number' }).notNull(),
    effectiveFrom: day('effective_from').notNull(),
    ...claimColumns(),
  },
  (t) => [
    uniqueIndex('prices_verified_key').on(t.modelId, t.kind, t.tierMinTokens, t.effectiveFrom).where(verified(t.status)),
    uniqueIndex('prices_open_source_key')
      .on(t.modelId, t.kind, t.tierMinTokens, t.effectiveFrom, t.sourceId)
      .where(open(t.status)),
    index('prices_model_idx').on(t.modelId, t.kind, t.effectiveFrom),
    index('prices_source_idx').on(t.sourceId),
    index('prices_status_idx').on(t.status, t.id),
    index('prices_created_by_idx').on(t.createdById, t.id),
    check('prices_kind_check', sql`${t.kind} in (${sqlList(priceKinds)})`),
    check('prices_non_negative_check', sql`${t.usdPerMillionTokens} >= 0`),
    check('prices_tier_check', sql`${t.tierMinTokens} >= 0`),
    ...claimChecks('prices', t),
  ],
);

/** A model's result on a benchmark under a setting ("pass@1, no tools"; '' when none applies). */
export const scores = pgTable(
  'scores',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    modelId: integer('model_id')
      .notNull()
      .references(() => models.id),
    benchmarkId: integer('benchmark_id')
      .notNull()
      .references(() => benchmarks.id),
    /** The human label of the conditions below ("pass@1, no tools"); free text kept as written when it could not be read. */
    setting: text('setting').notNull().default(''),
    value: doublePrecision('value').notNull(),
    // How the score was obtained (scores_conditions migration: parsed from `setting` when not given).
    harness: text('harness'),
    benchmarkVersion: text('benchmark_version'),
    shots: integer('shots'),
    passAtK: integer('pass_at_k'),
    tools: boolean('tools'),
    reasoningEffort: text('reasoning_effort'),
    /** What was measured, as the source names it ("percent correct", "resolve rate"): not a condition. */
    metric: text('metric'),
    /** False when `setting` holds words the parser could not read: shown to editors to fix. */
    settingParsed: boolean('setting_parsed').notNull().default(true),
    /** Who ran the evaluation: the model's maker, an independent evaluator, or a collection copied from. */
    runBy: text('run_by', { enum: runByValues }).notNull().default('VENDOR'),
    // How sure: what the source states, else null.
    stderr: doublePrecision('stderr'),
    intervalLow: doublePrecision('interval_low'),
    intervalHigh: doublePrecision('interval_high'),
    /** The interval's confidence level, 0–1 (0.95). */
    intervalLevel: doublePrecision('interval_level'),
    samples: integer('samples'),
    ...claimColumns(),
  },
  (t) => [
    uniqueIndex('scores_verified_key').on(t.modelId, t.benchmarkId, t.setting).where(verified(t.status)),
    uniqueIndex('scores_open_source_key').on(t.modelId, t.benchmarkId, t.setting, t.sourceId).where(open(t.status)),
    // Leaderboards: published scores of one benchmark in value order (both directions use it).
    index('scores_leaderboard_idx').on(t.benchmarkId, t.value, t.id).where(verified(t.status)),
    // Comparable leaderboards: rows equal on the conditions, in value order.
    index('scores_board_idx')
      .on(t.benchmarkId, t.benchmarkVersion, t.shots, t.passAtK, t.tools, t.reasoningEffort, t.value, t.id)
      .where(verified(t.status)),
    index('scores_model_idx').on(t.modelId, t.benchmarkId),
    index('scores_source_idx').on(t.sourceId),
    index('scores_status_idx').on(t.status, t.id),
    index('scores_created_by_idx').on(t.createdById, t.id),
    check('scores_run_by_check', sql`${t.runBy} in (${sqlList(runByValues)})`),
    check('scores_shots_check', sql`${t.shots} is null or ${t.shots} >= 0`),
    check('scores_pass_at_k_check', sql`${t.passAtK} is null or ${t.passAtK} >= 1`),
    check('scores_stderr_check', sql`${t.stderr} is null or (${t.stderr} >= 0 and ${t.stderr} < 'Infinity'::float8)`),
    check('scores_samples_check', sql`${t.samples} is null or ${t.samples} >= 1`),
    check(
      'scores_interval_check',
      sql`(${t.intervalLow} is null) = (${t.intervalHigh} is null) and (${t.intervalLow} is null or (${t.intervalLow} <= ${t.intervalHigh} and ${t.intervalLow} > '-Infinity'::float8 and ${t.intervalHigh} < 'Infinity'::float8))`,
    ),
    check('scores_interval_level_check', sql`${t.intervalLevel} is null or (${t.intervalLow} is not null and ${t.intervalLevel} > 0 and ${t.intervalLevel} < 1)`),
    check('scores_value_finite_check', sql`${t.value} = ${t.value} and ${t.value} not in ('Infinity'::float8, '-Infinity'::float8)`),
    ...claimChecks('scores', t),
  ],
);

/**
 * A score read from a dataset (models.dev) cites the page the dataset names (its primary source);
 * this second citation records the dataset file it was read from, checked against that file's
 * capture, so an imported number is shown in the words it was taken from even when the primary
 * page cannot be captured.
 */
export const scoreDatasetCitations = pgTable(
  'score_dataset_citations',
  {
    scoreId: integer('score_id')
      .primaryKey()
      .references(() => scores.id),
    sourceId: integer('source_id')
      .notNull()
      .references(() => sources.id),
    locator: text('locator').notNull(),
    retrievedAt: day('retrieved_at').notNull(),
    evidenceStatus: text('evidence_status', { enum: evidenceStatuses }).notNull().default('UNCHECKED'),
    evidenceCheckedAt: timestamp('evidence_checked_at', { withTimezone: true, mode: 'string' }),
    evidenceExcerpt: text('evidence_excerpt'),
    evidenceExplanation: text('evidence_explanation'),
    evidenceSnapshotId: integer('evidence_snapshot_id').references(() => sourceSnapshots.id),
    lastConfirmedAt: timestamp('last_confirmed_at', { withTimezone: true, mode: 'string' }),
  },
  (t) => [
    index('score_dataset_citations_source_idx').on(t.sourceId),
    check('score_dataset_citations_evidence_status_check', sql`${t.evidenceStatus} in (${sqlList(evidenceStatuses)})`),
  ],
);
