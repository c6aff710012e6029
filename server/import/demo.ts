import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { and, eq, sql } from 'drizzle-orm';
import type { DatabaseHandle } from '../../db/client.ts';
import { resolveDataset } from './dataset.ts';
import { formatSummary, importModelsDev, type ImportSummary } from './models-dev.ts';
import {
  benchmarks,
  modelFacts,
  modelFamilies,
  models,
  prices,
  providers,
  scores,
  siteTexts,
  sources,
  type ModelFactKind,
  type PriceKind,
  type SourceKind,
} from '../../db/schema/index.ts';
import { refreshModelSimilarities } from '../catalog/similarity.ts';
import { seedDemoDigest } from '../digest/demo.ts';

export const seedDir = fileURLToPath(new URL('../../db/seed/', import.meta.url));

/** The reference model page as editors entered it (db/seed/seed-page.json). */
export interface SeedPage {
  sources: { key: string; url: string; title: string; publisher: string; kind: SourceKind; publishedAt?: string; retrievedAt: string }[];
  provider: {
    slug: string;
    name: string;
    website: string;
    api: { baseUrl: string; apiKeyEnv: string; npmPackage?: string; pythonPackage?: string };
  };
  family: { slug: string; name: string; provider: string; members: string[] };
  model: {
    slug: string;
    name: string;
    apiModelId: string;
    tagline: string;
    about: string;
    status: 'ACTIVE' | 'DEPRECATED' | 'RETIRED';
    license: { name: string; openWeights: boolean };
    modalities: { input: string[]; output: string[] };
    strengths: string[];
    weaknesses: string[];
    facts: Record<'releaseDate' | 'knowledgeCutoff' | 'contextWindow' | 'maxOutputTokens', { value: string | number; source: string; locator: string }>;
    prices: { kind: PriceKind; usdPerMillionTokens: number; effectiveFrom: string; source: string; locator: string }[];
    scores: { benchmark: string; value: number; setting: string; source: string; locator: string }[];
  };
  benchmarks: {
    slug: string;
    name: string;
    category: (typeof benchmarks.$inferInsert)['category'];
    description: string;
    unit: (typeof benchmarks.$inferInsert)['unit'];
    scaleMin: number;
    scaleMax: number;
    higherIsBetter: boolean;
    homepage: string;
  }[];
  disagreements: { model: string; fact: string; note: string }[];
  methodology: string;
}

const factKinds: Record<keyof SeedPage['model']['facts'], ModelFactKind> = {
  releaseDate: 'RELEASE_DATE',
  knowledgeCutoff: 'KNOWLEDGE_CUTOFF',
  contextWindow: 'CONTEXT_WINDOW',
  maxOutputTokens: 'MAX_OUTPUT_TOKENS',
};

export function readSeedPage(path = `${seedDir}seed-page.json`): SeedPage {
  return JSON.parse(readFileSync(path, 'utf8')) as SeedPage;
}

/**
 * Loads the reference page as published data: its sources, provider (with API facts), family,
 * benchmark, the model (curated: imports never publish over it) and its facts, prices and scores as
 * verified claims citing the named sources. A recorded disagreement is kept on the chosen claim.
 */
