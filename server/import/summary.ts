import type { DatabaseHandle } from '../../db/client.ts';
import type { DatasetInfo } from './dataset.ts';

// What a run reports: the counts, the problems entry by entry, and the summary text the CLI prints.

/** Something in a file that was not imported (skipped) or is worth knowing (warning): file, field, why. */
export interface Problem {
  path: string;
  field?: string;
  reason: string;
}
/** @deprecated the name before warnings were split off. */
export type Skipped = Problem;

/** Where readers and writers put what they skip and what they warn about. */
export interface Problems {
  skipped: Problem[];
  warnings: Problem[];
}

export interface Count {
  created: number;
  updated: number;
  unchanged: number;
  /** Claims this importer published earlier that the file no longer states (withdrawn, kept as history). */
  retired: number;
}

export const emptyCount = (): Count => ({ created: 0, updated: 0, unchanged: 0, retired: 0 });

/** The kinds of row a run counts, in the order the summary lists them. */
export const countedKinds = ['providers', 'families', 'models', 'facts', 'prices', 'benchmarks', 'scores', 'sources'] as const;
type CountedKind = (typeof countedKinds)[number];

export interface ImportSummary {
  /** .toml files found under models/ and providers/. */
  filesSeen: number;
  /** Files parsed and used (a file with a skipped field still counts as read). */
  filesRead: number;
  /** Same as filesRead (older callers). */
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
  /** Entries not imported (a field, a benchmark entry, a price, a whole file or model), each with file, field, reason. */
  skipped: Problem[];
  /** Listed, but not a failure: keys this importer does not know, values models.dev has that the catalog does not publish. */
  warnings: Problem[];
  dataset: DatasetInfo & { pinned: boolean; warnings: string[] };
  runId: string;
  /** What the database holds after the run (counted after the last commit). */
  totals: Record<CountedKind, number> & { published: Record<'facts' | 'prices' | 'scores', number> };
}

/** A summary with nothing counted yet. */
export function newSummary(dataset: ImportSummary['dataset'], runId: string): ImportSummary {
  return {
    filesSeen: 0,
    filesRead: 0,
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
    warnings: [],
    dataset,
    runId,
    totals: { providers: 0, families: 0, models: 0, facts: 0, prices: 0, benchmarks: 0, scores: 0, sources: 0, published: { facts: 0, prices: 0, scores: 0 } },
  };
}

/** Each (file, field, reason) once: a base model's note shows up once per model inheriting it. */
export function uniqueProblems(problems: Problem[]): Problem[] {
  const seen = new Set<string>();
  return problems.filter((problem) => {
    const key = `${problem.path}\0${problem.field ?? ''}\0${problem.reason}`;
    return seen.has(key) ? false : (seen.add(key), true);
  });
}

/** What the catalog holds, counted after the run's transactions committed. */
export async function countCatalog(handle: DatabaseHandle): Promise<ImportSummary['totals']> {
  const [row] = await handle.raw.query<Record<string, number | string>>(
    `select (select count(*) from providers) as providers, (select count(*) from model_families) as families,
            (select count(*) from models) as models, (select count(*) from model_facts) as facts,
            (select count(*) from prices) as prices, (select count(*) from benchmarks) as benchmarks,
            (select count(*) from scores) as scores, (select count(*) from sources) as sources,
            (select count(*) from model_facts where status = 'VERIFIED') as published_facts,
            (select count(*) from prices where status = 'VERIFIED') as published_prices,
            (select count(*) from scores where status = 'VERIFIED') as published_scores`,
  );
  const n = (key: string) => Number(row![key]);
  return {
    providers: n('providers'),
    families: n('families'),
    models: n('models'),
    facts: n('facts'),
    prices: n('prices'),
    benchmarks: n('benchmarks'),
    scores: n('scores'),
    sources: n('sources'),
    published: { facts: n('published_facts'), prices: n('published_prices'), scores: n('published_scores') },
  };
}

/** True when a run should end with a non-zero status: something was skipped or refused. */
export const importHasProblems = (summary: ImportSummary) => summary.skipped.length > 0;

const countRow = (label: string, count: Count) =>
  `  ${label.padEnd(11)} ${String(count.created).padStart(5)} created ${String(count.updated).padStart(5)} updated ${String(count.unchanged).padStart(5)} unchanged ${String(count.retired).padStart(5)} retired`;
const problemLine = (problem: Problem) => `  - ${problem.path}${problem.field ? ` [${problem.field}]` : ''}: ${problem.reason}`;

/** Warnings grouped by field (entry numbers left out) and reason, one line each with how many. */
function warningsByReason(warnings: Problem[]): string[] {
  const byReason = new Map<string, number>();
  for (const warning of warnings) {
    const reason = `${warning.field?.replace(/\[\d+\]/g, '[]') ?? ''}: ${warning.reason}`;
    byReason.set(reason, (byReason.get(reason) ?? 0) + 1);
  }
  return [...byReason].map(([reason, n]) => `  - ${n} × ${reason}`);
}

/** One line per figure, then every skipped entry (file [field]: reason) and the warnings. */
export function formatSummary(summary: ImportSummary, { listWarnings = true }: { listWarnings?: boolean } = {}): string {
  const { dataset, totals } = summary;
  const lines = [
    ...dataset.warnings,
    `dataset: ${dataset.repository} at ${dataset.pinned ? dataset.commit : `${dataset.commit} (NOT PINNED)`}, retrieved ${dataset.retrievedAt}; run ${summary.runId}`,
    `files: ${summary.filesSeen} seen, ${summary.filesRead} read, ${summary.filesSeen - summary.filesRead} not read`,
    ...countedKinds.map((kind) => countRow(kind, summary[kind])),
    `held for review (not published): ${summary.heldForReview}`,
    `in the database now: ${totals.providers} providers, ${totals.families} families, ${totals.models} models, ${totals.facts} facts (${totals.published.facts} published), ` +
      `${totals.prices} prices (${totals.published.prices} published), ${totals.benchmarks} benchmarks, ${totals.scores} scores (${totals.published.scores} published), ${totals.sources} sources`,
    `skipped: ${summary.skipped.length}`,
    ...summary.skipped.map(problemLine),
    `warnings: ${summary.warnings.length}`,
  ];
  lines.push(...(listWarnings ? summary.warnings.map(problemLine) : warningsByReason(summary.warnings)));
  return lines.join('\n');
}
