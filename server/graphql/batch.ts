import { batchSchema, createBatch, maxBatchRows, submitBatch, submitBatchSchema, type BatchEntry } from '../catalog/batch.ts';
import { citeRule, parseInput } from '../catalog/inputs.ts';
import { write } from '../catalog/write.ts';
import type { Context } from '../context.ts';
import { ValidationError } from '../errors.ts';
import { builder } from './builder.ts';
import { Claim, tagged } from './claim.ts';
import { writeErrors } from './errors.ts';

// Batch entry from one source (server/catalog/batch.ts): a table of scores and prices entered in one
// transaction, all or nothing, and then submitted for review together, all or nothing.

const BatchRowInput = builder.inputType('BatchRowInput', {
  description: 'One row of a table read from the source: a score (benchmark) or a price (priceKind).',
  fields: (t) => ({
    model: t.string({ description: 'The model: its slug ("o4-mini") or its name, in any case.' }),
    benchmark: t.string({ description: 'For a score: the benchmark\'s slug ("gpqa-diamond") or name ("GPQA Diamond").' }),
    priceKind: t.string({ description: 'For a price: INPUT, OUTPUT, "cached input"… (any case, spaces or underscores).' }),
    value: t.float({ description: 'The score (within the benchmark\'s scale) or the price in USD per million tokens. Null: the table\'s cell was not a number.' }),
    setting: t.string({ description: 'A score\'s setting label, e.g. "pass@1, no tools" (read into conditions).' }),
    locator: t.string({ description: `Where in the source this row's number appears. ${citeRule}` }),
    quote: t.string({ description: 'Optional: the exact words around the number on the page.' }),
    effectiveFrom: t.string({ description: 'A price\'s first day, YYYY-MM-DD; by default the citation\'s retrieval date.' }),
  }),
});

const CreateBatchInput = builder.inputType('CreateBatchInput', {
  fields: (t) => ({
    source: t.id({ required: true, description: 'Global ID of the Source every row cites.' }),
    retrievedAt: t.field({ type: 'Date', description: 'When the source was read; by default the source\'s retrieval date.' }),
    rows: t.field({ type: [BatchRowInput], required: true, description: `At most ${maxBatchRows} rows.` }),
    submitForReview: t.boolean({ description: 'Put the entries straight into the review queue instead of keeping drafts.' }),
    dryRun: t.boolean({ description: 'Check every row as the creation would, then write nothing (a preview).' }),
  }),
});

interface BatchResult {
  entries: BatchEntry[];
  count: number;
  dryRun: boolean;
}

const CreateBatchSuccess = builder.objectRef<BatchResult>('CreateBatchSuccess').implement({
  fields: (t) => ({
    count: t.exposeInt('count', { description: 'How many entries were created (or, in a dry run, would be).' }),
    dryRun: t.exposeBoolean('dryRun'),
    entries: t.field({
      type: [Claim],
      description: 'The entries created, in the order of the rows (none in a dry run). Entered in one transaction, they share their enteredAt, enteredBy and source.',
      resolve: (result) => result.entries.map(({ kind, row }) => tagged(kind, row)) as never,
    }),
  }),
});

const SubmitBatchForReviewSuccess = builder.objectRef<{ entries: BatchEntry[] }>('SubmitBatchForReviewSuccess').implement({
  fields: (t) => ({
    entries: t.field({ type: [Claim], resolve: (result) => result.entries.map(({ kind, row }) => tagged(kind, row)) as never }),
  }),
});

/**
 * Requests that already ran a batch mutation: one per request, so aliases cannot multiply the row cap
 * (15 aliased batches were 750 rows in one request, and a deadline could answer it after some had
 * committed, with no word on which).
 */
const batchedRequests = new WeakSet<object>();
function oneBatchPerRequest(ctx: Context): void {
  if (batchedRequests.has(ctx)) {
    throw new ValidationError([], 'One batch per request: send each batch (createBatch or submitBatchForReview) in a request of its own.');
  }
  batchedRequests.add(ctx);
}

/** Thrown inside the transaction to roll a dry run back once every row was checked. */
class DryRun {
  constructor(readonly count: number) {}
}

builder.mutationField('createBatch', (t) =>
  t.field({
    type: CreateBatchSuccess,
    description:
      'Enters a table of scores and prices citing one source, as drafts (or for review), all in one transaction: every row is checked and audited as createScore or createPrice would, and a problem in any row creates nothing and answers ValidationError with each problem at `rows.<index>.<column>` (index from 0).',
    authScopes: { editor: true },
    errors: { types: writeErrors, directResult: true },
    args: { input: t.arg({ type: CreateBatchInput, required: true }) },
    resolve: async (_root, args, ctx: Context) => {
      oneBatchPerRequest(ctx);
      const input = parseInput(batchSchema, args.input);
      try {
        const entries = await write(
          ctx,
          async (w) => {
            const created = await createBatch(w, input);
            if (args.input.dryRun) throw new DryRun(created.length);
            return created;
          },
          { expectedEvents: (entries) => entries.length },
        );
        return { entries, count: entries.length, dryRun: false };
      } catch (error) {
        if (error instanceof DryRun) return { entries: [], count: error.count, dryRun: true };
        throw error;
      }
    },
  }),
);

builder.mutationField('submitBatchForReview', (t) =>
  t.field({
    type: SubmitBatchForReviewSuccess,
    description:
      'Puts drafts (or corrected rejected entries) into the review queue together, all or nothing: each is submitted and audited as submitForReview would; a refused one submits none and is named at `ids.<index>`.',
    authScopes: { editor: true },
    errors: { types: writeErrors, directResult: true },
    args: { ids: t.arg.idList({ required: true }) },
    resolve: async (_root, args, ctx: Context) => {
      oneBatchPerRequest(ctx);
      const { ids } = parseInput(submitBatchSchema, { ids: args.ids.map(String) });
      return { entries: await write(ctx, (w) => submitBatch(w, ids), { expectedEvents: (entries) => entries.length }) };
    },
  }),
);
