import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { and, eq, inArray, sql } from 'drizzle-orm';
import { parse as parseToml } from 'smol-toml';
import { z } from 'zod';
import { hiddenCharactersMessage, isPublicHttpUrl, noHiddenCharacters, yearInRange, yearRangeMessage } from '../../server/editing/input.ts';
import type { Database, DatabaseHandle } from '../client.ts';
import {
  benchmarkAliases as benchmarkAliasesTable,
  benchmarks,
  modelFacts,
  modelFamilies,
  models,
  prices,
  providers,
  scores,
  sources,
  type ClaimStatus,
  type ModelFactKind,
  type PriceKind,
  type SourceKind,
} from '../schema/index.ts';
import {
  benchmarkAliases,
  benchmarkSlug,
  defaultBenchmark,
  knownBenchmarks,
  normaliseBenchmarkName,
  type BenchmarkDefinition,
} from './benchmarks.ts';

type Tx = Parameters<Parameters<Database['transaction']>[0]>[0];

export interface DatasetInfo {
  repository: string;
  commit: string;
  /** The day the dataset was taken (the commit date): every number citing it was retrieved then. */
  retrievedAt: string;
}

export interface ImportOptions extends Partial<DatasetInfo> {
  onProgress?: (line: string) => void;
}

export interface Skipped {
  path: string;
  field?: string;
  reason: string;
}

interface Count {
  created: number;
  updated: number;
  unchanged: number;
}

export interface ImportSummary {
  files: number;
  providers: Count;
  families: Count;
  models: Count;
  facts: Count;
  prices: Count;
  benchmarks: Count;
  scores: Count;
  sources: Count;
  /** Claims kept for review instead of published (curated models, or a verified value from another source). */
  heldForReview: number;
  skipped: Skipped[];
}

// ---------------------------------------------------------------------------------------------
// File formats (models.dev README): only the fields we import are validated; the rest is ignored.

const day = z.string().regex(/^\d{4}-\d{2}(-\d{2})?$/, 'expected YYYY-MM or YYYY-MM-DD').refine(yearInRange, yearRangeMessage);
// The editors' rules for text and links (server/editing/input.ts): no hidden characters, public hosts only.
const plain = z.string().min(1).refine(noHiddenCharacters, hiddenCharactersMessage);
const publicUrl = z.string().refine(isPublicHttpUrl, 'expected a public http(s) URL (no credentials, no loopback, private or local host)');
// models.dev writes 0 for a limit that does not apply (image models): read as unknown.
const tokens = z.number().int().nonnegative();
const usd = z.number().nonnegative();

const costSchema = z.object({
  input: usd.optional(),
  output: usd.optional(),
  cache_read: usd.optional(),
  cache_write: usd.optional(),
  cached_input: usd.optional(),
  cached_write: usd.optional(),
  input_audio: usd.optional(),
  output_audio: usd.optional(),
  reasoning: usd.optional(),
  tiers: z
    .array(
      z.object({
        tier: z.object({ size: tokens, type: z.string().optional() }),
        input: usd.optional(),
        output: usd.optional(),
        cache_read: usd.optional(),
        cache_write: usd.optional(),
      }),
    )
    .optional(),
});

const benchmarkEntrySchema = z.object({
  name: plain,
  score: z.number().refine((value) => Number.isFinite(value) && Math.abs(value) <= 1e12, 'expected a number within ±1e12'),
  metric: plain,
  source: publicUrl,
  date: day.optional(),
  harness: z.string().optional(),
  variant: z.string().optional(),
  dataset: z.string().optional(),
  version: z.string().optional(),
});

const modelFileSchema = z.object({
  base_model: z.string().regex(/^[\w.-]+\/[\w.-]+$/, 'expected vendor/model-id').optional(),
  name: plain.optional(),
  family: plain.optional(),
  release_date: day.optional(),
  last_updated: day.optional(),
  knowledge: day.optional(),
  open_weights: z.boolean().optional(),
  license: plain.optional(),
  status: z.string().optional(),
  limit: z.object({ context: tokens.optional(), output: tokens.optional(), input: tokens.optional() }).optional(),
  modalities: z.object({ input: z.array(z.string()).optional(), output: z.array(z.string()).optional() }).optional(),
  cost: costSchema.optional(),
  benchmarks: z.array(benchmarkEntrySchema).optional(),
});
type ModelFile = z.infer<typeof modelFileSchema>;

