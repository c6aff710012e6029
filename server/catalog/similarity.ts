import { inArray, or, sql, type SQL } from 'drizzle-orm';
import type { Database } from '../../db/client.ts';
import { models } from '../../db/schema/index.ts';
import { isPublished, isVerified } from './visibility.ts';

/** A database or a transaction on it: the refresh can join the transaction of the change behind it. */
type Executor = Pick<Database, 'execute' | 'select'>;

/** pg_advisory_xact_lock key of the similarity refresh ('sim' in ASCII). */
const similarityLock = 0x73696d;

/**
 * Recomputes the "compare with" suggestions (top 5 per published model) for the given models, or
 * all. Candidates share the family or provider, or cost within 2× on input; the score adds family
 * (3), provider (1), price closeness (up to 1, by log ratio) and agreement of scores on shared
 * benchmarks (up to 1). Pages read the result from model_similarities: nothing is computed per request.
 */
export async function refreshModelSimilarities(db: Executor, modelIds?: number[]): Promise<void> {
  if (modelIds && modelIds.length === 0) return;
  const filter: SQL = modelIds ? sql`and t.id in (${sql.join(modelIds.map((id) => sql`${id}`), sql`, `)})` : sql``;
  const targets = sql`select t.id, t.provider_id, t.family_id, t.input_price from models t where ${isPublished(sql`t.publication`)} ${filter}`;
  // The whole catalog (import, seed) weighs every candidate of the same family, provider or price band.
  // A few models (after an editor's change) weigh their family and the 20 same-provider models closest
  // in price: the top 5 come from those, and it stays milliseconds on a 100k-model catalog.
  const candidates = modelIds
    ? sql`join lateral (
          select c.id, c.provider_id, c.family_id, c.input_price from models c
           where ${isPublished(sql`c.publication`)} and c.id <> t.id and t.family_id is not null and c.family_id = t.family_id
          union
          (select c.id, c.provider_id, c.family_id, c.input_price from models c
            where ${isPublished(sql`c.publication`)} and c.id <> t.id and c.provider_id = t.provider_id
            order by case when t.input_price > 0 and c.input_price > 0 then abs(ln(c.input_price::float8 / t.input_price::float8)) end nulls last, c.id
            limit 20)
        ) c on true`
    : sql`join models c on c.id <> t.id and ${isPublished(sql`c.publication`)}
           and (c.family_id = t.family_id or c.provider_id = t.provider_id
                or (t.input_price > 0 and c.input_price between t.input_price / 2 and t.input_price * 2))`;
  // One refresh at a time, until its transaction ends: two changes around the same model would each
  // delete the rows, then both insert the new ones and collide.
  await db.execute(sql`select pg_advisory_xact_lock(${similarityLock})`);
  // Two statements; a reader in between sees fewer suggestions, never wrong ones.
  await db.execute(sql`delete from model_similarities where model_id in (select id from (${targets}) targets)`);
  await db.execute(sql`insert into model_similarities (model_id, similar_model_id, rank, score)
     select model_id, similar_model_id, rank, score from (
       select model_id, similar_model_id, score,
              row_number() over (partition by model_id order by score desc, similar_model_id) as rank
       from (
         select t.id as model_id, c.id as similar_model_id,
           (case when t.family_id is not null and t.family_id = c.family_id then 3 else 0 end)
           + (case when t.provider_id = c.provider_id then 1 else 0 end)
           + (case when t.input_price > 0 and c.input_price > 0
                   then greatest(0, 1 - abs(ln(t.input_price::float8 / c.input_price::float8)) / 2) else 0 end)
           + coalesce((
               select greatest(0, 1 - avg(abs(mine.value - theirs.value)) / 20)
               from scores mine
               join scores theirs on theirs.benchmark_id = mine.benchmark_id and theirs.setting = mine.setting
                 and theirs.model_id = c.id and ${isVerified(sql`theirs.status`)}
               where mine.model_id = t.id and ${isVerified(sql`mine.status`)}), 0) as score
         from (${targets}) t
         ${candidates}
       ) candidates
     ) ranked
     where rank <= 5`);
}

/**
 * After a model is published, retired or moved, or a price or score of it is verified: its own
 * suggestions and those of its family, and `alsoRefresh` (the family a moved model left), in the same
 * transaction as the change. Other models that may list it (same provider or price band) catch up at
 * the next import or full refresh; a retired model never shows there, as pages list published
 * suggestions only.
 */
export async function refreshSimilaritiesAround(db: Executor, modelId: number, alsoRefresh: number[] = []): Promise<void> {
  const around = await modelsAround(db, [modelId]);
  await refreshModelSimilarities(db, [...new Set([...around, ...alsoRefresh])]);
}

/** The given models and every model of their families: the suggestions a change to them can move. */
export async function modelsAround(db: Executor, modelIds: number[]): Promise<number[]> {
  if (modelIds.length === 0) return [];
  const families = db.select({ familyId: models.familyId }).from(models).where(inArray(models.id, modelIds));
  const around = await db
    .select({ id: models.id })
    .from(models)
    .where(or(inArray(models.id, modelIds), inArray(models.familyId, families)));
  return around.map((row) => row.id);
}
