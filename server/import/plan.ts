import { and, eq, inArray, sql } from 'drizzle-orm';
import { modelFacts, prices, scores, sources, type ClaimStatus, type ModelFactKind, type PriceKind } from '../../db/schema/index.ts';
import { leafOf, priceKindByKey, type BenchmarkEntry, type CatalogModel, type Sourced, type Tier } from './formats.ts';
import type { BenchmarkRow, ImportContext, ModelRun, Tx } from './state.ts';

// The plan step: the numbers a model's files state (claims), compared with the live claims in the
// database, decide what is unchanged, what is new or supersedes an old value, and what is retired.

export interface Citation {
  sourceId: number;
  locator: string;
  retrievedAt: string;
}

/** A number the dataset states for a model, under a key that identifies what it is a value of. */
export interface Claim {
  key: string;
  value: string;
  citation: Citation;
  /** The file and field it comes from (for reports and the audit trail). */
  path: string;
  field: string;
}

export interface LiveClaim {
  id: number;
  key: string;
  sourceId: number;
  status: ClaimStatus;
  value: string;
  origin: string;
  createdById: number | null;
  locator: string;
  sourceUrl: string;
}

export interface PlanItem {
  claim: Claim;
  status: ClaimStatus;
  /** The claim this one supersedes (a changed value from the same file or source). */
  supersedes?: LiveClaim;
}

export interface ClaimPlan {
  items: PlanItem[];
  unchanged: number;
  /** Claims this importer published from a file read in this run that the file no longer states. */
  retire: LiveClaim[];
}

export type ClaimTable = typeof modelFacts | typeof prices | typeof scores;

const liveStatuses: ClaimStatus[] = ['DRAFT', 'PENDING_REVIEW', 'VERIFIED'];
export const scoreLocatorMark = ', as recorded in models.dev ';
export const fullDay = (date: string) => (date.length === 7 ? `${date}-01` : date);

/**
 * The model's live claims of one kind, with what tells the importer's own apart (origin, author, cited
 * URL). `numeric` values are written the way JavaScript prints them, so 72 and 72.0 compare equal.
 */
async function liveClaims(tx: Tx, table: ClaimTable, modelId: number, key: ReturnType<typeof sql<string>>, value: ReturnType<typeof sql<string>>, numeric = false): Promise<LiveClaim[]> {
  const t = table as typeof scores;
  const live = await tx
    .select({ id: t.id, key, sourceId: t.sourceId, status: t.status, value, origin: t.origin, createdById: t.createdById, locator: t.locator, sourceUrl: sources.url })
    .from(t)
    .innerJoin(sources, eq(sources.id, t.sourceId))
    .where(and(eq(t.modelId, modelId), inArray(t.status, liveStatuses)));
  if (numeric) for (const claim of live) claim.value = String(Number(claim.value));
  return live;
}

export const liveFacts = (tx: Tx, modelId: number) => liveClaims(tx, modelFacts, modelId, sql<string>`${modelFacts.fact}`, sql<string>`${modelFacts.value}`);
export const livePrices = (tx: Tx, modelId: number) =>
  liveClaims(tx, prices, modelId, sql<string>`${prices.kind} || '/' || ${prices.tierMinTokens} || '/' || ${prices.effectiveFrom}`, sql<string>`${prices.usdPerMillionTokens}::float8::text`, true);
export const liveScores = (tx: Tx, modelId: number) => liveClaims(tx, scores, modelId, sql<string>`${scores.benchmarkId} || '/' || ${scores.setting}`, sql<string>`${scores.value}::text`, true);

interface PlanRules {
  /** The live claim this importer wrote for the same slot earlier (to compare with and supersede). */
  mine: (existing: LiveClaim, claim: Claim) => boolean;
  same: (existing: LiveClaim, claim: Claim) => boolean;
  /** A live claim of the importer's that may be withdrawn when the file no longer states it. */
  retirable: (existing: LiveClaim) => boolean;
  /** A published claim the new one would replace as the current value (default: the same key). */
  rivals?: (existing: LiveClaim, claim: Claim) => boolean;
}

/**
 * Decides each claim: unchanged when the importer already published the same value from the same file
 * (or source); a changed value supersedes the importer's old claim. Published, unless the model is
 * curated or another source's value is already the published one: then it waits for a reviewer.
 * Claims of the importer's from a file read in this run that no claim matches are retired. Claims
 * entered by editors, or citing other sources, are never touched.
 */