const providerFileSchema = z.object({
  name: plain,
  env: z.array(z.string()).optional(),
  npm: z.string().optional(),
  doc: publicUrl.optional(),
  api: publicUrl.optional(),
});
type ProviderFile = z.infer<typeof providerFileSchema>;

/** Provider folders named differently from the vendor folder of their models. */
const providerToVendor: Record<string, string> = { llama: 'meta', zai: 'zhipuai' };

const vendorNames: Record<string, string> = {
  alibaba: 'Alibaba',
  anthropic: 'Anthropic',
  cohere: 'Cohere',
  deepreinforce: 'DeepReinforce',
  deepseek: 'DeepSeek',
  google: 'Google',
  meta: 'Meta',
  minimax: 'MiniMax',
  mistral: 'Mistral',
  moonshotai: 'Moonshot AI',
  openai: 'OpenAI',
  sarvam: 'Sarvam AI',
  tencent: 'Tencent',
  xai: 'xAI',
  zhipuai: 'Z.ai (Zhipu AI)',
};

// ---------------------------------------------------------------------------------------------
// Reading the tree

interface ParsedFile<T> {
  path: string;
  data: T;
}

/** A field's value and the file it came from (the file a number cites). */
interface Sourced<T> {
  value: T;
  path: string;
}

interface CatalogModel {
  vendor: string;
  /** The file id: the provider's API model id. */
  id: string;
  /** Catalog slugs are lower case. */
  slug: string;
  files: string[];
  name?: Sourced<string>;
  family?: Sourced<string>;
  releaseDate?: Sourced<string>;
  lastUpdated?: Sourced<string>;
  knowledge?: Sourced<string>;
  openWeights?: Sourced<boolean>;
  license?: Sourced<string>;
  status?: Sourced<string>;
  context?: Sourced<number>;
  output?: Sourced<number>;
  inputModalities?: Sourced<string[]>;
  outputModalities?: Sourced<string[]>;
  cost?: Sourced<z.infer<typeof costSchema>>;
  benchmarks: Sourced<z.infer<typeof benchmarkEntrySchema>>[];
}

function listToml(dir: string): string[] {
  try {
    return readdirSync(dir)
      .filter((name) => name.endsWith('.toml'))
      .sort();
  } catch {
    return [];
  }
}

function listDirs(dir: string): string[] {
  try {
    return readdirSync(dir)
      .filter((name) => statSync(join(dir, name)).isDirectory())
      .sort();
  } catch {
    return [];
  }
}

function readFile<T>(root: string, path: string, schema: z.ZodType<T>, skipped: Skipped[]): ParsedFile<T> | null {
  const relativePath = relative(root, path);
  let raw: unknown;
  try {
    raw = parseToml(readFileSync(path, 'utf8'));
  } catch (error) {
    skipped.push({ path: relativePath, reason: `not valid TOML: ${(error as Error).message.split('\n')[0]}` });
    return null;
  }
  const result = schema.safeParse(raw);
  if (!result.success) {
    for (const issue of result.error.issues) {
      skipped.push({ path: relativePath, field: issue.path.join('.'), reason: issue.message });
    }
    return null;
  }
  return { path: relativePath, data: result.data };
}

/** Overlays a file on a model: every field it sets is taken, with the file as its citation. */
function overlay(model: CatalogModel, file: ParsedFile<ModelFile>, includeBenchmarks: boolean) {
  const { data, path } = file;
  const take = <T>(value: T | undefined): Sourced<T> | undefined => (value === undefined ? undefined : { value, path });
  model.files.push(path);
  model.name = take(data.name) ?? model.name;
  model.family = take(data.family) ?? model.family;
  model.releaseDate = take(data.release_date) ?? model.releaseDate;
  model.lastUpdated = take(data.last_updated) ?? model.lastUpdated;
  model.knowledge = take(data.knowledge) ?? model.knowledge;
  model.openWeights = take(data.open_weights) ?? model.openWeights;
  model.license = take(data.license) ?? model.license;
  model.status = take(data.status) ?? model.status;
  model.context = take(data.limit?.context || undefined) ?? model.context;
  model.output = take(data.limit?.output || undefined) ?? model.output;
  model.inputModalities = take(data.modalities?.input) ?? model.inputModalities;
  model.outputModalities = take(data.modalities?.output) ?? model.outputModalities;
  model.cost = take(data.cost) ?? model.cost;
  if (includeBenchmarks) for (const entry of data.benchmarks ?? []) model.benchmarks.push({ value: entry, path });
}