export async function loadSeedPage(handle: DatabaseHandle, page: SeedPage): Promise<void> {
  await handle.db.transaction(async (tx) => {
    const sourceIds = new Map<string, { id: number; retrievedAt: string }>();
    for (const { key, ...source } of page.sources) {
      const [row] = await tx
        .insert(sources)
        .values(source)
        .onConflictDoUpdate({ target: sources.url, set: { title: source.title } })
        .returning({ id: sources.id });
      sourceIds.set(key, { id: row!.id, retrievedAt: source.retrievedAt });
    }
    const cite = (key: string, locator: string) => {
      const source = sourceIds.get(key);
      if (!source) throw new Error(`seed page: unknown source "${key}"`);
      return { sourceId: source.id, locator, retrievedAt: source.retrievedAt, status: 'VERIFIED' as const, origin: 'IMPORT' as const, verifiedAt: sql`now()` };
    };

    const { provider } = page;
    const providerValues = {
      name: provider.name,
      website: provider.website,
      apiBaseUrl: provider.api.baseUrl,
      apiKeyEnv: provider.api.apiKeyEnv,
      npmPackage: provider.api.npmPackage ?? null,
      pythonPackage: provider.api.pythonPackage ?? null,
    };
    const [providerRow] = await tx
      .insert(providers)
      .values({ slug: provider.slug, ...providerValues })
      .onConflictDoUpdate({ target: providers.slug, set: providerValues })
      .returning({ id: providers.id });

    const [familyRow] = await tx
      .insert(modelFamilies)
      .values({ slug: page.family.slug, name: page.family.name, providerId: providerRow!.id })
      .onConflictDoUpdate({ target: modelFamilies.slug, set: { name: page.family.name } })
      .returning({ id: modelFamilies.id });

    for (const { slug, ...definition } of page.benchmarks) {
      await tx.insert(benchmarks).values({ slug, ...definition }).onConflictDoUpdate({ target: benchmarks.slug, set: definition });
    }

    const { model } = page;
    const modelValues = {
      name: model.name,
      providerId: providerRow!.id,
      familyId: familyRow!.id,
      familyPosition: page.family.members.indexOf(model.slug) + 1,
      apiModelId: model.apiModelId,
      tagline: model.tagline,
      about: model.about,
      status: model.status,
      licenseName: model.license.name,
      openWeights: model.license.openWeights,
      inputModalities: model.modalities.input,
      outputModalities: model.modalities.output,
      strengths: model.strengths,
      weaknesses: model.weaknesses,
      publication: 'PUBLISHED' as const,
      curated: true,
    };
    const [modelRow] = await tx
      .insert(models)
      .values({ slug: model.slug, ...modelValues })
      .onConflictDoUpdate({ target: models.slug, set: modelValues })
      .returning({ id: models.id });
    const modelId = modelRow!.id;

    for (const [name, fact] of Object.entries(model.facts) as [keyof typeof factKinds, SeedPage['model']['facts']['releaseDate']][]) {
      const kind = factKinds[name];
      const note = page.disagreements
        .filter((disagreement) => disagreement.model === model.slug && disagreement.fact === name)
        .map((disagreement) => disagreement.note)
        .join('\n') || null;
      // The editors' value is the published one: any other published claim of this fact steps aside.
      await tx
        .update(modelFacts)
        .set({ status: 'PENDING_REVIEW', verifiedAt: null })
        .where(and(eq(modelFacts.modelId, modelId), eq(modelFacts.fact, kind), eq(modelFacts.status, 'VERIFIED')));
      await tx.insert(modelFacts).values({ modelId, fact: kind, value: String(fact.value), note, ...cite(fact.source, fact.locator) });
    }
    for (const price of model.prices) {
      await tx.insert(prices).values({
        modelId,
        kind: price.kind,
        usdPerMillionTokens: price.usdPerMillionTokens,
        effectiveFrom: price.effectiveFrom,
        ...cite(price.source, price.locator),
      });
    }
    for (const score of model.scores) {
      const [benchmark] = await tx.select({ id: benchmarks.id }).from(benchmarks).where(eq(benchmarks.slug, score.benchmark));
      if (!benchmark) throw new Error(`seed page: unknown benchmark "${score.benchmark}"`);
      await tx.insert(scores).values({ modelId, benchmarkId: benchmark.id, value: score.value, setting: score.setting, ...cite(score.source, score.locator) });
    }
    await tx
      .insert(siteTexts)
      .values({ key: 'methodology', body: page.methodology })
      .onConflictDoUpdate({ target: siteTexts.key, set: { body: page.methodology } });
  });
}

/** Puts the seed family's members in its order (they come from the dataset with families of their own). */
async function applySeedFamily(handle: DatabaseHandle, page: SeedPage): Promise<void> {
  await handle.db.transaction(async (tx) => {
    const [family] = await tx.select({ id: modelFamilies.id }).from(modelFamilies).where(eq(modelFamilies.slug, page.family.slug));
    for (const [index, slug] of page.family.members.entries()) {
      await tx.update(models).set({ familyId: family!.id, familyPosition: index + 1 }).where(eq(models.slug, slug));
    }
  });
}

export { readDatasetInfo } from './dataset.ts';

/**
 * On an empty database: the reference page, then the models.dev subset around it, published.
 * Returns the import summary, or null when the database already has a catalog.
 */
export async function seedDemoCatalog(
  handle: DatabaseHandle,
  options: { onProgress?: (line: string) => void } = {},
): Promise<ImportSummary | null> {
  const [{ count }] = (await handle.raw.query<{ count: number | string }>('select count(*) as count from models')) as [{ count: number | string }];
  if (Number(count) > 0) return null;
  const page = readSeedPage();
  await loadSeedPage(handle, page);
  const root = `${seedDir}models.dev`;
  // Partial mode: the demo loads even if an entry of the snapshot is skipped; the summary lists it.
  const { dataset, pinned, warnings } = resolveDataset(root, {});
  const summary = await importModelsDev(handle, root, { ...dataset, pinned, datasetWarnings: warnings, onProgress: options.onProgress });
  await applySeedFamily(handle, page);
  await refreshModelSimilarities(handle.db);
  await seedDemoDigest(handle);
  options.onProgress?.(formatSummary(summary, { listWarnings: false }));
  return summary;
}