export function planClaims(claims: Claim[], live: LiveClaim[], curated: boolean, rules: PlanRules): ClaimPlan {
  const plan: ClaimPlan = { items: [], unchanged: 0, retire: [] };
  const matched = new Map<Claim, LiveClaim>();
  const taken = new Set<number>();
  for (const claim of claims) {
    const mine = live.find((existing) => existing.key === claim.key && !taken.has(existing.id) && rules.mine(existing, claim));
    if (mine) (matched.set(claim, mine), taken.add(mine.id));
  }
  // Withdrawn first, so a value the file now cites from another page takes the published slot.
  for (const existing of live) if (!taken.has(existing.id) && rules.retirable(existing)) plan.retire.push(existing);
  const retired = new Set(plan.retire.map((claim) => claim.id));
  for (const claim of claims) {
    const mine = matched.get(claim);
    if (mine && rules.same(mine, claim)) {
      plan.unchanged++;
      continue;
    }
    const rivals = rules.rivals ?? ((existing: LiveClaim) => existing.key === claim.key);
    const publishedElsewhere = live.some((existing) => rivals(existing, claim) && existing.status === 'VERIFIED' && existing !== mine && !retired.has(existing.id));
    const status: ClaimStatus = curated || publishedElsewhere ? 'PENDING_REVIEW' : 'VERIFIED';
    plan.items.push({ claim, status, supersedes: mine });
  }
  return plan;
}

/** A claim's citation of the dataset file a value comes from (the field is the locator). */
function citeFile(ctx: ImportContext, run: ModelRun, sourced: Sourced<unknown>, locator = sourced.field): Citation {
  return { sourceId: run.sources.get(ctx.fileUrl(sourced.path))!, locator, retrievedAt: ctx.dataset.retrievedAt };
}

/** Importer-owned: loaded by the import (not typed by a person) and citing a dataset file. */
const fromDatasetFile = (ctx: ImportContext, claim: LiveClaim) => claim.origin === 'IMPORT' && claim.createdById === null && ctx.datasetPathOf(claim.sourceUrl) !== null;
/** The same value, cited from the same dataset file. */
const sameInFile = (ctx: ImportContext) => (existing: LiveClaim, claim: Claim) => existing.value === claim.value && ctx.datasetPathOf(existing.sourceUrl) === claim.path;
/** The importer's claim from a file read in this run (the only ones a run may retire). */
const fromFileRead = (ctx: ImportContext, claim: LiveClaim) => fromDatasetFile(ctx, claim) && ctx.catalog.filesRead.has(ctx.datasetPathOf(claim.sourceUrl)!);

const factFields: [ModelFactKind, string][] = [
  ['RELEASE_DATE', 'release_date'],
  ['KNOWLEDGE_CUTOFF', 'knowledge'],
  ['CONTEXT_WINDOW', 'limit.context'],
  ['MAX_OUTPUT_TOKENS', 'limit.output'],
];

/** Facts: key = fact kind. A 0 limit and an input-token limit are reported, not claimed. */
export function factClaims(ctx: ImportContext, run: ModelRun, model: CatalogModel): Claim[] {
  const claims: Claim[] = [];
  for (const [fact, key] of factFields) {
    const sourced = leafOf<string | number>(model, key);
    if (!sourced) continue;
    if (sourced.value === 0) {
      run.warnings.push({ path: sourced.path, field: key, reason: '0 (models.dev writes 0 where no limit applies): not published; a value this file gave before is retired' });
      continue;
    }
    claims.push({ key: fact, value: String(sourced.value), citation: citeFile(ctx, run, sourced), path: sourced.path, field: key });
  }
  const limitInput = leafOf<number>(model, 'limit.input');
  if (limitInput && limitInput.value > 0) {
    run.warnings.push({ path: limitInput.path, field: 'limit.input', reason: 'the catalog has no input-token limit (only context window and max output): not imported' });
  }
  return claims;
}

export function planFacts(ctx: ImportContext, claims: Claim[], live: LiveClaim[], curated: boolean): ClaimPlan {
  return planClaims(claims, live, curated, {
    mine: (existing) => fromDatasetFile(ctx, existing),
    same: sameInFile(ctx),
    retirable: (existing) => fromFileRead(ctx, existing),
  });
}

const kindAndTier = (key: string) => key.split('/').slice(0, 2).join('/');

