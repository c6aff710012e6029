import { GraphQLError } from 'graphql';
import { z } from 'zod';
import { benchmarks, models, priceKinds } from '../../db/schema/index.ts';
import { ValidationError, type FieldError } from '../errors.ts';
import { submitClaim, type ClaimKind, type ClaimRow } from './claims.ts';
import { databaseErrorAsValidation } from './databaseErrors.ts';
import { rowIdOf } from './ids.ts';
import { citeRule, pastDay } from './inputs.ts';
import { createPrice, createScore, priceSchema, scoreSchema } from './numbers.ts';
import { References } from './references.ts';
import type { Write } from './write.ts';

// Batch entry: a table of scores and prices read from one source, entered in one transaction. Each
// row is checked and created as createScore / createPrice would (same rules, one CREATE audit event
// each); a problem in any row creates nothing and answers every row's problems at once, as field
// errors `rows.<index>.<column>` (index from 0; messages count rows from 1, as the editor's table).

// Each row costs what a single create does (its triggers, its evidence check): 50 fit the request deadline (REQUEST_TIMEOUT_MS).
export const maxBatchRows = 50;

const loose = (max: number) => z.string().max(max, `Use at most ${max} characters.`).nullish();
export const batchRowSchema = z.object({
  model: loose(200),
  benchmark: loose(200),
  priceKind: loose(100),
  value: z.number().nullish(),
  setting: loose(200),
  locator: loose(500),
  quote: loose(1000),
  effectiveFrom: loose(20),
});
export const batchSchema = z.object({
  source: z.string({ error: citeRule }).min(1, citeRule),
  retrievedAt: pastDay.nullish(),
  rows: z.array(batchRowSchema).min(1, 'Give at least one row.').max(maxBatchRows, `At most ${maxBatchRows} rows at once.`),
  submitForReview: z.boolean().nullish(),
});
export type BatchInput = z.output<typeof batchSchema>;
type BatchRow = z.output<typeof batchRowSchema>;

export interface BatchEntry {
  kind: ClaimKind;
  row: ClaimRow;
}

interface Named {
  id: number;
  slug: string;
  name: string;
}

/** Finds a model or benchmark by its slug, or its slug or name in any case; else the closest names. */
class Catalog {
  constructor(private readonly entries: Named[]) {}

  find(text: string): Named | null {
    const wanted = text.trim().toLowerCase();
    return (
      this.entries.find((entry) => entry.slug === text.trim()) ??
      this.entries.find((entry) => entry.slug.toLowerCase() === wanted || entry.name.toLowerCase() === wanted) ??
      null
    );
  }

  /**
   * Up to three entries whose slug or name is a few edits away from the text, closest first. Bounded:
   * only texts of up to 64 characters get suggestions, only entries within the edit limit by length
   * are compared, and each text is looked up once per batch (a batch of long unknown names had held
   * the event loop for seconds).
   */
  closest(text: string): string[] {
    const wanted = text.trim().toLowerCase();
    if (wanted.length === 0 || wanted.length > 64) return [];
    const known = this.suggestions.get(wanted);
    if (known) return known;
    const limit = Math.max(2, Math.floor(wanted.length / 3));
    const near = (candidate: string) => (Math.abs(candidate.length - wanted.length) <= limit ? editDistance(wanted, candidate.toLowerCase()) : Number.POSITIVE_INFINITY);
    const found = this.entries
      .map((entry) => ({ entry, distance: Math.min(near(entry.slug), near(entry.name)) }))
      .filter(({ distance }) => distance <= limit)
      .sort((a, b) => a.distance - b.distance || a.entry.slug.localeCompare(b.entry.slug))
      .slice(0, 3)
      .map(({ entry }) => entry.slug);
    this.suggestions.set(wanted, found);
    return found;
  }

  private readonly suggestions = new Map<string, string[]>();
}

/** Levenshtein distance (texts are at most 200 characters). */
export function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    previous = current;
  }
  return previous[b.length]!;
}

const unknown = (what: string, text: string, suggestions: string[]) =>
  `No ${what} "${text.slice(0, 100)}" in the catalog.${suggestions.length ? ` Did you mean ${suggestions.join(', ')}?` : ''}`;

