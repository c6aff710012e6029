import { sql } from 'drizzle-orm';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import type { Database, DatabaseHandle } from '../../db/client.ts';
import { recordImport, refusalOfRow } from './apply.ts';
import { dateProblem, defaultRepository, ImportInputError, repositoryProblem, today, type DatasetInfo } from './dataset.ts';
import type { CatalogModel } from './formats.ts';
import { importModel } from './model.ts';
import { writeProviders } from './providers.ts';
import { readCatalog } from './read.ts';
import { newContext, newRun, type ImportContext, type ModelRun } from './state.ts';
import { countCatalog, countedKinds, newSummary, uniqueProblems, type ImportSummary } from './summary.ts';
import { isDirectory } from './tree.ts';

// One run, start to end: check what was asked, read the tree, write providers, then each model in its
// own transaction, list the models the tree no longer has, record the run, count the catalog.

export interface ImportOptions extends Partial<DatasetInfo> {
  onProgress?: (line: string) => void;
  /** False when no commit is known (the summary says the citations are not pinned). */
  pinned?: boolean;
  /** Warnings about the dataset itself (resolveDataset), repeated in the summary. */
  datasetWarnings?: string[];
}

/** Models missing from the tree listed one by one in the summary; the rest are counted. */
const maxMissingListed = 20;

/** The import itself, once the caller holds the import lock. */
export async function importUnlocked(handle: DatabaseHandle, root: string, options: ImportOptions): Promise<ImportSummary> {
  const { dataset, pinned, warnings } = checkedDataset(options);
  checkTree(root);
  const progress = options.onProgress ?? (() => {});
  const runId = randomUUID();
  const summary = newSummary({ ...dataset, pinned, warnings }, runId);
  const catalog = readCatalog(root, summary);
  summary.filesSeen = catalog.filesSeen;
  summary.filesRead = summary.files = catalog.filesRead.size;
  progress(`read ${catalog.filesRead.size} of ${catalog.filesSeen} files: ${catalog.models.length} models, ${summary.skipped.length} entries skipped`);
  if (catalog.filesSeen === 0) throw new ImportInputError(`${root} holds no .toml file under models/ or providers/`);

  const ctx = newContext(catalog, dataset, runId, root);
  summary.providers = await writeProviders(handle.db, ctx, summary.skipped);
  const importable = catalog.models.filter((model) => {
    if (ctx.providerIds.has(model.vendor)) return true;
    summary.skipped.push({ path: model.files.join(', '), reason: `its provider "${model.vendor}" was not imported: the model is not imported` });
    return false;
  });
  await importModels(handle.db, ctx, importable, summary, progress);
  await reportModelsNotInTree(handle, ctx, summary);
  await declareDefaultSettings(handle.db);
  summary.warnings = uniqueProblems(summary.warnings);
  await recordRun(handle.db, ctx, summary);
  summary.totals = await countCatalog(handle);
  return summary;
}

/** The dataset the numbers will cite, checked, and the warnings about it the summary repeats. */
function checkedDataset(options: ImportOptions): { dataset: DatasetInfo; pinned: boolean; warnings: string[] } {
  if (options.retrievedAt !== undefined) {
    const problem = dateProblem(options.retrievedAt, { dayOnly: true });
    if (problem) throw new ImportInputError(`retrieval date ${problem}`);
  }
  const pinned = options.pinned ?? options.commit !== undefined;
  const warnings = [...(options.datasetWarnings ?? [])];
  // resolveDataset may have said these already: each is said once.
  if (!pinned && !warnings.some((line) => line.includes('NOT pinned'))) {
    warnings.push('WARNING: citations are NOT pinned to a commit: they point at the main branch, whose files change. Pass --commit SHA.');
  }
  if (options.retrievedAt === undefined && !warnings.some((line) => line.includes('retrieval date'))) {
    warnings.push(`WARNING: no retrieval date: numbers are dated today, ${today()}. Pass --retrieved YYYY-MM-DD.`);
  }
  const dataset: DatasetInfo = {
    repository: (options.repository ?? defaultRepository).replace(/\/+$/, ''),
    commit: options.commit ?? 'main',
    retrievedAt: options.retrievedAt ?? today(),
  };
  const repositoryRefused = repositoryProblem(dataset.repository);
  if (repositoryRefused) throw new ImportInputError(`repository "${dataset.repository}" ${repositoryRefused}`);
  return { dataset, pinned, warnings };
}

function checkTree(root: string) {
  if (!isDirectory(root)) throw new ImportInputError(`${root}: no such directory`);
  if (!isDirectory(join(root, 'providers')) && !isDirectory(join(root, 'models'))) {
    throw new ImportInputError(`${root} has neither a providers/ nor a models/ folder: not a models.dev tree`);
  }
}

/** Shared rows the committed models used, and which of them the run created. */
type SharedRowTally = Record<'used' | 'created', Record<'families' | 'benchmarks' | 'sources', Set<string>>>;