/** Prices: key = kind / tier / effective date (an older date is the price history). */
export function priceClaims(ctx: ImportContext, run: ModelRun, model: CatalogModel): Claim[] {
  const claims: Claim[] = [];
  const effectiveSource = leafOf<string>(model, 'last_updated') ?? leafOf<string>(model, 'release_date');
  const effective = fullDay(effectiveSource?.value ?? ctx.dataset.retrievedAt);
  const addPrice = (kind: PriceKind, tier: number, usd: number, sourced: Sourced<unknown>, field: string) => {
    const key = `${kind}/${tier}/${effective}`;
    if (claims.some((claim) => claim.key === key)) return;
    claims.push({ key, value: String(usd), citation: citeFile(ctx, run, sourced, field), path: sourced.path, field });
  };
  for (const [field, kind] of priceKindByKey) {
    const sourced = leafOf<number>(model, `cost.${field}`);
    if (sourced) addPrice(kind, 0, sourced.value, sourced, `cost.${field}`);
  }
  const tiers = leafOf<Tier[]>(model, 'cost.tiers');
  for (const tier of tiers?.value ?? []) {
    for (const [field, kind] of priceKindByKey) {
      const amount = tier.prices[field];
      if (amount !== undefined) addPrice(kind, tier.size, amount, tiers!, `${tier.field}.${field}`);
    }
  }
  return claims;
}

export function planPrices(ctx: ImportContext, claims: Claim[], live: LiveClaim[], curated: boolean): ClaimPlan {
  const slots = new Set(claims.map((claim) => kindAndTier(claim.key)));
  return planClaims(claims, live, curated, {
    mine: (existing) => fromDatasetFile(ctx, existing),
    same: sameInFile(ctx),
    // A price of an older date is history; one whose kind and tier the file no longer lists is withdrawn.
    retirable: (existing) => fromFileRead(ctx, existing) && !slots.has(kindAndTier(existing.key)),
    // A price of the same kind and tier that is not the importer's (an editor's, another source's)
    // is the published one whatever its date: a value from the file waits for review beside it.
    rivals: (existing, claim) => existing.key === claim.key || (kindAndTier(existing.key) === kindAndTier(claim.key) && !fromDatasetFile(ctx, existing)),
  });
}

function settingOf(entry: BenchmarkEntry): string {
  return [
    entry.metric,
    entry.harness && `harness ${entry.harness}`,
    entry.variant && `variant ${entry.variant}`,
    entry.dataset && `${entry.dataset} set`,
    entry.version && `version ${entry.version}`,
  ]
    .filter(Boolean)
    .join(' · ');
}

/**
 * Scores: key = benchmark / setting; each cites the entry's own source. `benchmarks` holds the row of
 * each of the model's entries, in order. A score off the benchmark's scale, or a second one for the
 * same benchmark, setting and source, is skipped.
 */
export function scoreClaims(ctx: ImportContext, run: ModelRun, model: CatalogModel, benchmarks: BenchmarkRow[]): Claim[] {
  const claims: Claim[] = [];
  const name = leafOf<string>(model, 'name')!.value;
  model.benchmarks.forEach(({ value: entry, path }, index) => {
    const benchmark = benchmarks[index]!;
    const { scaleMin, scaleMax, name: benchmarkName } = benchmark.definition;
    if (entry.score < scaleMin || entry.score > scaleMax) {
      run.skipped.push({ path, field: `${entry.field}.score`, reason: `${entry.score} is outside the scale of ${benchmarkName} (${scaleMin} to ${scaleMax})` });
      return;
    }
    const key = `${benchmark.id}/${settingOf(entry)}`;
    const sourceId = run.sources.get(entry.source)!;
    if (claims.some((claim) => claim.key === key && claim.citation.sourceId === sourceId)) {
      run.skipped.push({ path, field: entry.field, reason: 'a second result for the same benchmark, setting and source: only the first is imported' });
      return;
    }
    const locator = `${entry.name} result for ${name}${entry.metric ? ` (${entry.metric})` : ''}${scoreLocatorMark}${path}`;
    claims.push({ key, value: String(entry.score), citation: { sourceId, locator, retrievedAt: fullDay(entry.date ?? ctx.dataset.retrievedAt) }, path, field: entry.field });
  });
  return claims;
}

export function planScores(ctx: ImportContext, claims: Claim[], live: LiveClaim[], curated: boolean): ClaimPlan {
  /** The dataset file an importer's score says it was recorded in, or null for another's. */
  const recordedIn = (claim: LiveClaim) => {
    const at = claim.locator.lastIndexOf(scoreLocatorMark);
    return claim.origin === 'IMPORT' && claim.createdById === null && at >= 0 ? claim.locator.slice(at + scoreLocatorMark.length) : null;
  };
  return planClaims(claims, live, curated, {
    mine: (existing, claim) => existing.sourceId === claim.citation.sourceId && recordedIn(existing) !== null,
    same: (existing, claim) => existing.value === claim.value,
    retirable: (existing) => ctx.catalog.filesRead.has(recordedIn(existing) ?? ''),
  });
}
