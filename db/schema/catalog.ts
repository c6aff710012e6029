import { sql } from 'drizzle-orm';
import {
  boolean,
  check,
  doublePrecision,
  index,
  integer,
  numeric,
  pgTable,
  primaryKey,
  real,
  text,
  timestamp,
  uniqueIndex,
} from 'drizzle-orm/pg-core';
import { day, editable, sqlList } from './columns.ts';
import { sources } from './sources.ts';

const slugCheck = (name: string, column: unknown) => check(name, sql`${column} ~ '^[a-z0-9][a-z0-9._-]*$'`);

export const publicationStates = ['DRAFT', 'PUBLISHED', 'RETIRED'] as const;
export type PublicationState = (typeof publicationStates)[number];

export const providers = pgTable(
  'providers',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    slug: text('slug').notNull(),
    name: text('name').notNull(),
    website: text('website'),
    docsUrl: text('docs_url'),
    // API facts the code snippets are built from.
    apiBaseUrl: text('api_base_url'),
    apiKeyEnv: text('api_key_env'),
    npmPackage: text('npm_package'),
    pythonPackage: text('python_package'),
    publication: text('publication', { enum: publicationStates }).notNull().default('PUBLISHED'),
    ...editable(),
  },
  (t) => [
    uniqueIndex('providers_slug_key').on(t.slug),
    index('providers_name_idx').on(t.name, t.id),
    slugCheck('providers_slug_check', t.slug),
    check('providers_publication_check', sql`${t.publication} in (${sqlList(publicationStates)})`),
  ],
);

export const modelFamilies = pgTable(
  'model_families',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    slug: text('slug').notNull(),
    name: text('name').notNull(),
    providerId: integer('provider_id')
      .notNull()
      .references(() => providers.id),
    description: text('description'),
    publication: text('publication', { enum: publicationStates }).notNull().default('PUBLISHED'),
    ...editable(),
  },
  (t) => [
    uniqueIndex('model_families_slug_key').on(t.slug),
    index('model_families_provider_idx').on(t.providerId),
    slugCheck('model_families_slug_check', t.slug),
    check('model_families_publication_check', sql`${t.publication} in (${sqlList(publicationStates)})`),
  ],
);

export const modelStatuses = ['ACTIVE', 'DEPRECATED', 'RETIRED'] as const;

export const models = pgTable(
  'models',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    slug: text('slug').notNull(),
    name: text('name').notNull(),
    providerId: integer('provider_id')
      .notNull()
      .references(() => providers.id),
    familyId: integer('family_id').references(() => modelFamilies.id),
    /** Position within the family (older members first). */
    familyPosition: integer('family_position'),
    apiModelId: text('api_model_id'),
    tagline: text('tagline'),
    about: text('about'),
    status: text('status', { enum: modelStatuses }).notNull().default('ACTIVE'),
    licenseName: text('license_name').notNull().default('Proprietary'),
    openWeights: boolean('open_weights').notNull().default(false),
    inputModalities: text('input_modalities').array().notNull().default(sql`'{}'::text[]`),
    outputModalities: text('output_modalities').array().notNull().default(sql`'{}'::text[]`),
    strengths: text('strengths').array().notNull().default(sql`'{}'::text[]`),
    weaknesses: text('weaknesses').array().notNull().default(sql`'{}'::text[]`),
    publication: text('publication', { enum: publicationStates }).notNull().default('DRAFT'),
    /** Curated by editors: imports never publish over it, their claims wait for review. */
    curated: boolean('curated').notNull().default(false),
    // Verified values copied here by triggers on model_facts and prices, so filters and orders are
    // plain indexed columns. The citations live on the claim rows.
    releaseDate: day('release_date'),
    knowledgeCutoff: text('knowledge_cutoff'),
    contextWindow: integer('context_window'),
    maxOutputTokens: integer('max_output_tokens'),
    inputPrice: numeric('input_price', { precision: 14, scale: 6, mode: 'number' }),
    outputPrice: numeric('output_price', { precision: 14, scale: 6, mode: 'number' }),
    ...editable(),
  },
  (t) => [
    uniqueIndex('models_slug_key').on(t.slug),
    index('models_provider_idx').on(t.providerId, t.id),
    index('models_family_idx').on(t.familyId, t.familyPosition),
    // Public lists: every order the API offers, restricted to published rows, with the id tie-breaker.
    index('models_pub_release_idx').on(sql`coalesce(${t.releaseDate}, '0001-01-01'::date)`, t.id).where(sql`${t.publication} = 'PUBLISHED'`),
    index('models_pub_context_idx').on(sql`coalesce(${t.contextWindow}, 0)`, t.id).where(sql`${t.publication} = 'PUBLISHED'`),
    index('models_pub_price_idx').on(sql`coalesce(${t.inputPrice}, 0)`, t.id).where(sql`${t.publication} = 'PUBLISHED'`),
    index('models_pub_output_price_idx').on(sql`coalesce(${t.outputPrice}, 0)`, t.id).where(sql`${t.publication} = 'PUBLISHED'`),
    // Filters: licence, status and modalities (the ranges use the order indexes above).
    index('models_pub_license_idx').on(sql`lower(${t.licenseName})`, t.id).where(sql`${t.publication} = 'PUBLISHED'`),
    index('models_pub_status_idx').on(t.status, t.id).where(sql`${t.publication} = 'PUBLISHED'`),
    // Counting the public list (totalCount: published models of published providers) from the index
    // alone: 100k models counted in ~10 ms instead of a scan of every row (~0.7 s).
    index('models_pub_provider_idx').on(t.providerId).where(sql`${t.publication} = 'PUBLISHED'`),
    index('models_input_modalities_idx').using('gin', t.inputModalities),
    index('models_output_modalities_idx').using('gin', t.outputModalities),
    index('models_pub_name_idx').on(t.name, t.id).where(sql`${t.publication} = 'PUBLISHED'`),
    index('models_search_idx').using('gin', sql`(lower(${t.name} || ' ' || ${t.slug})) gin_trgm_ops`),
    slugCheck('models_slug_check', t.slug),
    check('models_status_check', sql`${t.status} in (${sqlList(modelStatuses)})`),
    check('models_publication_check', sql`${t.publication} in (${sqlList(publicationStates)})`),
    check('models_context_window_check', sql`${t.contextWindow} is null or ${t.contextWindow} > 0`),
    check('models_max_output_check', sql`${t.maxOutputTokens} is null or ${t.maxOutputTokens} > 0`),
  ],
);

