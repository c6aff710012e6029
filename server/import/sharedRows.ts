import { eq, inArray, sql } from 'drizzle-orm';
import { benchmarkAliases as benchmarkAliasesTable, benchmarks, modelFamilies, sources, type SourceKind } from '../../db/schema/index.ts';
import { benchmarkAliases, benchmarkSlug, defaultBenchmark, knownBenchmarks, normaliseBenchmarkName } from './benchmarks.ts';
import { diffOf, recordImport } from './apply.ts';
import type { CatalogModel } from './formats.ts';
import { fullDay } from './plan.ts';
import type { BenchmarkRow, ImportContext, ModelRun, Tx } from './state.ts';
import { rowsOf } from '../../db/client.ts';

// Rows models share (sources, families, benchmarks): found or created in the model's transaction and
// kept in `run` until it commits (then in the context), so each is written once per run.

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

/** The sources a model's claims cite: one per dataset file a number is taken from, and one per benchmark source URL. */
export function wantedSources(ctx: ImportContext, model: CatalogModel): Map<string, typeof sources.$inferInsert> {
  const wanted = new Map<string, typeof sources.$inferInsert>();
  for (const path of model.files) {
    wanted.set(ctx.fileUrl(path), { url: ctx.fileUrl(path), kind: 'AGGREGATOR_DATASET', publisher: 'models.dev', title: `models.dev — ${path}`, retrievedAt: ctx.dataset.retrievedAt });
  }
  for (const { value: entry } of model.benchmarks) {
    if (wanted.has(entry.source)) continue;
    wanted.set(entry.source, {
      url: entry.source,
      ...describeSourceUrl(entry.source),
      retrievedAt: fullDay(entry.date ?? ctx.dataset.retrievedAt),
      publishedAt: entry.date && entry.date.length === 10 ? entry.date : null,
    });
  }
  return wanted;
}

export async function ensureSources(tx: Tx, ctx: ImportContext, run: ModelRun, wanted: Map<string, typeof sources.$inferInsert>) {
  const { sourceIds } = ctx;
  const missing = [...wanted.keys()].filter((url) => !sourceIds.has(url) && !run.sources.has(url));
  for (const url of wanted.keys()) if (sourceIds.has(url)) run.sources.set(url, sourceIds.get(url)!);
  if (!missing.length) return;
  for (const row of await tx.select({ id: sources.id, url: sources.url }).from(sources).where(inArray(sources.url, missing))) run.sources.set(row.url, row.id);
  // One source per page (sources.normalized_url): another spelling of a page already there cites that source.
  const unmatched = missing.filter((url) => !run.sources.has(url));
  if (!unmatched.length) return;
  const pages = await tx.execute(sql`select m.url, source_url_key(m.url) as key, (select s.id from sources s where s.normalized_url = source_url_key(m.url)
    order by s.duplicate_of is not null, s.id limit 1) as id from unnest(array[${sql.join(
      unmatched.map((url) => sql`${url}`),
      sql`, `,
    )}]::text[]) as m(url)`);
  const toCreate: (typeof sources.$inferInsert)[] = [];
  const creating = new Map<string, string>();
  for (const page of rowsOf<{ url: string; key: string; id: number | null }>(pages)) {
    if (page.id != null) run.sources.set(page.url, page.id);
    else if (!creating.has(page.key)) (creating.set(page.key, page.url), toCreate.push(wanted.get(page.url)!));
  }
  if (toCreate.length) {
    for (const row of await tx.insert(sources).values(toCreate).returning({ id: sources.id, url: sources.url })) {
      run.sources.set(row.url, row.id);
      run.sourcesCreated.add(row.url);
    }
  }
  // Two spellings of one new page in this model: both cite the one created.
  for (const url of unmatched) {
    if (run.sources.has(url)) continue;
    const created = creating.get(sourceUrlKeyOf(url, pages));
    if (created && run.sources.has(created)) run.sources.set(url, run.sources.get(created)!);
  }
}

function sourceUrlKeyOf(url: string, pages: unknown): string {
  return rowsOf<{ url: string; key: string }>(pages).find((page) => page.url === url)?.key ?? url;
}

export async function ensureFamily(tx: Tx, ctx: ImportContext, run: ModelRun, slug: string, vendor: string): Promise<number> {
  const known = ctx.familyIds.get(slug) ?? run.families.get(slug);
  if (known !== undefined) return (run.families.set(slug, known), known);
  let [row] = await tx.select({ id: modelFamilies.id }).from(modelFamilies).where(eq(modelFamilies.slug, slug));
  if (!row) {
    const name = ctx.catalog.familyNames.get(slug)?.name ?? slug;
    [row] = await tx.insert(modelFamilies).values({ slug, name, providerId: ctx.providerIds.get(vendor)! }).returning({ id: modelFamilies.id });
    run.familiesCreated.add(slug);
    await recordImport(tx, ctx, 'ModelFamily', row!.id, { name: { before: null, after: name }, slug: { before: null, after: slug }, run: { before: null, after: ctx.runId } });
  }
  run.families.set(slug, row!.id);
  return row!.id;
}

async function ensureBenchmark(tx: Tx, ctx: ImportContext, run: ModelRun, name: string): Promise<BenchmarkRow> {
  const slug = benchmarkSlug(name);
  const known = ctx.benchmarkIds.get(slug) ?? run.benchmarks.get(slug);
  if (known) return (run.benchmarks.set(slug, known), known);
  const definition = knownBenchmarks.find((candidate) => candidate.slug === slug) ?? defaultBenchmark(name);
  let [row] = await tx.select().from(benchmarks).where(eq(benchmarks.slug, slug));
  if (!row) {
    const { name: benchmarkName, category, description, unit, scaleMin, scaleMax, higherIsBetter, homepage } = definition;
    [row] = await tx.insert(benchmarks).values({ slug, name: benchmarkName, category, description, unit, scaleMin, scaleMax, higherIsBetter, homepage }).returning();
    run.benchmarksCreated.add(slug);
    await recordImport(tx, ctx, 'Benchmark', row!.id, diffOf(null, row!, ctx.runId));
  }
  // Record every spelling seen, so editors and later imports find the same benchmark.
  const aliases = new Set([slug, normaliseBenchmarkName(name), ...Object.keys(benchmarkAliases).filter((key) => benchmarkAliases[key] === slug)]);
  await tx
    .insert(benchmarkAliasesTable)
    .values([...aliases].map((alias) => ({ alias, benchmarkId: row!.id })))
    .onConflictDoNothing();
  const entry = { id: row!.id, definition: { ...definition, scaleMin: row!.scaleMin, scaleMax: row!.scaleMax } };
  run.benchmarks.set(slug, entry);
  return entry;
}

/** The benchmark row of each of the model's benchmark entries, in order (created when new). */
export async function ensureBenchmarks(tx: Tx, ctx: ImportContext, run: ModelRun, model: CatalogModel): Promise<BenchmarkRow[]> {
  const rows: BenchmarkRow[] = [];
  for (const { value: entry } of model.benchmarks) rows.push(await ensureBenchmark(tx, ctx, run, entry.name));
  return rows;
}
