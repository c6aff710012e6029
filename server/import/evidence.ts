import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { and, eq, inArray, like } from 'drizzle-orm';
import { benchmarks, scoreDatasetCitations, scores } from '../../db/schema/index.ts';
import { captureFile } from '../evidence/capture.ts';
import { judge, type CaptureForCheck } from '../evidence/evaluate.ts';
import { scoreLocatorMark } from './plan.ts';
import type { ImportContext, ModelRun, Tx } from './state.ts';

// Evidence for imported numbers: each dataset file a model's numbers were read from is kept as the
// capture of the source citing it (the file at its pinned commit), so facts and prices citing the
// file are checked against the very words they came from. A score cites the page the dataset names;
// its dataset file is recorded as a second citation with its own check (score_dataset_citations).

const liveStatuses = ['DRAFT', 'PENDING_REVIEW', 'VERIFIED'] as const;

export async function captureModelFiles(tx: Tx, ctx: ImportContext, model: { files: string[] }, run: ModelRun, modelId: number) {
  for (const path of model.files) {
    const url = ctx.fileUrl(path);
    const sourceId = run.sources.get(url);
    if (sourceId === undefined) continue;
    const bytes = readFileSync(join(ctx.root, path));
    const checkedAt = new Date().toISOString();
    const outcome = await captureFile(tx, sourceId, url, bytes, 'application/toml', checkedAt);
    const capture: CaptureForCheck = { ...outcome.snapshot, fetchedAt: checkedAt, format: 'TOML', text: bytes.toString('utf8') };
    await citeFileInScores(tx, ctx, modelId, path, sourceId, capture);
  }
}

/** The live scores of the model read from `path`, each with its dataset citation checked against the file. */
async function citeFileInScores(tx: Tx, ctx: ImportContext, modelId: number, path: string, sourceId: number, capture: CaptureForCheck) {
  const rows = await tx
    .select({ id: scores.id, value: scores.value, locator: scores.locator, scaleMax: benchmarks.scaleMax })
    .from(scores)
    .innerJoin(benchmarks, eq(benchmarks.id, scores.benchmarkId))
    .where(
      and(eq(scores.modelId, modelId), eq(scores.origin, 'IMPORT'), inArray(scores.status, liveStatuses), like(scores.locator, `%${scoreLocatorMark}${path}`)),
    );
  for (const row of rows) {
    // "GPQA Diamond result for o4-mini (accuracy)": the entry's own words, found in the file's [[benchmarks]] table.
    const locator = row.locator.slice(0, row.locator.lastIndexOf(scoreLocatorMark));
    const result = judge(
      { value: { kind: 'SCORE', value: row.value, scaleMax: Number(row.scaleMax) }, quote: null, locator, evidenceStatus: 'UNCHECKED', evidenceSnapshotSha256: null },
      capture,
    );
    const evidence = {
      sourceId,
      locator: `${locator} (${path})`,
      retrievedAt: ctx.dataset.retrievedAt,
      evidenceStatus: result.status,
      evidenceCheckedAt: capture.fetchedAt,
      evidenceExcerpt: result.excerpt,
      evidenceExplanation: result.explanation,
      evidenceSnapshotId: capture.id,
      ...(result.confirmedAt ? { lastConfirmedAt: result.confirmedAt } : {}),
    };
    await tx
      .insert(scoreDatasetCitations)
      .values({ scoreId: row.id, ...evidence })
      .onConflictDoUpdate({ target: scoreDatasetCitations.scoreId, set: evidence });
  }
}