interface Catalog {
  providerFiles: Map<string, ParsedFile<ProviderFile>>;
  vendors: Set<string>;
  models: CatalogModel[];
  files: number;
}

/**
 * Reads models/<vendor>/<id>.toml (canonical facts) and providers/<provider>/models/<id>.toml (what
 * the provider serves, with prices). A provider file inherits from `base_model`, or from the
 * canonical file of the same id; the provider file wins field by field.
 */
export function readCatalog(root: string, skipped: Skipped[]): Catalog {
  let files = 0;
  const canonical = new Map<string, ParsedFile<ModelFile>>();
  const malformed = new Set<string>();
  const vendors = new Set<string>();
  for (const vendor of listDirs(join(root, 'models'))) {
    vendors.add(vendor);
    for (const name of listToml(join(root, 'models', vendor))) {
      files++;
      const key = `${vendor}/${name.slice(0, -5)}`;
      const parsed = readFile(root, join(root, 'models', vendor, name), modelFileSchema, skipped);
      if (parsed) canonical.set(key, parsed);
      else malformed.add(key);
    }
  }

  const providerFiles = new Map<string, ParsedFile<ProviderFile>>();
  const served = new Map<string, { provider: string; file: ParsedFile<ModelFile> }>();
  for (const provider of listDirs(join(root, 'providers'))) {
    const vendor = providerToVendor[provider] ?? provider;
    vendors.add(vendor);
    files++;
    const providerFile = readFile(root, join(root, 'providers', provider, 'provider.toml'), providerFileSchema, skipped);
    if (providerFile) providerFiles.set(vendor, providerFile);
    for (const name of listToml(join(root, 'providers', provider, 'models'))) {
      files++;
      const id = name.slice(0, -5);
      const parsed = readFile(root, join(root, 'providers', provider, 'models', name), modelFileSchema, skipped);
      if (parsed) served.set(`${vendor}/${id}`, { provider, file: parsed });
      else malformed.add(`${vendor}/${id}`);
    }
  }

  const catalog = new Map<string, CatalogModel>();
  const modelFor = (vendor: string, slug: string) => {
    const key = `${vendor}/${slug}`;
    let model = catalog.get(key);
    if (!model) {
      model = { vendor, id: slug, slug: slug.toLowerCase(), files: [], benchmarks: [] };
      catalog.set(key, model);
    }
    return model;
  };
  for (const [key, file] of canonical) {
    if (malformed.has(key)) continue; // its provider file is broken: skip the model whole
    const [vendor, id] = key.split('/') as [string, string];
    overlay(modelFor(vendor, id), file, true);
  }
  for (const [key, { file }] of served) {
    const [vendor, slug] = key.split('/') as [string, string];
    const baseKey = file.data.base_model ?? key;
    if (malformed.has(baseKey)) {
      skipped.push({ path: file.path, field: 'base_model', reason: `its base model ${baseKey} could not be read` });
      continue;
    }
    const base = canonical.get(baseKey);
    if (file.data.base_model && !base) {
      skipped.push({ path: file.path, field: 'base_model', reason: `no file models/${baseKey}.toml` });
      continue;
    }
    const model = catalog.get(key) ?? modelFor(vendor, slug);
    if (base && model.files.length === 0) overlay(model, base, baseKey === key);
    overlay(model, file, true);
  }

  // Slugs are unique across vendors in this dataset; prefix on collision rather than merge two models.
  const bySlug = new Map<string, CatalogModel[]>();
  for (const model of catalog.values()) bySlug.set(model.slug, [...(bySlug.get(model.slug) ?? []), model]);
  for (const group of bySlug.values()) if (group.length > 1) for (const model of group) model.slug = `${model.vendor}-${model.slug}`;

  const complete = [...catalog.values()].filter((model) => {
    if (!model.name) {
      skipped.push({ path: model.files[0] ?? model.slug, field: 'name', reason: 'a model needs a name' });
      return false;
    }
    return true;
  });
  return { providerFiles, vendors, models: complete.sort((a, b) => a.slug.localeCompare(b.slug)), files };
}

// ---------------------------------------------------------------------------------------------
// Writing

const slugify = (text: string) =>
  text
    .toLowerCase()
    .replace(/[^a-z0-9.]+/g, '-')
    .replace(/^[-.]+|[-.]+$/g, '');

function readableFamily(family: string): string {
  return family
    .split(/[-_]/)
    .map((part) => (part.length <= 3 && /^[a-z]+$/.test(part) ? part.toUpperCase() : part[0]!.toUpperCase() + part.slice(1)))
    .join(' ');
}

