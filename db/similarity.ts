import type { DatabaseHandle } from './client.ts';

/**
 * Recomputes the "compare with" suggestions (top 5 per published model) for the given models, or
 * all. Candidates share the family or provider, or cost within 2× on input; the score adds family
 * (3), provider (1), price closeness (up to 1, by log ratio) and agreement of scores on shared
 * benchmarks (up to 1). Pages read the result from model_similarities: nothing is computed per request.
 */
export async function refreshModelSimilarities(handle: DatabaseHandle, modelIds?: number[]): Promise<void> {
  const filter = modelIds ? 'and t.id = any($1::int[])' : '';
  const params = modelIds ? [modelIds] : [];
  const targets = `select t.id, t.provider_id, t.family_id, t.input_price from models t where t.publication = 'PUBLISHED' ${filter}`;
  // Two statements; a reader in between sees fewer suggestions, never wrong ones.
  await handle.raw.query(
    `delete from model_similarities where model_id in (select id from (${targets}) targets)`,
    params,
  );
  await handle.raw.query(
    `insert into model_similarities (model_id, similar_model_id, rank, score)
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
                 and theirs.model_id = c.id and theirs.status = 'VERIFIED'
               where mine.model_id = t.id and mine.status = 'VERIFIED'), 0) as score
         from (${targets}) t
         join models c on c.id <> t.id and c.publication = 'PUBLISHED'
           and (c.family_id = t.family_id or c.provider_id = t.provider_id
                or (t.input_price > 0 and c.input_price between t.input_price / 2 and t.input_price * 2))
       ) candidates
     ) ranked
     where rank <= 5`,
    params,
  );
}