const kindNames = priceKinds.map((kind) => kind.toLowerCase().replace(/_/g, ' '));
/** "Cached input", "cached_input", "CACHED-INPUT" → CACHED_INPUT; null when it is none of the kinds. */
export function priceKindOf(text: string): (typeof priceKinds)[number] | null {
  const key = text.trim().toUpperCase().replace(/[\s-]+/g, '_');
  return (priceKinds as readonly string[]).includes(key) ? (key as (typeof priceKinds)[number]) : null;
}

/** Where a createScore / createPrice field error belongs in the batch's row. */
function columnOf(path: string): string | null {
  if (path.startsWith('citation.sourceId')) return null;
  if (path.startsWith('citation.')) return path.slice('citation.'.length);
  if (path === 'usdPerMillionTokens') return 'value';
  if (path === 'kind') return 'priceKind';
  if (path.startsWith('conditions') || path === 'metric') return 'setting';
  return path || 'row';
}

function asRowErrors(index: number, problems: FieldError[]): FieldError[] {
  return problems.map((problem) => {
    const column = columnOf(problem.path);
    // A refusal of the whole entry (this source already has it open, say) is still this row's.
    return { path: `rows.${index}.${column ?? 'row'}`, message: problem.message };
  });
}

/** The createScore / createPrice input a row makes, or its own problems. */
function rowInput(index: number, row: BatchRow, catalogs: { models: Catalog; benchmarks: Catalog }, citation: Record<string, unknown>) {
  const problems: FieldError[] = [];
  const at = (column: string, message: string) => problems.push({ path: `rows.${index}.${column}`, message });
  const model = row.model?.trim() ? catalogs.models.find(row.model) : null;
  if (!row.model?.trim()) at('model', 'Give the model (its slug or name).');
  else if (!model) at('model', unknown('model', row.model, catalogs.models.closest(row.model)));
  const benchmarkText = row.benchmark?.trim() ?? '';
  const kindText = row.priceKind?.trim() ?? '';
  if (benchmarkText && kindText) at('priceKind', 'Give a benchmark (a score) or a price kind (a price), not both.');
  if (!benchmarkText && !kindText) at('benchmark', 'Give a benchmark (for a score) or a price kind (for a price).');
  if (row.value == null) at('value', 'Give the value as a number.');
  const locator = { ...citation, locator: row.locator ?? '', quote: row.quote ?? null };
  if (benchmarkText && !kindText) {
    const benchmark = catalogs.benchmarks.find(benchmarkText);
    if (!benchmark) at('benchmark', unknown('benchmark', benchmarkText, catalogs.benchmarks.closest(benchmarkText)));
    if (problems.length || !model || !benchmark) return { problems };
    const parsed = scoreSchema.safeParse({ model: model.slug, benchmark: benchmark.slug, value: row.value, setting: row.setting ?? null, citation: locator });
    if (!parsed.success) return { problems: asRowErrors(index, parsed.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message }))) };
    const key = `score:${model.id}:${benchmark.id}:${(parsed.data.setting ?? '').toLowerCase().replace(/\s+/g, ' ')}`;
    return { problems, key, what: 'model, benchmark and setting', score: parsed.data };
  }
  if (!kindText) return { problems };
  const kind = priceKindOf(kindText);
  if (!kind) at('priceKind', `Unknown price kind "${kindText.slice(0, 50)}": use one of ${kindNames.join(', ')}.`);
  if (row.setting?.trim()) at('setting', 'A price has no setting: leave it empty.');
  if (problems.length || !model || !kind) return { problems };
  const effectiveFrom = row.effectiveFrom?.trim() || (citation.retrievedAt as string);
  const parsed = priceSchema.safeParse({ model: model.slug, kind, usdPerMillionTokens: row.value, effectiveFrom, citation: locator });
  if (!parsed.success) return { problems: asRowErrors(index, parsed.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message }))) };
  return { problems, key: `price:${model.id}:${kind}:${effectiveFrom}`, what: 'model, price kind and date', price: parsed.data };
}

/**
 * Enters every row as a draft (or for review) citing the one source, in the caller's transaction;
 * throws one ValidationError naming every row's problems, after which the caller's write rolls back.
 */