/** Each model in its own transaction: a model the database refuses is reported and leaves nothing behind. */
async function importModels(db: Database, ctx: ImportContext, importable: CatalogModel[], summary: ImportSummary, progress: (line: string) => void) {
  const tally: SharedRowTally = {
    used: { families: new Set(), benchmarks: new Set(), sources: new Set() },
    created: { families: new Set(), benchmarks: new Set(), sources: new Set() },
  };
  let done = 0;
  for (const model of importable) {
    const run = newRun();
    try {
      await db.transaction((tx) => importModel(tx, ctx, model, run));
      commitModelRun(ctx, summary, tally, run);
    } catch (error) {
      summary.skipped.push(refusalOfRow(error, model.files.join(', '), undefined, 'model not imported'));
    }
    done++;
    if (done % 50 === 0 || done === importable.length) {
      progress(`[${done}/${importable.length}] models imported (${summary.scores.created} scores, ${summary.prices.created} prices so far)`);
    }
  }
  for (const key of ['families', 'benchmarks', 'sources'] as const) {
    summary[key].created = tally.created[key].size;
    summary[key].unchanged = [...tally.used[key]].filter((name) => !tally.created[key].has(name)).length;
  }
}

/** A committed model's counts, problems and shared rows, added to the run's. */
function commitModelRun(ctx: ImportContext, summary: ImportSummary, tally: SharedRowTally, run: ModelRun) {
  for (const key of ['models', 'facts', 'prices', 'scores'] as const) {
    for (const field of ['created', 'updated', 'unchanged', 'retired'] as const) summary[key][field] += run.counts[key][field];
  }
  for (const [slug, id] of run.families) (ctx.familyIds.set(slug, id), tally.used.families.add(slug));
  for (const slug of run.familiesCreated) tally.created.families.add(slug);
  for (const [slug, entry] of run.benchmarks) (ctx.benchmarkIds.set(slug, entry), tally.used.benchmarks.add(slug));
  for (const slug of run.benchmarksCreated) tally.created.benchmarks.add(slug);
  for (const [url, id] of run.sources) (ctx.sourceIds.set(url, id), tally.used.sources.add(url));
  for (const url of run.sourcesCreated) tally.created.sources.add(url);
  summary.heldForReview += run.heldForReview;
  for (const problem of run.skipped) summary.skipped.push(problem);
  for (const problem of run.warnings) summary.warnings.push(problem);
}

/**
 * Models imported from this repository before whose files this run did not see (removed upstream,
 * or a partial tree): listed, and left as they are (a partial tree must not retire the rest).
 */
async function reportModelsNotInTree(handle: DatabaseHandle, ctx: ImportContext, summary: ImportSummary) {
  const { repository } = ctx.dataset;
  const missing = await modelsNotInTree(handle, repository, ctx.datasetPathOf, ctx.catalog.seenPaths);
  for (const { slug, path } of missing.slice(0, maxMissingListed)) {
    summary.warnings.push({ path, field: slug, reason: 'the model\'s files are not in this tree (removed upstream, or a partial tree): left as it is, its numbers still published' });
  }
  if (missing.length > maxMissingListed) {
    summary.warnings.push({ path: `${repository}`, reason: `and ${missing.length - maxMissingListed} more models whose files are not in this tree: left as they are` });
  }
}

/**
 * Models with a live claim this importer made citing a file of `repository` (any commit), none of
 * whose cited files were seen in this run: slug and the first cited file.
 */
async function modelsNotInTree(handle: DatabaseHandle, repository: string, datasetPathOf: (url: string) => string | null, seen: Set<string>) {
  const rows = await handle.raw.query<{ slug: string; url: string }>(
    `select m.slug, s.url
       from models m
       join (select model_id, source_id from model_facts where origin = 'IMPORT' and created_by is null and status in ('DRAFT', 'PENDING_REVIEW', 'VERIFIED')
             union
             select model_id, source_id from prices where origin = 'IMPORT' and created_by is null and status in ('DRAFT', 'PENDING_REVIEW', 'VERIFIED')) c on c.model_id = m.id
       join sources s on s.id = c.source_id
      where left(s.url, $1) = $2
      order by m.slug, s.url`,
    [repository.length + 6, `${repository}/blob/`],
  );
  const files = new Map<string, string[]>();
  for (const row of rows) {
    const path = datasetPathOf(row.url);
    if (path === null) continue;
    const list = files.get(row.slug) ?? [];
    list.push(path);
    files.set(row.slug, list);
  }
  const result: { slug: string; path: string }[] = [];
  for (const [slug, paths] of files) if (!paths.some((path) => seen.has(path))) result.push({ slug, path: paths[0]! });
  return result;
}

/** One event for the run: what was read, from which snapshot, and what it changed. */
async function recordRun(db: Database, ctx: ImportContext, summary: ImportSummary) {
  await db.transaction((tx) =>
    recordImport(tx, ctx, 'CatalogImport', ctx.runId, {
      dataset: { before: null, after: { ...ctx.dataset, pinned: summary.dataset.pinned } },
      files: { before: null, after: { seen: summary.filesSeen, read: summary.filesRead } },
      counts: { before: null, after: Object.fromEntries(countedKinds.map((key) => [key, summary[key]])) },
      skipped: { before: null, after: summary.skipped.length },
      warnings: { before: null, after: summary.warnings.length },
    }),
  );
}

/**
 * A benchmark without a declared default setting gets the one most of its verified results share, so
 * its leaderboard ranks that board without working it out on every page; editors may change it.
 */
export async function declareDefaultSettings(db: DatabaseHandle['db']): Promise<void> {
  await db.execute(sql`update benchmarks b set default_setting = common.setting
    from (select distinct on (benchmark_id) benchmark_id, setting from scores
          where status = 'VERIFIED' and setting_parsed group by benchmark_id, setting
          order by benchmark_id, count(*) desc, setting) common
    where b.id = common.benchmark_id and b.default_setting is null`);
}