const sourceKindByHost: [RegExp, SourceKind, string][] = [
  [/(^|\.)labs\.scale\.com$/, 'INDEPENDENT_LEADERBOARD', 'Scale AI'],
  [/(^|\.)aider\.chat$/, 'INDEPENDENT_LEADERBOARD', 'Aider'],
  [/(^|\.)artificialanalysis\.ai$/, 'INDEPENDENT_LEADERBOARD', 'Artificial Analysis'],
  [/(^|\.)openrouter\.ai$/, 'INDEPENDENT_LEADERBOARD', 'OpenRouter'],
  [/(^|\.)tbench\.ai$/, 'BENCHMARK_MAINTAINER', 'Terminal-Bench'],
  [/(^|\.)swebench\.com$/, 'BENCHMARK_MAINTAINER', 'SWE-bench'],
  [/(^|\.)arxiv\.org$/, 'PAPER', 'arXiv'],
  [/(^|\.)huggingface\.co$/, 'VENDOR_MODEL_CARD', 'Hugging Face'],
  [/(^|\.)(anthropic\.com|openai\.com|mistral\.ai|deepmind\.google|ai\.google\.dev|x\.ai|deepseek\.com|qwenlm\.github\.io|moonshot\.ai|minimax\.io|cohere\.com|z\.ai)$/, 'VENDOR_MODEL_CARD', ''],
];

function describeSourceUrl(url: string): { kind: SourceKind; publisher: string; title: string } {
  const host = new URL(url).hostname.replace(/^www\./, '');
  const match = sourceKindByHost.find(([pattern]) => pattern.test(host));
  const publisher = match?.[2] || host;
  const path = new URL(url).pathname.replace(/\/+$/, '');
  return { kind: match?.[1] ?? 'OTHER', publisher, title: `${publisher}${path ? ` — ${path}` : ''}` };
}

const priceKindByKey: [keyof z.infer<typeof costSchema>, PriceKind][] = [
  ['input', 'INPUT'],
  ['output', 'OUTPUT'],
  ['cache_read', 'CACHED_INPUT'],
  ['cached_input', 'CACHED_INPUT'],
  ['cache_write', 'CACHE_WRITE'],
  ['cached_write', 'CACHE_WRITE'],
  ['input_audio', 'INPUT_AUDIO'],
  ['output_audio', 'OUTPUT_AUDIO'],
  ['reasoning', 'REASONING'],
];

