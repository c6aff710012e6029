import { eq, inArray } from 'drizzle-orm';
import { runByOfSource } from '../catalog/scoreConditions.ts';
import { bumpVersion } from '../catalog/versioned.ts';
import { modelFacts, models, prices, scores, sources, type ModelFactKind, type PriceKind } from '../../db/schema/index.ts';
import { applyPlan, claimRow, diffOf, recordImport } from './apply.ts';
import { familySlug } from './families.ts';
import { leafOf, type CatalogModel } from './formats.ts';
import { factClaims, liveFacts, livePrices, liveScores, planFacts, planPrices, planScores, priceClaims, scoreClaims } from './plan.ts';
import { captureModelFiles } from './evidence.ts';
import { ensureBenchmarks, ensureFamily, ensureSources, wantedSources } from './sharedRows.ts';
import type { AuditDiff, ImportContext, ModelRun, Tx } from './state.ts';

// One model in one transaction: its sources and family, its row, then its facts, prices and scores,
// each planned against the live claims and applied; one audit event says what changed.

/** The model row the claims hang on: curated models keep their row and get their claims held for review. */
interface ModelRow {
  id: number;
  curated: boolean;
}

export async function importModel(tx: Tx, ctx: ImportContext, model: CatalogModel, run: ModelRun) {
  const audit: AuditDiff = {};
  await ensureSources(tx, ctx, run, wantedSources(ctx, model));
  const row = await writeModelRow(tx, ctx, model, run, audit);
  await importFacts(tx, ctx, model, run, row, audit);
  await importPrices(tx, ctx, model, run, row, audit);
  await importScores(tx, ctx, model, run, row, audit);
  await captureModelFiles(tx, ctx, model, run, row.id);
  if (Object.keys(audit).length) await recordImport(tx, ctx, 'Model', row.id, { ...audit, run: { before: null, after: ctx.runId } });
}

/** The columns of the model row the files describe. */
function modelColumns(ctx: ImportContext, model: CatalogModel) {
  const openWeights = leafOf<boolean>(model, 'open_weights')?.value ?? false;
  const status = leafOf<string>(model, 'status')?.value;
  return {
    name: leafOf<string>(model, 'name')!.value,
    providerId: ctx.providerIds.get(model.vendor)!,
    apiModelId: model.id,
    status: status === 'deprecated' ? ('DEPRECATED' as const) : ('ACTIVE' as const),
    licenseName: leafOf<string>(model, 'license')?.value ?? (openWeights ? 'Open weights' : 'Proprietary'),
    openWeights,
    inputModalities: leafOf<string[]>(model, 'modalities.input')?.value ?? [],
    outputModalities: leafOf<string[]>(model, 'modalities.output')?.value ?? [],
  };
}

/** Creates the model row, or updates it unless it is curated (editors own a curated model's row). */
async function writeModelRow(tx: Tx, ctx: ImportContext, model: CatalogModel, run: ModelRun, audit: AuditDiff): Promise<ModelRow> {
  const family = leafOf<string>(model, 'family');
  const familyId = family ? await ensureFamily(tx, ctx, run, familySlug(model.vendor, family.value), model.vendor) : null;
  const columns = modelColumns(ctx, model);
  const [row] = await tx.select().from(models).where(eq(models.slug, model.slug));
  if (!row) {
    const [created] = await tx.insert(models).values({ slug: model.slug, ...columns, familyId, publication: 'PUBLISHED' }).returning();
    run.counts.models.created++;
    Object.assign(audit, diffOf(null, { slug: model.slug, ...columns, familyId }, ctx.runId));
    return created!;
  }
  if (row.curated) {
    run.counts.models.unchanged++;
    return row;
  }
  // Which family a model belongs to is an editorial choice once made: only fill it when missing.
  const update = { ...columns, familyId: row.familyId ?? familyId };
  const before = Object.fromEntries(Object.keys(update).map((key) => [key, row[key as keyof typeof row]]));
  const changes = diffOf(before, update, ctx.runId);
  // The run's tag is always there: more than it means a column changed.
  if (Object.keys(changes).length > 1) {
    await tx
      .update(models)
      .set({ ...update, ...bumpVersion(models) })
      .where(eq(models.id, row.id));
    run.counts.models.updated++;
    Object.assign(audit, changes);
  } else run.counts.models.unchanged++;
  return row;
}

async function importFacts(tx: Tx, ctx: ImportContext, model: CatalogModel, run: ModelRun, row: ModelRow, audit: AuditDiff) {
  const claims = factClaims(ctx, run, model);
  const plan = planFacts(ctx, claims, await liveFacts(tx, row.id), row.curated);
  await applyPlan(tx, modelFacts, plan, run, run.counts.facts, audit, (item) => claimRow(item, { modelId: row.id, fact: item.claim.key as ModelFactKind, value: item.claim.value }));
}

async function importPrices(tx: Tx, ctx: ImportContext, model: CatalogModel, run: ModelRun, row: ModelRow, audit: AuditDiff) {
  const claims = priceClaims(ctx, run, model);
  const plan = planPrices(ctx, claims, await livePrices(tx, row.id), row.curated);
  await applyPlan(tx, prices, plan, run, run.counts.prices, audit, (item) => {
    const [kind, tier, effectiveFrom] = item.claim.key.split('/') as [PriceKind, string, string];
    return claimRow(item, { modelId: row.id, kind, tierMinTokens: Number(tier), usdPerMillionTokens: Number(item.claim.value), effectiveFrom });
  });
}

async function importScores(tx: Tx, ctx: ImportContext, model: CatalogModel, run: ModelRun, row: ModelRow, audit: AuditDiff) {
  const claims = scoreClaims(ctx, run, model, await ensureBenchmarks(tx, ctx, run, model));
  const plan = planScores(ctx, claims, await liveScores(tx, row.id), row.curated);
  // Who ran each result, from the kind of page the entry cites (a vendor's card, an independent leaderboard);
  // its conditions are read from the setting by the database (scores_read_setting).
  const cited = [...new Set(claims.map((claim) => claim.citation.sourceId))];
  const kinds = new Map(cited.length ? (await tx.select({ id: sources.id, kind: sources.kind }).from(sources).where(inArray(sources.id, cited))).map((source) => [source.id, source.kind]) : []);
  await applyPlan(tx, scores, plan, run, run.counts.scores, audit, (item) => {
    const slash = item.claim.key.indexOf('/');
    return claimRow(item, {
      modelId: row.id,
      benchmarkId: Number(item.claim.key.slice(0, slash)),
      setting: item.claim.key.slice(slash + 1),
      value: Number(item.claim.value),
      runBy: runByOfSource(kinds.get(item.claim.citation.sourceId)),
    });
  });
}