/** Models a page suggests to compare with, precomputed from family and price/score similarity. */
export const modelSimilarities = pgTable(
  'model_similarities',
  {
    modelId: integer('model_id')
      .notNull()
      .references(() => models.id, { onDelete: 'cascade' }),
    similarModelId: integer('similar_model_id')
      .notNull()
      .references(() => models.id, { onDelete: 'cascade' }),
    rank: integer('rank').notNull(),
    score: real('score').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.modelId, t.similarModelId] }),
    index('model_similarities_rank_idx').on(t.modelId, t.rank),
    check('model_similarities_self_check', sql`${t.modelId} <> ${t.similarModelId}`),
  ],
);

export const benchmarkCategories = [
  'REASONING',
  'KNOWLEDGE',
  'MATH',
  'CODING',
  'AGENTIC',
  'MULTIMODAL',
  'LONG_CONTEXT',
  'SAFETY',
  'COMPOSITE',
  'OTHER',
] as const;
export const benchmarkUnits = ['PERCENT', 'SCORE', 'INDEX', 'ELO', 'COUNT'] as const;

export const benchmarks = pgTable(
  'benchmarks',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    slug: text('slug').notNull(),
    name: text('name').notNull(),
    category: text('category', { enum: benchmarkCategories }).notNull().default('OTHER'),
    description: text('description'),
    unit: text('unit', { enum: benchmarkUnits }).notNull().default('PERCENT'),
    scaleMin: doublePrecision('scale_min').notNull().default(0),
    scaleMax: doublePrecision('scale_max').notNull().default(100),
    higherIsBetter: boolean('higher_is_better').notNull().default(true),
    homepage: text('homepage'),
    paperSourceId: integer('paper_source_id').references(() => sources.id),
    /** The versions (or subsets, splits) results are reported on, e.g. {"2.1", "hard-aa"}; empty: not declared. */
    versions: text('versions').array().notNull().default(sql`'{}'::text[]`),
    /** The setting its leaderboard ranks by default ("0-shot, pass@1, no tools"); null: the most common one. */
    defaultSetting: text('default_setting'),
    /** The conditions that make two results comparable (leaderboards rank only rows equal on these). */
    comparableOn: text('comparable_on')
      .array()
      .notNull()
      .default(sql`'{benchmarkVersion,shots,passAtK,tools,reasoningEffort}'::text[]`),
    publication: text('publication', { enum: publicationStates }).notNull().default('PUBLISHED'),
    ...editable(),
  },
  (t) => [
    uniqueIndex('benchmarks_slug_key').on(t.slug),
    index('benchmarks_name_idx').on(t.name, t.id),
    slugCheck('benchmarks_slug_check', t.slug),
    check('benchmarks_scale_check', sql`${t.scaleMin} < ${t.scaleMax}`),
    check('benchmarks_category_check', sql`${t.category} in (${sqlList(benchmarkCategories)})`),
    check('benchmarks_unit_check', sql`${t.unit} in (${sqlList(benchmarkUnits)})`),
    check('benchmarks_publication_check', sql`${t.publication} in (${sqlList(publicationStates)})`),
  ],
);

/** Spellings of a benchmark's name seen in sources ("SWE Bench Pro"), normalised to a slug. */
export const benchmarkAliases = pgTable(
  'benchmark_aliases',
  {
    alias: text('alias').primaryKey(),
    benchmarkId: integer('benchmark_id')
      .notNull()
      .references(() => benchmarks.id, { onDelete: 'cascade' }),
  },
  (t) => [index('benchmark_aliases_benchmark_idx').on(t.benchmarkId)],
);

/** Editable texts the public site shows (the methodology). */
export const siteTexts = pgTable('site_texts', {
  key: text('key').primaryKey(),
  body: text('body').notNull(),
  version: integer('version').notNull().default(1),
  updatedAt: timestamp('updated_at', { withTimezone: true, mode: 'string' }).notNull().defaultNow(),
});