function settingOf(entry: z.infer<typeof benchmarkEntrySchema>): string {
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

const emptyCount = (): Count => ({ created: 0, updated: 0, unchanged: 0 });

interface Citation {
  sourceId: number;
  locator: string;
  retrievedAt: string;
}

/** A number the dataset states for a model, under a key that identifies what it is a value of. */
interface Claim {
  key: string;
  value: string;
  citation: Citation;
}

interface LiveClaim {
  id: number;
  key: string;
  sourceId: number;
  status: ClaimStatus;
  value: string;
}

interface ClaimPlan {
  inserts: { claim: Claim; status: ClaimStatus }[];
  /** Old claims replaced by a changed value from the same source, by the index of their insert. */
  supersedes: { oldId: number; insertIndex: number }[];
}

/**
 * Decides each claim: unchanged when its source already says the same; a changed value from the
 * same source supersedes the old claim. Published, unless the model is curated or another source's
 * value is already the published one: then it waits for a reviewer, kept as data.
 */
function planClaims(claims: Claim[], live: LiveClaim[], curated: boolean, count: Count, summary: ImportSummary): ClaimPlan {
  const plan: ClaimPlan = { inserts: [], supersedes: [] };
  for (const claim of claims) {
    const sameKey = live.filter((existing) => existing.key === claim.key);
    const mine = sameKey.find((existing) => existing.sourceId === claim.citation.sourceId);
    if (mine && mine.value === claim.value) {
      count.unchanged++;
      continue;
    }
    const publishedElsewhere = sameKey.some((existing) => existing.status === 'VERIFIED' && existing !== mine);
    const status: ClaimStatus = curated || publishedElsewhere ? 'PENDING_REVIEW' : 'VERIFIED';
    if (status === 'PENDING_REVIEW') summary.heldForReview++;
    if (mine) {
      plan.supersedes.push({ oldId: mine.id, insertIndex: plan.inserts.length });
      count.updated++;
    } else count.created++;
    plan.inserts.push({ claim, status });
  }
  return plan;
}

const liveStatuses: ClaimStatus[] = ['DRAFT', 'PENDING_REVIEW', 'VERIFIED'];

export async function importModelsDev(handle: DatabaseHandle, root: string, options: ImportOptions = {}): Promise<ImportSummary> {
  const dataset: DatasetInfo = {
    repository: options.repository ?? 'https://github.com/anomalyco/models.dev',
    commit: options.commit ?? 'main',
    retrievedAt: options.retrievedAt ?? new Date().toISOString().slice(0, 10),
  };
  const progress = options.onProgress ?? (() => {});
  const summary: ImportSummary = {
    files: 0,
    providers: emptyCount(),
    families: emptyCount(),
    models: emptyCount(),
    facts: emptyCount(),
    prices: emptyCount(),
    benchmarks: emptyCount(),
    scores: emptyCount(),
    sources: emptyCount(),
    heldForReview: 0,
    skipped: [],
  };
  const catalog = readCatalog(root, summary.skipped);
  summary.files = catalog.files;
  progress(`read ${catalog.files} files: ${catalog.models.length} models, ${summary.skipped.length} problems`);

  const { db } = handle;
  const fileUrl = (path: string) => `${dataset.repository}/blob/${dataset.commit}/${path}`;
  const fullDay = (date: string) => (date.length === 7 ? `${date}-01` : date);

  // Shared rows first, each in one transaction: providers, families, benchmarks, sources.
  const providerIds = new Map<string, number>();
  const familyIds = new Map<string, number>();
  const benchmarkIds = new Map<string, { id: number; definition: BenchmarkDefinition }>();
  const sourceIds = new Map<string, number>();

  await db.transaction(async (tx) => {
    for (const vendor of [...catalog.vendors].sort()) {
      const file = catalog.providerFiles.get(vendor)?.data;
      const values = {
        slug: vendor,
        name: vendorNames[vendor] ?? file?.name ?? vendor,
        docsUrl: file?.doc ?? null,
        apiBaseUrl: file?.api ?? null,
        apiKeyEnv: file?.env?.[0] ?? null,
      };
      const [existing] = await tx.select().from(providers).where(eq(providers.slug, vendor));
      if (!existing) {
        const [created] = await tx.insert(providers).values(values).returning({ id: providers.id });
        providerIds.set(vendor, created!.id);
        summary.providers.created++;
        continue;
      }
      providerIds.set(vendor, existing.id);
      // Fill what editors have not set; never overwrite their values.
      const fill = {
        docsUrl: existing.docsUrl ?? values.docsUrl,
        apiBaseUrl: existing.apiBaseUrl ?? values.apiBaseUrl,
        apiKeyEnv: existing.apiKeyEnv ?? values.apiKeyEnv,
      };
      if (fill.docsUrl !== existing.docsUrl || fill.apiBaseUrl !== existing.apiBaseUrl || fill.apiKeyEnv !== existing.apiKeyEnv) {
        await tx
          .update(providers)
          .set({ ...fill, version: sql`${providers.version} + 1`, updatedAt: sql`now()` })
          .where(eq(providers.id, existing.id));
        summary.providers.updated++;
      } else summary.providers.unchanged++;
    }

    const families = new Map<string, { vendor: string; family: string }>();
    for (const model of catalog.models) {
      if (model.family) families.set(slugify(`${model.vendor}-${model.family.value}`), { vendor: model.vendor, family: model.family.value });
    }
    const existingFamilies = new Map(
      (await tx.select({ id: modelFamilies.id, slug: modelFamilies.slug }).from(modelFamilies)).map((row) => [row.slug, row.id]),
    );
    for (const [slug, { vendor, family }] of families) {
      let id = existingFamilies.get(slug);
      if (id === undefined) {
        [{ id }] = (await tx
          .insert(modelFamilies)
          .values({ slug, name: `${vendorNames[vendor] ?? vendor} ${readableFamily(family)}`, providerId: providerIds.get(vendor)! })
          .returning({ id: modelFamilies.id })) as [{ id: number }];
        summary.families.created++;
      } else summary.families.unchanged++;
      familyIds.set(slug, id);
    }

    const names = new Set(catalog.models.flatMap((model) => model.benchmarks.map((entry) => entry.value.name)));
    const existingBenchmarks = new Map((await tx.select().from(benchmarks)).map((row) => [row.slug, row]));
    for (const name of [...names].sort()) {
      const slug = benchmarkSlug(name);
      if (benchmarkIds.has(slug)) continue;
      const definition = knownBenchmarks.find((candidate) => candidate.slug === slug) ?? defaultBenchmark(name);
      let row = existingBenchmarks.get(slug);
      if (!row) {
        [row] = await tx
          .insert(benchmarks)
          .values({
            slug,
            name: definition.name,
            category: definition.category,
            description: definition.description,
            unit: definition.unit,
            scaleMin: definition.scaleMin,
            scaleMax: definition.scaleMax,
            higherIsBetter: definition.higherIsBetter,
            homepage: definition.homepage,
          })
          .returning();
        summary.benchmarks.created++;
      } else summary.benchmarks.unchanged++;
      benchmarkIds.set(slug, { id: row!.id, definition: { ...definition, scaleMin: row!.scaleMin, scaleMax: row!.scaleMax } });
      // Record every spelling seen, so editors and later imports find the same benchmark.
      const aliases = new Set([slug, normaliseBenchmarkName(name), ...Object.keys(benchmarkAliases).filter((key) => benchmarkAliases[key] === slug)]);
      await tx
        .insert(benchmarkAliasesTable)
        .values([...aliases].map((alias) => ({ alias, benchmarkId: row!.id })))
        .onConflictDoNothing();
    }

    // Sources: one per dataset file a number is taken from, and one per benchmark source URL.
    const wanted = new Map<string, typeof sources.$inferInsert>();
    for (const model of catalog.models) {
      for (const path of model.files) {
        wanted.set(fileUrl(path), {
          url: fileUrl(path),
          kind: 'AGGREGATOR_DATASET',
          publisher: 'models.dev',
          title: `models.dev — ${path}`,
          retrievedAt: dataset.retrievedAt,
        });
      }
      for (const { value: entry } of model.benchmarks) {
        if (wanted.has(entry.source)) continue;
        wanted.set(entry.source, {
          url: entry.source,
          ...describeSourceUrl(entry.source),
          retrievedAt: fullDay(entry.date ?? dataset.retrievedAt),
          publishedAt: entry.date && entry.date.length === 10 ? entry.date : null,
        });
      }
    }
    const urls = [...wanted.keys()];
    for (const row of await tx.select({ id: sources.id, url: sources.url }).from(sources).where(inArray(sources.url, urls))) {
      sourceIds.set(row.url, row.id);
      summary.sources.unchanged++;
    }
    const missing = urls.filter((url) => !sourceIds.has(url)).map((url) => wanted.get(url)!);
    for (let start = 0; start < missing.length; start += 500) {
      const created = await tx.insert(sources).values(missing.slice(start, start + 500)).returning({ id: sources.id, url: sources.url });
      for (const row of created) sourceIds.set(row.url, row.id);
      summary.sources.created += created.length;
    }
  });

  let done = 0;
  for (const model of catalog.models) {
    try {
      await db.transaction((tx) => importModel(tx, model));
    } catch (error) {
      const message = (error as { cause?: { message?: string } }).cause?.message ?? (error as Error).message.split('\n')[0];
      summary.skipped.push({ path: model.files.join(', '), reason: `not imported: ${message}` });
    }
    done++;
    if (done % 50 === 0 || done === catalog.models.length) {
      progress(`[${done}/${catalog.models.length}] models imported (${summary.scores.created} scores, ${summary.prices.created} prices so far)`);
    }
  }
  return summary;

  /** One model in one transaction: its row, then its facts, prices and scores, each in one batch. */
  async function importModel(tx: Tx, model: CatalogModel) {
    const openWeights = model.openWeights?.value ?? false;
    const familyId = model.family ? (familyIds.get(slugify(`${model.vendor}-${model.family.value}`)) ?? null) : null;
    const columns = {
      name: model.name!.value,
      providerId: providerIds.get(model.vendor)!,
      apiModelId: model.id,
      status: model.status?.value === 'deprecated' ? ('DEPRECATED' as const) : ('ACTIVE' as const),
      licenseName: model.license?.value ?? (openWeights ? 'Open weights' : 'Proprietary'),
      openWeights,
      inputModalities: model.inputModalities?.value ?? [],
      outputModalities: model.outputModalities?.value ?? [],
    };
    let [row] = await tx.select().from(models).where(eq(models.slug, model.slug));
    if (!row) {
      [row] = await tx.insert(models).values({ slug: model.slug, ...columns, familyId, publication: 'PUBLISHED' }).returning();
      summary.models.created++;
    } else if (row.curated) {
      summary.models.unchanged++;
    } else {
      // Which family a model belongs to is an editorial choice once made: only fill it when missing.
      const update = { ...columns, familyId: row.familyId ?? familyId };
      const changed = (Object.keys(update) as (keyof typeof update)[]).some(
        (key) => JSON.stringify(row![key]) !== JSON.stringify(update[key]),
      );
      if (changed) {
        await tx
          .update(models)
          .set({ ...update, version: sql`${models.version} + 1`, updatedAt: sql`now()` })
          .where(eq(models.id, row.id));
        summary.models.updated++;
      } else summary.models.unchanged++;
    }
    const modelId = row!.id;
    const curated = row!.curated;
    const fileCitation = (path: string, locator: string): Citation => ({
      sourceId: sourceIds.get(fileUrl(path))!,
      locator,
      retrievedAt: dataset.retrievedAt,
    });

    // Facts: key = fact kind.
    const factClaims: Claim[] = [];
    const factFields: [ModelFactKind, Sourced<string | number> | undefined, string][] = [
      ['RELEASE_DATE', model.releaseDate, 'release_date'],
      ['KNOWLEDGE_CUTOFF', model.knowledge, 'knowledge'],
      ['CONTEXT_WINDOW', model.context, 'limit.context'],
      ['MAX_OUTPUT_TOKENS', model.output, 'limit.output'],
    ];
    for (const [fact, sourced, key] of factFields) {
      if (sourced) factClaims.push({ key: fact, value: String(sourced.value), citation: fileCitation(sourced.path, key) });
    }
    const liveFacts = await tx
      .select({ id: modelFacts.id, key: modelFacts.fact, sourceId: modelFacts.sourceId, status: modelFacts.status, value: modelFacts.value })
      .from(modelFacts)
      .where(and(eq(modelFacts.modelId, modelId), inArray(modelFacts.status, liveStatuses)));
    const factPlan = planClaims(factClaims, liveFacts, curated, summary.facts, summary);
    await applyPlan(tx, modelFacts, factPlan, ({ claim, status }) => ({
      modelId,
      fact: claim.key as ModelFactKind,
      value: claim.value,
      ...claimColumns(claim.citation, status),
    }));

    // Prices: key = kind / tier / effective date.
    const priceClaims: Claim[] = [];
    if (model.cost) {
      const cost = model.cost.value;
      const effective = fullDay(model.lastUpdated?.value ?? model.releaseDate?.value ?? dataset.retrievedAt);
      const add = (kind: PriceKind, tier: number, usd: number, locator: string) => {
        const key = `${kind}/${tier}/${effective}`;
        if (!priceClaims.some((claim) => claim.key === key)) {
          priceClaims.push({ key, value: String(usd), citation: fileCitation(model.cost!.path, locator) });
        }
      };
      for (const [field, kind] of priceKindByKey) {
        const usd = cost[field];
        if (typeof usd === 'number') add(kind, 0, usd, `cost.${field}`);
      }
      cost.tiers?.forEach((tier, index) => {
        for (const [field, kind] of priceKindByKey) {
          const usd = (tier as Record<string, unknown>)[field];
          if (typeof usd === 'number') add(kind, tier.tier.size, usd, `cost.tiers[${index}].${field}`);
        }
      });
    }
    const livePrices = await tx
      .select({
        id: prices.id,
        key: sql<string>`${prices.kind} || '/' || ${prices.tierMinTokens} || '/' || ${prices.effectiveFrom}`,
        sourceId: prices.sourceId,
        status: prices.status,
        value: sql<string>`${prices.usdPerMillionTokens}::float8::text`,
      })
      .from(prices)
      .where(and(eq(prices.modelId, modelId), inArray(prices.status, liveStatuses)));
    const pricePlan = planClaims(priceClaims, livePrices, curated, summary.prices, summary);
    await applyPlan(tx, prices, pricePlan, ({ claim, status }) => {
      const [kind, tier, effectiveFrom] = claim.key.split('/') as [PriceKind, string, string];
      return {
        modelId,
        kind,
        tierMinTokens: Number(tier),
        usdPerMillionTokens: Number(claim.value),
        effectiveFrom,
        ...claimColumns(claim.citation, status),
      };
    });

    // Scores: key = benchmark / setting; each cites the entry's own source.
    const scoreClaims: Claim[] = [];
    for (const { value: entry, path } of model.benchmarks) {
      const benchmark = benchmarkIds.get(benchmarkSlug(entry.name))!;
      const { scaleMin, scaleMax, name } = benchmark.definition;
      if (entry.score < scaleMin || entry.score > scaleMax) {
        summary.skipped.push({
          path,
          field: `benchmarks.${entry.name}.score`,
          reason: `${entry.score} is outside the scale of ${name} (${scaleMin} to ${scaleMax})`,
        });
        continue;
      }
      const key = `${benchmark.id}/${settingOf(entry)}`;
      if (scoreClaims.some((claim) => claim.key === key && claim.citation.sourceId === sourceIds.get(entry.source))) continue;
      scoreClaims.push({
        key,
        value: String(entry.score),
        citation: {
          sourceId: sourceIds.get(entry.source)!,
          locator: `${entry.name} result for ${model.name!.value} (${entry.metric}), as recorded in models.dev ${path}`,
          retrievedAt: fullDay(entry.date ?? dataset.retrievedAt),
        },
      });
    }
    const liveScores = await tx
      .select({
        id: scores.id,
        key: sql<string>`${scores.benchmarkId} || '/' || ${scores.setting}`,
        sourceId: scores.sourceId,
        status: scores.status,
        value: sql<string>`${scores.value}::text`,
      })
      .from(scores)
      .where(and(eq(scores.modelId, modelId), inArray(scores.status, liveStatuses)));
    // Normalise stored numbers the way JavaScript prints them, so 72 and 72.0 compare equal.
    for (const claim of liveScores) claim.value = String(Number(claim.value));
    for (const claim of livePrices) claim.value = String(Number(claim.value));
    const scorePlan = planClaims(scoreClaims, liveScores, curated, summary.scores, summary);
    await applyPlan(tx, scores, scorePlan, ({ claim, status }) => {
      const slash = claim.key.indexOf('/');
      return {
        modelId,
        benchmarkId: Number(claim.key.slice(0, slash)),
        setting: claim.key.slice(slash + 1),
        value: Number(claim.value),
        ...claimColumns(claim.citation, status),
      };
    });
  }
}

function claimColumns(citation: Citation, status: ClaimStatus) {
  return {
    ...citation,
    status,
    origin: 'IMPORT' as const,
    verifiedAt: status === 'VERIFIED' ? new Date().toISOString() : null,
  };
}

/** Supersedes replaced claims, inserts the new ones in one statement, then links old to new. */
async function applyPlan<T extends typeof modelFacts | typeof prices | typeof scores>(
  tx: Tx,
  table: T,
  plan: ClaimPlan,
  toRow: (insert: ClaimPlan['inserts'][number]) => T['$inferInsert'],
) {
  if (plan.inserts.length === 0) return;
  const oldIds = plan.supersedes.map((supersede) => supersede.oldId);
  if (oldIds.length) {
    // Frees the one-live-claim-per-source and one-published-value slots before the new values take them.
    await tx
      .update(table as typeof scores)
      .set({ status: 'SUPERSEDED', version: sql`${table.version} + 1`, updatedAt: sql`now()` })
      .where(inArray(table.id, oldIds));
  }
  const inserted = await tx
    .insert(table as typeof scores)
    .values(plan.inserts.map(toRow) as (typeof scores.$inferInsert)[])
    .returning({ id: table.id });
  for (const { oldId, insertIndex } of plan.supersedes) {
    await tx
      .update(table as typeof scores)
      .set({ supersededById: inserted[insertIndex]!.id })
      .where(eq(table.id, oldId));
  }
}

/** One line per figure, for the CLI and the start-up log. */
export function formatSummary(summary: ImportSummary): string {
  const row = (label: string, count: Count) =>
    `  ${label.padEnd(11)} ${String(count.created).padStart(5)} created ${String(count.updated).padStart(5)} updated ${String(count.unchanged).padStart(5)} unchanged`;
  const lines = [
    `files read: ${summary.files}`,
    row('providers', summary.providers),
    row('families', summary.families),
    row('models', summary.models),
    row('facts', summary.facts),
    row('prices', summary.prices),
    row('benchmarks', summary.benchmarks),
    row('scores', summary.scores),
    row('sources', summary.sources),
    `held for review (not published): ${summary.heldForReview}`,
    `skipped: ${summary.skipped.length}`,
    ...summary.skipped.map((skip) => `  - ${skip.path}${skip.field ? ` [${skip.field}]` : ''}: ${skip.reason}`),
  ];
  return lines.join('\n');
}