export async function createBatch(w: Write, input: BatchInput): Promise<BatchEntry[]> {
  const refs = new References(w.tx);
  const source = await refs.source('source', input.source);
  refs.check();
  const citation = { sourceId: input.source, retrievedAt: input.retrievedAt ?? source!.retrievedAt };
  const named = { id: models.id, slug: models.slug, name: models.name };
  const catalogs = {
    models: new Catalog(await w.tx.select(named).from(models)),
    benchmarks: new Catalog(await w.tx.select({ id: benchmarks.id, slug: benchmarks.slug, name: benchmarks.name }).from(benchmarks)),
  };
  const problems: FieldError[] = [];
  const entries: BatchEntry[] = [];
  const seen = new Map<string, number>();
  for (const [index, row] of input.rows.entries()) {
    const made = rowInput(index, row, catalogs, citation);
    if (made.key) {
      const first = seen.get(made.key);
      if (first !== undefined) made.problems.push({ path: `rows.${index}.row`, message: `Same ${made.what} as row ${first + 1}: enter each number once.` });
      else seen.set(made.key, index);
    }
    problems.push(...made.problems);
    if (made.problems.length || (!made.score && !made.price)) continue;
    const submitForReview = input.submitForReview ?? false;
    try {
      // A savepoint per row: a row the database refuses does not stop the others being checked.
      const row = await w.tx.transaction(async (tx) => {
        const rowWrite = { ...w, tx };
        return made.score ? createScore(rowWrite, { ...made.score, submitForReview }) : createPrice(rowWrite, { ...made.price!, submitForReview });
      });
      entries.push({ kind: made.score ? 'Score' : 'Price', row });
    } catch (error) {
      const refusal = error instanceof ValidationError ? error : databaseErrorAsValidation(error);
      if (!refusal) throw error;
      problems.push(...asRowErrors(index, refusal.fieldErrors));
    }
  }
  if (problems.length) {
    const rows = new Set(problems.map((problem) => problem.path.split('.')[1]).filter((row) => row !== undefined)).size;
    throw new ValidationError(problems, `${rows} of ${input.rows.length} rows have problems; nothing was created. Fix them and try again.`);
  }
  return entries;
}

export const submitBatchSchema = z.object({
  ids: z.array(z.string().min(1)).min(1, 'Give at least one entry.').max(maxBatchRows, `At most ${maxBatchRows} entries at once.`),
});

/** Submits every entry for review, or none: each refusal is answered as `ids.<index>`. */
export async function submitBatch(w: Write, ids: string[]): Promise<BatchEntry[]> {
  const problems: FieldError[] = [];
  const entries: (BatchEntry | undefined)[] = [];
  // Rows are locked in one order (by type, then row id), whatever order the ids came in: two requests
  // submitting the same entries in opposite orders had waited on each other until both timed out.
  const order = ids
    .map((id, index) => {
      try {
        const { typename, id: rowId } = rowIdOf(id, 'Score', 'Price', 'ModelFact');
        return { index, id, typename, rowId: Number(rowId) };
      } catch {
        return { index, id, typename: '', rowId: 0 };
      }
    })
    .sort((a, b) => a.typename.localeCompare(b.typename) || a.rowId - b.rowId || a.index - b.index);
  for (const { index, id } of order) {
    try {
      const { typename, id: rowId } = rowIdOf(id, 'Score', 'Price', 'ModelFact');
      const row = await w.tx.transaction((tx) => submitClaim({ ...w, tx }, typename as ClaimKind, rowId));
      entries[index] = { kind: typename as ClaimKind, row };
    } catch (error) {
      // A refusal (not found, already submitted, changed since): said for this entry; anything else is a fault.
      const refusal = error instanceof GraphQLError ? error : databaseErrorAsValidation(error);
      if (!refusal) throw error;
      problems.push({ path: `ids.${index}`, message: `Entry ${index + 1}: ${refusal.message}` });
    }
  }
  if (problems.length) {
    problems.sort((a, b) => Number(a.path.split('.')[1]) - Number(b.path.split('.')[1]));
    throw new ValidationError(problems, `${problems.length} of ${ids.length} entries could not be submitted; none was submitted.`);
  }
  return entries.filter((entry): entry is BatchEntry => entry !== undefined);
}
