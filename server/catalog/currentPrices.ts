import { sql, type SQL } from 'drizzle-orm';
import { rowsOf, type Database } from '../../db/client.ts';
import { modelsAround, refreshModelSimilarities } from './similarity.ts';
import { isVerified } from './visibility.ts';

/**
 * Prices (as `p`) that count as current: verified, base tier (not a long-context surcharge), in
 * effect on `today`; of one model when `modelId` is given. The latest of a kind is the current price.
 */
export const basePriceInEffect = ({ modelId, today = sql`current_date` }: { modelId?: SQL; today?: SQL } = {}) =>
  sql`p.tier_min_tokens = 0 and ${isVerified(sql`p.status`)} and p.effective_from <= ${today}${modelId ? sql` and p.model_id = ${modelId}` : sql``}`;

/**
 * A model's current base-tier price of one kind, as SQL. Pages read it through this at request time,
 * so they never show a stale copy.
 */
export const currentPriceSql = (modelId: SQL, kind: 'INPUT' | 'OUTPUT', today: SQL = sql`current_date`) =>
  sql<number | null>`(select p.usd_per_million_tokens from prices p
    where ${basePriceInEffect({ modelId, today })} and p.kind = ${kind}
    order by p.effective_from desc limit 1)`;

export interface PriceCatchUp {
  /** The database's date the catch-up ran for: pass it as `since` next time. */
  today: string;
  /** Models whose copied prices were brought up to date. */
  updated: number[];
}

/**
 * Models per statement when refreshing "compare with" after a catch-up: about 0.1 s each on a
 * 100k-model catalog, well inside the server's statement timeout (50 took 1.0–1.5 s, 2.5× the cost per model).
 */
const similarityBatch = 10;

/**
 * `models.input_price` and `output_price` are copies, written by the prices trigger whenever a price
 * changes, so lists can filter and order by price with an index. A price dated ahead is not in effect
 * when it is written, and nothing writes when its day comes: this rewrites the copies that fell
 * behind, then the "compare with" suggestions around those models (they weigh price).
 *
 * `since` is the date of the previous catch-up: only prices dated after it can have come into effect
 * since (one dated on or before it was in effect at that run, or when it was written), so on the same
 * day there is nothing to do. Without it (at start) every price entered ahead of its date is looked
 * at. When nothing is due nothing is written: a write would invalidate every cached response.
 * `today` is for tests, which cannot wait for a date to come.
 */
export async function catchUpModelPrices(db: Database, since: string | null, today: SQL = sql`current_date`): Promise<PriceCatchUp> {
  const [row] = rowsOf<{ today: string }>(await db.execute(sql`select (${today})::date::text as today`));
  const day = row!.today;
  if (since !== null && since >= day) return { today: day, updated: [] };
  const on = sql`${day}::date`;
  const input = currentPriceSql(sql`m.id`, 'INPUT', on);
  const output = currentPriceSql(sql`m.id`, 'OUTPUT', on);
  // A price can only have come into effect unwritten if it was entered before its date (one entered
  // on or after it was in effect when written, and the trigger copied it); and after `since`, if given.
  // Materialized, so the planner starts from those few prices rather than from every model.
  const candidates = sql`with candidates as materialized (
    select distinct p.model_id as id from prices p
     where ${basePriceInEffect({ today: on })} and p.kind in ('INPUT', 'OUTPUT') and p.effective_from > p.created_at::date
       ${since === null ? sql`` : sql`and p.effective_from > ${since}::date`})`;
  const behind = sql`m.id = candidates.id and (m.input_price is distinct from ${input} or m.output_price is distinct from ${output})`;
  const due = rowsOf(await db.execute(sql`${candidates} select 1 from models m, candidates where ${behind} limit 1`));
  if (due.length === 0) return { today: day, updated: [] };
  // The same condition again, row by row under the update's locks: an editor's price change may
  // have caught a model up meanwhile.
  const updated = rowsOf<{ id: number }>(
    await db.execute(sql`${candidates} update models m set input_price = ${input}, output_price = ${output}
      from candidates where ${behind} returning m.id`),
  ).map((updatedRow) => Number(updatedRow.id));
  // Each model around them once (families overlap), a batch per transaction.
  const around = new Set<number>();
  for (let i = 0; i < updated.length; i += similarityBatch) {
    for (const id of await modelsAround(db, updated.slice(i, i + similarityBatch))) around.add(id);
  }
  const refresh = [...around];
  for (let i = 0; i < refresh.length; i += similarityBatch) {
    await db.transaction((tx) => refreshModelSimilarities(tx, refresh.slice(i, i + similarityBatch)));
  }
  return { today: day, updated };
}
