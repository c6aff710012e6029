import type { Transaction } from '../../db/client.ts';
import type { BenchmarkDefinition } from './benchmarks.ts';
import type { DatasetInfo } from './dataset.ts';
import type { Catalog } from './formats.ts';
import { emptyCount, type Count, type Problem } from './summary.ts';

// What the plan and apply steps share: the run (its dataset, the rows committed so far) and, for one
// model's transaction, what that transaction has done (kept apart until it commits).

export type Tx = Transaction;

export interface BenchmarkRow {
  id: number;
  definition: BenchmarkDefinition;
}

/** `{ field: { before, after } }`: the diff of an audit event. */
export type AuditDiff = Record<string, { before: unknown; after: unknown }>;

export interface ImportContext {
  catalog: Catalog;
  dataset: DatasetInfo;
  /** The tree the files are read from: each cited file is kept as its source's capture. */
  root: string;
  runId: string;
  /** Every audit event of the run carries it. */
  requestId: string;
  /** The URL a claim citing a dataset file cites. */
  fileUrl: (path: string) => string;
  /** The dataset file a source URL points at (any commit), or null for another source. */
  datasetPathOf: (url: string) => string | null;
  providerIds: Map<string, number>;
  // Shared rows a model needs (families, benchmarks, sources) are written in the model's own
  // transaction, so a refused model leaves nothing behind; these maps hold what has committed.
  familyIds: Map<string, number>;
  benchmarkIds: Map<string, BenchmarkRow>;
  sourceIds: Map<string, number>;
}

export function newContext(catalog: Catalog, dataset: DatasetInfo, runId: string, root: string): ImportContext {
  // Each path segment percent-encoded ("has space.toml" → "has%20space.toml"), so the URL is one the database stores.
  const fileUrl = (path: string) => `${dataset.repository}/blob/${dataset.commit}/${path.split('/').map(encodeURIComponent).join('/')}`;
  const filePrefix = new RegExp(`^${dataset.repository.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}/blob/[^/]+/(.+)$`);
  const datasetPathOf = (url: string) => {
    const encoded = filePrefix.exec(url)?.[1];
    if (encoded === undefined) return null;
    try {
      return decodeURIComponent(encoded);
    } catch {
      return encoded;
    }
  };
  return {
    catalog,
    dataset,
    root,
    runId,
    requestId: `import:${runId}`,
    fileUrl,
    datasetPathOf,
    providerIds: new Map(),
    familyIds: new Map(),
    benchmarkIds: new Map(),
    sourceIds: new Map(),
  };
}

/** What one model's transaction did: merged into the summary and the context only once it commits. */
export interface ModelRun {
  counts: Record<'models' | 'facts' | 'prices' | 'scores', Count>;
  families: Map<string, number>;
  familiesCreated: Set<string>;
  benchmarks: Map<string, BenchmarkRow>;
  benchmarksCreated: Set<string>;
  sources: Map<string, number>;
  sourcesCreated: Set<string>;
  heldForReview: number;
  skipped: Problem[];
  warnings: Problem[];
}

export const newRun = (): ModelRun => ({
  counts: { models: emptyCount(), facts: emptyCount(), prices: emptyCount(), scores: emptyCount() },
  families: new Map(),
  familiesCreated: new Set(),
  benchmarks: new Map(),
  benchmarksCreated: new Set(),
  sources: new Map(),
  sourcesCreated: new Set(),
  heldForReview: 0,
  skipped: [],
  warnings: [],
});
