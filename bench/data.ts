/**
 * Fills a fresh, migrated database with a catalog of realistic shape for benchmarks:
 *
 *   npm run bench:data -- --models 100000 --scores 1000000 [--database-url URL | --data-dir DIR] [--reset]
 *
 * ~40 providers, families of ~25 models, published models with varied facts, modalities and
 * licences, 300 benchmarks with scales and directions, prices with history (several effective dates,
 * all VERIFIED, the latest one current), VERIFIED scores spread over benchmarks by popularity (a few
 * benchmarks have tens of thousands of scores, the tail a few hundred), ~5k sources shared by many
 * numbers, facts for every model and the top-5 similar models of each. Every row passes the
 * constraints and triggers of the migrations: claims are origin IMPORT (no verifier needed), one
 * VERIFIED row per key, every score within its benchmark's scale (the row trigger stays on).
 *
 * The reference page `o4-mini` has the shape it has in the demo catalog (server/import/demo.ts: four cited facts,
 * three prices, one GPQA Diamond score), so the model page the benchmark requests is the same page on
 * both catalogs and only the size of the catalog around it differs. `o3` carries 20 scores, each with
 * its benchmark and source (issue 5's prototype page: `npm run bench -- --slug o3`). Rows are generated with set-based SQL (INSERT … SELECT generate_series) from a seeded
 * random() so two runs of the same size give the same catalog.
 *
 * Works on PostgreSQL (default: postgres://postgres@127.0.0.1:5432/sourced_bench_large) and on an
 * embedded PGlite directory (--data-dir).
 */
import { parseArgs } from 'node:util';
import postgres from 'postgres';
import { createDatabase, type DatabaseHandle } from '../db/client.ts';
import { declareDefaultSettings } from '../server/import/run.ts';
import { migrateDatabase } from '../db/migrate.ts';

export interface DataOptions {
  models: number;
  scores: number;
  providers?: number;
  benchmarks?: number;
  sources?: number;
  /** Seed of random(): the same options give the same catalog. */
  seed?: number;
  log?: (line: string) => void;
}

export interface DataSummary {
  models: number;
  scores: number;
  prices: number;
  facts: number;
  sources: number;
  benchmarks: number;
  providers: number;
  families: number;
  similarities: number;
  seconds: number;
}

/** The page every dataset contains, the one the benchmark requests. */
export const REFERENCE_SLUG = 'o4-mini';
/** Bumped whenever the generated catalog changes shape: bench/run.ts rebuilds older datasets. */
export const DATA_VERSION = 4;
export const POPULAR_BENCHMARK = 'gpqa-diamond';

const providerList: [slug: string, name: string, domain: string][] = [
  ['openai', 'OpenAI', 'openai.com'],
  ['anthropic', 'Anthropic', 'anthropic.com'],
  ['google', 'Google', 'ai.google.dev'],
  ['meta', 'Meta', 'llama.com'],
  ['mistral', 'Mistral AI', 'mistral.ai'],
  ['deepseek', 'DeepSeek', 'deepseek.com'],
  ['xai', 'xAI', 'x.ai'],
  ['alibaba', 'Alibaba Cloud', 'alibabacloud.com'],
  ['cohere', 'Cohere', 'cohere.com'],
  ['moonshotai', 'Moonshot AI', 'moonshot.ai'],
  ['zhipuai', 'Zhipu AI', 'z.ai'],
  ['minimax', 'MiniMax', 'minimax.io'],
  ['tencent', 'Tencent', 'hunyuan.tencent.com'],
  ['amazon', 'Amazon', 'aws.amazon.com'],
  ['microsoft', 'Microsoft', 'azure.microsoft.com'],
  ['nvidia', 'NVIDIA', 'build.nvidia.com'],
  ['ai21', 'AI21 Labs', 'ai21.com'],
  ['reka', 'Reka', 'reka.ai'],
  ['01-ai', '01.AI', '01.ai'],
  ['baidu', 'Baidu', 'qianfan.baidu.com'],
  ['bytedance', 'ByteDance', 'seed.bytedance.com'],
  ['ibm', 'IBM', 'ibm.com'],
  ['databricks', 'Databricks', 'databricks.com'],
  ['snowflake', 'Snowflake', 'snowflake.com'],
  ['perplexity', 'Perplexity', 'perplexity.ai'],
  ['inflection', 'Inflection AI', 'inflection.ai'],
  ['stability', 'Stability AI', 'stability.ai'],
  ['allenai', 'Ai2', 'allenai.org'],
  ['huggingface', 'Hugging Face', 'huggingface.co'],
  ['upstage', 'Upstage', 'upstage.ai'],
  ['sarvam', 'Sarvam AI', 'sarvam.ai'],
  ['writer', 'Writer', 'writer.com'],
  ['liquid', 'Liquid AI', 'liquid.ai'],
  ['nous', 'Nous Research', 'nousresearch.com'],
  ['together', 'Together AI', 'together.ai'],
  ['fireworks', 'Fireworks AI', 'fireworks.ai'],
  ['groq', 'Groq', 'groq.com'],
  ['cerebras', 'Cerebras', 'cerebras.ai'],
  ['stepfun', 'StepFun', 'stepfun.com'],
  ['baichuan', 'Baichuan', 'baichuan-ai.com'],
];

type Unit = 'PERCENT' | 'SCORE' | 'INDEX' | 'ELO' | 'COUNT';
// slug, name, category, unit, scale min, max, higher is better, typical range [lo, hi] within the scale
const benchmarkList: [string, string, string, Unit, number, number, boolean, number, number][] = [
  ['gpqa-diamond', 'GPQA Diamond', 'REASONING', 'PERCENT', 0, 100, true, 25, 90],
  ['mmlu-pro', 'MMLU-Pro', 'KNOWLEDGE', 'PERCENT', 0, 100, true, 30, 88],
  ['swe-bench-verified', 'SWE-bench Verified', 'CODING', 'PERCENT', 0, 100, true, 5, 80],
  ['aime-2025', 'AIME 2025', 'MATH', 'PERCENT', 0, 100, true, 0, 98],
  ['humanitys-last-exam', "Humanity's Last Exam", 'REASONING', 'PERCENT', 0, 100, true, 2, 45],
  ['livecodebench', 'LiveCodeBench', 'CODING', 'PERCENT', 0, 100, true, 10, 85],
  ['lmarena-text', 'LMArena Text', 'COMPOSITE', 'ELO', 0, 3000, true, 900, 1500],
  ['mmmu', 'MMMU', 'MULTIMODAL', 'PERCENT', 0, 100, true, 30, 85],
  ['simpleqa', 'SimpleQA', 'KNOWLEDGE', 'PERCENT', 0, 100, true, 5, 60],
  ['terminal-bench', 'Terminal-Bench', 'AGENTIC', 'PERCENT', 0, 100, true, 5, 60],
  ['tau2-bench-retail', 'τ²-bench Retail', 'AGENTIC', 'PERCENT', 0, 100, true, 20, 85],
  ['math-500', 'MATH-500', 'MATH', 'PERCENT', 0, 100, true, 40, 99],
  ['humaneval', 'HumanEval', 'CODING', 'PERCENT', 0, 100, true, 40, 98],
  ['aider-polyglot', 'Aider Polyglot', 'CODING', 'PERCENT', 0, 100, true, 5, 90],
  ['arc-agi-2', 'ARC-AGI-2', 'REASONING', 'PERCENT', 0, 100, true, 0, 30],
  ['frontiermath', 'FrontierMath', 'MATH', 'PERCENT', 0, 100, true, 0, 30],
  ['mrcr-128k', 'MRCR 128k', 'LONG_CONTEXT', 'PERCENT', 0, 100, true, 10, 90],
  ['hallucination-rate', 'Hallucination rate', 'SAFETY', 'PERCENT', 0, 100, false, 1, 40],
  ['aa-intelligence-index', 'Artificial Analysis Intelligence Index', 'COMPOSITE', 'INDEX', 0, 100, true, 10, 75],
  ['codeforces-elo', 'Codeforces Elo', 'CODING', 'ELO', 0, 4000, true, 400, 2800],
  ['ifeval', 'IFEval', 'OTHER', 'PERCENT', 0, 100, true, 50, 95],
  ['bfcl', 'Berkeley Function Calling Leaderboard', 'AGENTIC', 'PERCENT', 0, 100, true, 30, 80],
  ['swe-bench-pro', 'SWE-Bench Pro', 'CODING', 'PERCENT', 0, 100, true, 2, 55],
  ['mathvista', 'MathVista', 'MULTIMODAL', 'PERCENT', 0, 100, true, 30, 85],
  ['mgsm', 'MGSM', 'MATH', 'PERCENT', 0, 100, true, 40, 95],
  ['browsecomp', 'BrowseComp', 'AGENTIC', 'PERCENT', 0, 100, true, 1, 70],
  ['osworld', 'OSWorld', 'AGENTIC', 'PERCENT', 0, 100, true, 5, 65],
  ['video-mme', 'Video-MME', 'MULTIMODAL', 'PERCENT', 0, 100, true, 40, 85],
  ['ruler-128k', 'RULER 128k', 'LONG_CONTEXT', 'PERCENT', 0, 100, true, 30, 95],
  ['jailbreak-success', 'Jailbreak success rate', 'SAFETY', 'PERCENT', 0, 100, false, 0, 50],
];

const words = ['Nova', 'Atlas', 'Orion', 'Sage', 'Pulse', 'Spark', 'Vega', 'Lumen', 'Echo', 'Titan', 'Flux', 'Aria', 'Cobalt', 'Zephyr', 'Helix'];
const sizes = ['Mini', 'Pro', 'Ultra', 'Lite', 'Flash', 'Max', 'Turbo', 'Instruct', 'Chat', 'Coder', 'Vision', 'Nano'];
const strengths = [
  'Strong reasoning at a mid-tier price',
  'Fast first token',
  'Solid tool use',
  'Long context recall',
  'Good at code review',
  'Multilingual',
  'Cheap batch processing',
  'Reliable JSON output',
];
const weaknesses = [
  'Trails flagships on the hardest tasks',
  'Verbose answers',
  'Weak at long documents',
  'Image understanding is basic',
  'Rate limits are tight',
  'Knowledge cutoff is old',
];

const sqlText = (values: string[]) => `array[${values.map((v) => `'${v.replace(/'/g, "''")}'`).join(', ')}]`;

const changeLogTriggers = [
  ['models', 'models_record_change'],
  ['models', 'models_record_price_change'],
  ['scores', 'scores_record_change'],
  ['model_facts', 'model_facts_record_change'],
] as const;

/** Fills an empty, migrated database. Runs every statement on one connection (temp tables, disabled triggers). */
export async function fillBenchData(handle: DatabaseHandle, options: DataOptions): Promise<DataSummary> {
  const log = options.log ?? ((line: string) => console.log(line));
  const q = <T = Record<string, unknown>>(text: string, params?: unknown[]) => handle.raw.query<T>(text, params);
  const N = Math.max(10, Math.floor(options.models));
  const S = Math.max(100, Math.floor(options.scores));
  const P = Math.min(options.providers ?? 40, providerList.length);
  const B = Math.max(benchmarkList.length, options.benchmarks ?? 300);
  const SRC = Math.max(P * 10, options.sources ?? Math.min(5000, Math.max(500, Math.round(N / 20))));
  const F = Math.ceil(N / 25);
  // Sources: the first V belong to providers (V / P each: model cards, docs, pricing pages), the rest
  // are independent (leaderboards, papers, benchmark maintainers, aggregators).
  const perProvider = Math.floor((SRC * 0.8) / P);
  const V = perProvider * P;
  const I = SRC - V;

  const started = performance.now();
  let stepStarted = started;
  const step = (label: string) => {
    const now = performance.now();
    log(`  ${label.padEnd(52)} ${((now - stepStarted) / 1000).toFixed(1).padStart(6)} s  (total ${((now - started) / 1000).toFixed(1)} s)`);
    stepStarted = now;
  };

  const [{ count: existing } = { count: 0 }] = await q<{ count: number }>('select count(*)::int as count from models');
  if (existing > 0) throw new Error(`the database already holds ${existing} models; bench:data fills an empty one (use --reset)`);

  log(`bench:data: ${N} models, ${S} scores, ${B} benchmarks, ${P} providers, ${F} families, ${SRC} sources (${handle.driver})`);
  if (handle.driver === 'postgres') {
    // Bulk statements run longer than the app's per-statement limit (set at connect by createDatabase).
    await q('set statement_timeout = 0');
    await q('set idle_in_transaction_session_timeout = 0');
    await q('set synchronous_commit = off');
    await q('set max_parallel_workers_per_gather = 0'); // random() is seeded per backend only
    await q(`set work_mem = '64MB'`);
    await q(`set maintenance_work_mem = '256MB'`);
  }
  await q('select setseed($1)', [options.seed ?? 0.42]);
  // The change log's triggers (a rank count per verified score) are off while filling: the bench
  // measures pages, not history, and a million counts would take most of the fill. On again below.
  for (const [table, trigger] of changeLogTriggers) await q(`alter table ${table} disable trigger ${trigger}`);

  // ---- reference rows: providers, benchmarks, sources -------------------------------------------
  const providers = providerList.slice(0, P);
  await q(
    `insert into providers (id, slug, name, website, docs_url, api_base_url, api_key_env, npm_package, python_package)
     overriding system value
     select i, slug, name, 'https://' || domain, 'https://' || domain || '/docs', 'https://api.' || domain || '/v1',
            upper(replace(slug, '-', '_')) || '_API_KEY', case when i % 3 = 0 then null else slug end, slug
     from unnest($1::text[], $2::text[], $3::text[]) with ordinality as t(slug, name, domain, i)`,
    [providers.map((p) => p[0]), providers.map((p) => p[1]), providers.map((p) => p[2])],
  );
  await q(`update providers set npm_package = 'openai', python_package = 'openai' where slug = 'openai'`);

  await q(
    `insert into sources (id, url, title, publisher, kind, published_at, retrieved_at, link_status, link_http_status)
     overriding system value
     select s,
       case when s <= ${V}
         then 'https://' || p.domain || '/' || (array['models', 'docs/models', 'pricing', 'research'])[1 + (s - 1) / ${P} % 4] || '/page-' || s
         else (array['https://lmarena.ai/leaderboard/', 'https://arxiv.org/abs/2501.', 'https://github.com/benchmarks/results/blob/main/run-',
                     'https://artificialanalysis.ai/models/'])[1 + s % 4] || s end,
       case when s <= ${V}
         then p.name || ' ' || (array['model card', 'API documentation', 'pricing', 'technical report'])[1 + (s - 1) / ${P} % 4] || ' #' || s
         else (array['Leaderboard snapshot', 'Paper', 'Benchmark results run', 'Model comparison'])[1 + s % 4] || ' #' || s end,
       case when s <= ${V} then p.name
         else (array['LMArena', 'arXiv', 'Benchmark maintainers', 'Artificial Analysis'])[1 + s % 4] end,
       case when s <= ${V}
         then (array['VENDOR_MODEL_CARD', 'VENDOR_DOCS', 'VENDOR_PRICING', 'PAPER'])[1 + (s - 1) / ${P} % 4]
         else (array['INDEPENDENT_LEADERBOARD', 'PAPER', 'BENCHMARK_MAINTAINER', 'AGGREGATOR_DATASET'])[1 + s % 4] end,
       case when s % 3 = 0 then current_date - (100 + s % 900) end,
       current_date - (s % 60),
       (array['OK', 'OK', 'OK', 'UNCHECKED', 'REDIRECTED'])[1 + s % 5],
       case when s % 5 < 3 then 200 when s % 5 = 4 then 301 end
     from generate_series(1, ${SRC}) s
     left join (select i, name, domain from unnest($1::text[], $2::text[]) with ordinality as t(name, domain, i)) p
       on p.i = ((s - 1) % ${P}) + 1`,
    [providers.map((p) => p[1]), providers.map((p) => p[2])],
  );

  const extra = B - benchmarkList.length;
  const categories = ['REASONING', 'KNOWLEDGE', 'MATH', 'CODING', 'AGENTIC', 'MULTIMODAL', 'LONG_CONTEXT', 'SAFETY', 'COMPOSITE', 'OTHER'];
  const all: typeof benchmarkList = [...benchmarkList];
  for (let i = 0; i < extra; i++) {
    const id = benchmarkList.length + i + 1;
    const unit: Unit = id % 11 === 0 ? 'SCORE' : id % 17 === 0 ? 'COUNT' : id % 23 === 0 ? 'ELO' : 'PERCENT';
    const [min, max, lo, hi] =
      unit === 'SCORE' ? [0, 10, 2, 9.5] : unit === 'COUNT' ? [0, 1000, 10, 800] : unit === 'ELO' ? [0, 3000, 800, 1600] : [0, 100, 5, 95];
    all.push([`bench-${String(id).padStart(3, '0')}`, `Benchmark ${String(id).padStart(3, '0')}`, categories[id % categories.length]!, unit, min, max, id % 10 !== 3, lo, hi]);
  }
  await q(
    `insert into benchmarks (id, slug, name, category, description, unit, scale_min, scale_max, higher_is_better, homepage, paper_source_id)
     overriding system value
     select i, slug, name, category, name || ': ' || lower(category) || ' benchmark, ' || case when hib then 'higher' else 'lower' end || ' is better.',
            unit, mn, mx, hib, 'https://benchmarks.example.org/' || slug,
            case when i % 2 = 1 and ${I} > 0 then ${V} + 1 + (i * 4 + 1) % ${Math.max(I, 1)} end
     from (select slug, name, category, unit, mn::float8 as mn, mx::float8 as mx, hib::bool as hib, i
           from unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[]) with ordinality
             as t(slug, name, category, unit, mn, mx, hib, i)) t`,
    [all.map((b) => b[0]), all.map((b) => b[1]), all.map((b) => b[2]), all.map((b) => b[3]), all.map((b) => String(b[4])), all.map((b) => String(b[5])), all.map((b) => String(b[6]))],
  );
  await q(
    `create temp table bench_b on commit preserve rows as
     select i::int as id, lo::float8 as lo, hi::float8 as hi, decimals::int as decimals, hib::bool as hib
     from unnest($1::text[], $2::text[], $3::text[], $4::text[]) with ordinality as t(lo, hi, decimals, hib, i)`,
    [all.map((b) => String(b[7])), all.map((b) => String(b[8])), all.map((b) => (b[3] === 'ELO' || b[3] === 'COUNT' ? '0' : b[3] === 'SCORE' ? '2' : '1')), all.map((b) => String(b[6]))],
  );
  await q(
    `insert into benchmark_aliases (alias, benchmark_id)
     select a, b.id from benchmarks b, lateral (values (replace(b.slug, '-', ' ')), (b.slug || '-v1')) v(a) where b.id <= 30
     on conflict do nothing`,
  );
  await q(
    `insert into site_texts (key, body) values ('methodology', 'Every number on this site cites its source: a vendor page, a paper or an independent leaderboard, with the place in it and the day it was read. Numbers are entered by one editor and verified by another.')
     on conflict (key) do nothing`,
  );
  step('providers, sources, benchmarks');

  // ---- families and models ------------------------------------------------------------------------
  await q(
    `insert into model_families (id, slug, name, provider_id, description)
     overriding system value
     select f, case when f = 1 then 'openai-o-series' else p.slug || '-' || lower(w.word) || '-' || f end,
            case when f = 1 then 'OpenAI o-series reasoning models' else p.name || ' ' || w.word || ' ' || f end,
            p.id, 'Models of the ' || w.word || ' line.'
     from generate_series(1, ${F}) f
     join providers p on p.id = ((f - 1) % ${P}) + 1
     cross join lateral (select (${sqlText(words)})[1 + ((f - 1) / ${P}) % ${words.length}] as word) w`,
  );
  // Per-model draws, fixed once so every later table derives from the same model.
  await q(
    `create temp table bench_m on commit preserve rows as
     select i as id, ((i - 1) / 25) + 1 as family, ((((i - 1) / 25)) % ${P}) + 1 as provider_id,
       ((random() + random() + random()) / 3 * 0.7 + (i::float8 / ${N}) * 0.3) as quality,
       random() as r1, random() as r2, random() as r3, random() as r4, random() as r5, random() as r6, random() as r7,
       (current_date - (150 + floor(random() * 2600))::int) as release
     from generate_series(1, ${N}) i`,
  );
  await q('alter table bench_m add primary key (id)');
  await q(
    `insert into models (id, slug, name, provider_id, family_id, family_position, api_model_id, tagline, about, status,
       license_name, open_weights, input_modalities, output_modalities, strengths, weaknesses, publication)
     overriding system value
     select m.id, x.slug, x.name, m.provider_id,
       case when m.id % 10 = 7 then null else m.family end,
       case when m.id % 10 = 7 then null else ((m.id - 1) % 25) + 1 end,
       x.slug,
       x.name || ': ' || (array['fast and cheap', 'the flagship', 'tuned for code', 'built for agents', 'small enough for edge devices'])[1 + m.id % 5] || '.',
       x.name || ' is a ' || case when m.r2 < 0.3 then 'open-weights' else 'hosted' end || ' model by ' || p.name
         || ' released in ' || to_char(m.release, 'FMMonth YYYY') || '. It sits in the ' || w.word
         || ' line and is used for chat, retrieval-augmented generation and tool calling. Numbers below cite the vendor''s documentation and independent leaderboards.',
       case when m.r3 < 0.8 then 'ACTIVE' when m.r3 < 0.95 then 'DEPRECATED' else 'RETIRED' end,
       case when m.r2 < 0.3 then (array['Apache 2.0', 'MIT', 'Llama Community License', 'Gemma Terms of Use'])[1 + m.id % 4] else 'Proprietary' end,
       m.r2 < 0.3,
       array_remove(array['text', case when m.r4 < 0.6 then 'image' end, case when m.r5 < 0.15 then 'audio' end,
                          case when m.r6 < 0.1 then 'video' end, case when m.r7 < 0.2 then 'pdf' end], null),
       array_remove(array['text', case when m.r4 < 0.05 then 'image' end, case when m.r5 < 0.05 then 'audio' end], null),
       array[(${sqlText(strengths)})[1 + m.id % ${strengths.length}], (${sqlText(strengths)})[1 + (m.id / 7) % ${strengths.length}]],
       array[(${sqlText(weaknesses)})[1 + m.id % ${weaknesses.length}]],
       case when m.id > 2 and m.id % 100 = 13 then 'DRAFT' else 'PUBLISHED' end
     from bench_m m
     join providers p on p.id = m.provider_id
     cross join lateral (select (${sqlText(words)})[1 + ((m.family - 1) / ${P}) % ${words.length}] as word) w
     cross join lateral (select
       case m.id when 1 then 'o4-mini' when 2 then 'o3' else p.slug || '-' || lower(w.word) || '-' || m.id end as slug,
       case m.id when 1 then 'o4-mini' when 2 then 'o3'
         else p.name || ' ' || w.word || ' ' || (1 + m.id % 4) || '.' || (m.id % 10) || ' ' || (${sqlText(sizes)})[1 + m.id % ${sizes.length}] end as name) x`,
  );
  await q(
    `update models set
       tagline = 'Smaller, faster, cheaper member of OpenAI''s reasoning-model family, great latency-cost balance for hard tasks.',
       about = 'o4-mini was OpenAI''s mid-2025 reasoning-tier release sized between o3-mini and o3 in compute but with significantly improved tool use and multimodal reasoning. It remains the most popular reasoning model for production agent loops because it''s noticeably cheaper than full o-series flagships.',
       status = 'ACTIVE', license_name = 'Proprietary', open_weights = false,
       input_modalities = array['text', 'image'], output_modalities = array['text'],
       strengths = array['Strong reasoning at mid-tier price', 'Fast for a thinking model', 'Solid tool-use'],
       weaknesses = array['Reasoning depth still trails o3 / o4 on hardest tasks', 'Not the right choice for routine chat']
     where id = 1`,
  );
  step(`families (${F}) and models (${N})`);

  // ---- facts and prices ---------------------------------------------------------------------------
  // The row triggers model_facts_refresh_model / prices_refresh_model copy the verified values onto
  // models one UPDATE per inserted row (~1M updates of models here, minutes and a bloated table).
  // They are disabled inside this transaction only (no other session ever sees them off) and one
  // set-based UPDATE below writes the same copies; a check then compares every model with what the
  // trigger functions compute.
  await q('begin');
  await q('alter table model_facts disable trigger model_facts_refresh_model');
  await q('alter table prices disable trigger prices_refresh_model');
  await q(
    `insert into model_facts (model_id, fact, value, source_id, locator, retrieved_at, status, origin)
     select m.id, f.fact, f.value,
            m.provider_id + ${P} * (case when f.fact = 'RELEASE_DATE' then 0 else 1 end + 4 * ((m.id / 4) % ${Math.max(1, Math.floor(perProvider / 4))})),
            f.locator, current_date - (m.id % 90), 'VERIFIED', 'IMPORT'
     from bench_m m
     cross join lateral (values
       ('RELEASE_DATE', to_char(m.release, 'YYYY-MM-DD'), 'Publication date of the announcement'),
       ('KNOWLEDGE_CUTOFF', case when m.r1 < 0.9 then to_char(m.release - (90 + floor(m.r6 * 300))::int, 'YYYY-MM') end, 'Model card header: knowledge cutoff'),
       ('CONTEXT_WINDOW', ((array[8192, 32768, 65536, 128000, 131072, 200000, 256000, 400000, 1000000, 2000000])[1 + floor(m.r4 * 10)::int])::text, 'Model card: context window'),
       ('MAX_OUTPUT_TOKENS', (least((array[8192, 32768, 65536, 128000, 131072, 200000, 256000, 400000, 1000000, 2000000])[1 + floor(m.r4 * 10)::int],
                                    (array[4096, 8192, 16384, 32768, 65536, 100000, 128000])[1 + floor(m.r7 * 7)::int]))::text, 'Model card: max output tokens')
     ) f(fact, value, locator)
     where m.id > 2 and f.value is not null`,
  );
  step('model facts');
  // Base tier INPUT and OUTPUT with 1-4 effective dates (the latest is current, older ones history),
  // cached input for 40% of models, a long-context tier for 10%.
  await q(
    `insert into prices (model_id, kind, tier_min_tokens, usd_per_million_tokens, effective_from, source_id, locator, retrieved_at, status, origin)
     select m.id, k.kind, k.tier, round((base.usd * k.factor * (1 + 0.25 * (h.n - 1 - h.k)))::numeric, 6), m.release + h.k * 35,
            m.provider_id + ${P} * (2 + 4 * ((m.id / 3) % ${Math.max(1, Math.floor(perProvider / 4))})),
            'Pricing table, ' || k.kind || ' row', current_date - (m.id % 60), 'VERIFIED', 'IMPORT'
     from bench_m m
     cross join lateral (select round((0.05 * exp(m.r5 * ln(200)))::numeric, 2)::float8 as usd) base
     cross join lateral (values ('INPUT', 0, 1.0, true), ('OUTPUT', 0, 4.0, true), ('CACHED_INPUT', 0, 0.25, m.r6 < 0.4),
                                ('INPUT', 200000, 2.0, m.r7 < 0.1), ('OUTPUT', 200000, 8.0, m.r7 < 0.1)) k(kind, tier, factor, wanted)
     cross join lateral (select case when k.kind in ('INPUT', 'OUTPUT') and k.tier = 0 then 1 + (m.id % 4) else 1 end as n) hn
     cross join lateral (select hn.n as n, g as k from generate_series(0, hn.n - 1) g) h
     where m.id > 2 and k.wanted`,
  );
  step('prices with history');
  await insertReferencePages(handle, V, P);
  // The commit-time catalog-version trigger (deferred) has events queued by these inserts: fire them
  // now, or the tables cannot be altered back within this transaction ("pending trigger events").
  await q('set constraints all immediate');
  await q('alter table model_facts enable trigger model_facts_refresh_model');
  await q('alter table prices enable trigger prices_refresh_model');
  await q('commit');
  step('reference pages o4-mini and o3');
  await q(
    `update models m set
       release_date = f.release_date, knowledge_cutoff = f.knowledge_cutoff,
       context_window = f.context_window, max_output_tokens = f.max_output_tokens,
       input_price = pr.input_price, output_price = pr.output_price
     from (select model_id,
             max(case when fact = 'RELEASE_DATE' then (case when length(value) = 7 then value || '-01' else value end)::date end) as release_date,
             max(case when fact = 'KNOWLEDGE_CUTOFF' then value end) as knowledge_cutoff,
             max(case when fact = 'CONTEXT_WINDOW' then value::integer end) as context_window,
             max(case when fact = 'MAX_OUTPUT_TOKENS' then value::integer end) as max_output_tokens
           from model_facts where status = 'VERIFIED' group by model_id) f
     full join (select model_id,
             max(case when kind = 'INPUT' then usd_per_million_tokens end) as input_price,
             max(case when kind = 'OUTPUT' then usd_per_million_tokens end) as output_price
           from (select distinct on (model_id, kind) model_id, kind, usd_per_million_tokens from prices
                 where kind in ('INPUT', 'OUTPUT') and tier_min_tokens = 0 and status = 'VERIFIED' and effective_from <= current_date
                 order by model_id, kind, effective_from desc) latest
           group by model_id) pr using (model_id)
     where m.id = coalesce(f.model_id, pr.model_id)`,
  );
  // The same values the trigger functions compute (refresh_model_facts / refresh_model_prices).
  const [{ differ } = { differ: -1 }] = await q<{ differ: number }>(
    `select count(*)::int as differ from models m where
       (m.release_date, m.knowledge_cutoff, m.context_window, m.max_output_tokens, m.input_price, m.output_price) is distinct from (
        (select (case when length(f.value) = 7 then f.value || '-01' else f.value end)::date from model_facts f
          where f.model_id = m.id and f.fact = 'RELEASE_DATE' and f.status = 'VERIFIED'),
        (select f.value from model_facts f where f.model_id = m.id and f.fact = 'KNOWLEDGE_CUTOFF' and f.status = 'VERIFIED'),
        (select f.value::integer from model_facts f where f.model_id = m.id and f.fact = 'CONTEXT_WINDOW' and f.status = 'VERIFIED'),
        (select f.value::integer from model_facts f where f.model_id = m.id and f.fact = 'MAX_OUTPUT_TOKENS' and f.status = 'VERIFIED'),
        (select p.usd_per_million_tokens from prices p where p.model_id = m.id and p.kind = 'INPUT' and p.tier_min_tokens = 0
           and p.status = 'VERIFIED' and p.effective_from <= current_date order by p.effective_from desc limit 1),
        (select p.usd_per_million_tokens from prices p where p.model_id = m.id and p.kind = 'OUTPUT' and p.tier_min_tokens = 0
           and p.status = 'VERIFIED' and p.effective_from <= current_date order by p.effective_from desc limit 1))`,
  );
  if (differ !== 0) throw new Error(`${differ} models disagree with the trigger functions after the bulk refresh`);
  step('models.* copies of facts and prices (one UPDATE, checked)');

  // ---- scores -------------------------------------------------------------------------------------
  // Benchmark popularity is log-uniform (P(b) ~ 1/b): the most popular ones are reported for most
  // models, the tail for a few hundred. Draw more (model, benchmark) pairs than needed, keep one per
  // pair, then keep S of them in random order (scores arrive over time, not model by model).
  const wanted = S - 21; // o4-mini has 1, o3 has 20
  let draws = (wanted / N) * 1.4;
  let pairs = 0;
  for (let attempt = 0; attempt < 6; attempt++) {
    await q('drop table if exists bench_pairs');
    await q(
      `create temp table bench_pairs on commit preserve rows as
       select model_id, benchmark_id, row_number() over (order by r) as seq from (
         select distinct on (model_id, benchmark_id) model_id, benchmark_id, random() as r from (
           select m.id as model_id, least(${B}, floor(exp(random() * ln(${B + 1}))))::int as benchmark_id
           from bench_m m, generate_series(1, greatest(1, round(m.r5 * 2 * ${draws})::int)) g
           where m.id > 2) d
         order by model_id, benchmark_id) u`,
    );
    [{ pairs = 0 } = { pairs: 0 }] = await q<{ pairs: number }>('select count(*)::int as pairs from bench_pairs');
    if (pairs >= wanted || draws * 2 > B) break;
    draws *= (wanted / Math.max(pairs, 1)) * 1.2;
  }
  if (pairs < wanted) throw new Error(`could only place ${pairs} distinct (model, benchmark) scores; ask for fewer scores or more models`);
  step(`score pairs drawn (${pairs} distinct, keeping ${wanted})`);
  const chunk = 100_000;
  for (let from = 1; from <= wanted; from += chunk) {
    const to = Math.min(wanted, from + chunk - 1);
    await q(
      `insert into scores (model_id, benchmark_id, setting, value, source_id, locator, retrieved_at, status, origin)
       select p.model_id, p.benchmark_id,
         case when b.id % 3 = 0 and bm.category = 'CODING' then 'pass@1' else '' end,
         greatest(bm.scale_min, least(bm.scale_max, round((b.lo + (b.hi - b.lo) *
           case when b.hib then v.norm else 1 - v.norm end)::numeric, b.decimals)::float8)),
         case when p.seq % 2 = 0 then m.provider_id + ${P} * (4 * ((p.model_id + p.benchmark_id) % ${Math.max(1, Math.floor(perProvider / 4))}))
              else ${V} + 1 + ((p.benchmark_id * 31 + p.model_id / 50) % ${Math.max(I, 1)}) end,
         'Results table, row ' || (1 + p.seq % 40), current_date - (p.seq % 365)::int, 'VERIFIED', 'IMPORT'
       from bench_pairs p
       join bench_m m on m.id = p.model_id
       join bench_b b on b.id = p.benchmark_id
       join benchmarks bm on bm.id = p.benchmark_id
       cross join lateral (select greatest(0.0, least(1.0, m.quality * 0.85 + (random() - 0.5) * 0.3)) as norm) v
       where p.seq between ${from} and ${to}`,
    );
    step(`scores ${to.toLocaleString('en')} / ${wanted.toLocaleString('en')}`);
  }

  // ---- similar models ------------------------------------------------------------------------------
  await q(
    `insert into model_similarities (model_id, similar_model_id, rank, score)
     select m.id, ((m.id - 1 + k) % ${N}) + 1, k, round((0.95 - k * 0.1 + m.r1 * 0.04)::numeric, 3)::real
     from bench_m m, generate_series(1, 5) k`,
  );
  step('model similarities (top 5 each)');

  for (const table of ['providers', 'model_families', 'models', 'benchmarks', 'sources']) {
    await q(`select setval(pg_get_serial_sequence('${table}', 'id'), (select max(id) from ${table}))`);
  }
  for (const [table, trigger] of changeLogTriggers) await q(`alter table ${table} enable trigger ${trigger}`);
  // With those triggers off the catalog had no public history, and every `asOf` read was refused ("no
  // public history yet"): record each model's publication, as the change log's migration backfills it.
  await q(`insert into catalog_changes (at, kind, model_id)
    select created_at, 'MODEL_PUBLISHED', id from models where publication in ('PUBLISHED', 'RETIRED') order by created_at, id`);
  // As the importer does: each benchmark's board is the setting most of its results share.
  await declareDefaultSettings(handle.db);
  await q('drop table if exists bench_pairs');
  await q('drop table if exists bench_m');
  await q('drop table if exists bench_b');
  await q('vacuum analyze');
  step('vacuum analyze');

  const [counts] = await q<Record<string, number>>(
    `select (select count(*) from models)::int as models, (select count(*) from scores)::int as scores,
            (select count(*) from prices)::int as prices, (select count(*) from model_facts)::int as facts,
            (select count(*) from sources)::int as sources, (select count(*) from benchmarks)::int as benchmarks,
            (select count(*) from providers)::int as providers, (select count(*) from model_families)::int as families,
            (select count(*) from model_similarities)::int as similarities`,
  );
  const summary = { ...(counts as Omit<DataSummary, 'seconds'>), seconds: Math.round((performance.now() - started) / 100) / 10 };
  const marker = JSON.stringify({ generator: 'bench/data.ts', version: DATA_VERSION, options: { models: N, scores: S, providers: P, benchmarks: B, sources: SRC }, summary });
  await q(`do $$ begin execute format('comment on database %I is %L', current_database(), '${marker.replace(/'/g, "''")}'); end $$`);
  log(`bench:data: done in ${summary.seconds} s: ${JSON.stringify(counts)}`);
  return summary;
}

/** o4-mini as on the demo catalog's reference page (cited facts, three prices, one score); o3 with 20 scores. */
async function insertReferencePages(handle: DatabaseHandle, V: number, P: number): Promise<void> {
  const q = (text: string) => handle.raw.query(text);
  // Vendor sources of provider 1 (OpenAI): model card, docs, pricing, report (ids 1, 1+P, 1+2P, 1+3P …).
  const card = 1;
  const docs = 1 + P;
  const pricing = 1 + 2 * P;
  await q(
    `insert into model_facts (model_id, fact, value, source_id, locator, retrieved_at, status, origin) values
       (1, 'RELEASE_DATE', '2025-04-16', ${card}, 'Publication date of the announcement', '2026-11-24', 'VERIFIED', 'IMPORT'),
       (1, 'KNOWLEDGE_CUTOFF', '2024-05', ${docs}, 'Model card header: knowledge cutoff (May 31, 2024)', '2026-11-24', 'VERIFIED', 'IMPORT'),
       (1, 'CONTEXT_WINDOW', '200000', ${docs}, 'Model card: 200,000 context window', '2026-11-24', 'VERIFIED', 'IMPORT'),
       (1, 'MAX_OUTPUT_TOKENS', '100000', ${docs}, 'Model card: 100,000 max output tokens', '2026-11-24', 'VERIFIED', 'IMPORT'),
       (2, 'RELEASE_DATE', '2025-04-16', ${card}, 'Publication date of the announcement', '2026-11-24', 'VERIFIED', 'IMPORT'),
       (2, 'KNOWLEDGE_CUTOFF', '2024-05', ${docs}, 'Model card header: knowledge cutoff', '2026-11-24', 'VERIFIED', 'IMPORT'),
       (2, 'CONTEXT_WINDOW', '200000', ${docs}, 'Model card: 200,000 context window', '2026-11-24', 'VERIFIED', 'IMPORT'),
       (2, 'MAX_OUTPUT_TOKENS', '100000', ${docs}, 'Model card: 100,000 max output tokens', '2026-11-24', 'VERIFIED', 'IMPORT')`,
  );
  await q(
    `insert into prices (model_id, kind, usd_per_million_tokens, effective_from, source_id, locator, retrieved_at, status, origin) values
       (1, 'INPUT', 1.10, '2025-04-16', ${pricing}, 'Reasoning models table, o4-mini, Input', '2026-11-24', 'VERIFIED', 'IMPORT'),
       (1, 'CACHED_INPUT', 0.275, '2025-04-16', ${pricing}, 'Reasoning models table, o4-mini, Cached input', '2026-11-24', 'VERIFIED', 'IMPORT'),
       (1, 'OUTPUT', 4.40, '2025-04-16', ${pricing}, 'Reasoning models table, o4-mini, Output', '2026-11-24', 'VERIFIED', 'IMPORT'),
       (2, 'INPUT', 10.00, '2025-04-16', ${pricing}, 'Reasoning models table, o3, Input (launch price)', '2026-11-24', 'VERIFIED', 'IMPORT'),
       (2, 'OUTPUT', 40.00, '2025-04-16', ${pricing}, 'Reasoning models table, o3, Output (launch price)', '2026-11-24', 'VERIFIED', 'IMPORT'),
       (2, 'INPUT', 2.00, '2025-06-10', ${pricing}, 'Reasoning models table, o3, Input', '2026-11-24', 'VERIFIED', 'IMPORT'),
       (2, 'OUTPUT', 8.00, '2025-06-10', ${pricing}, 'Reasoning models table, o3, Output', '2026-11-24', 'VERIFIED', 'IMPORT'),
       (2, 'CACHED_INPUT', 0.50, '2025-06-10', ${pricing}, 'Reasoning models table, o3, Cached input', '2026-11-24', 'VERIFIED', 'IMPORT')`,
  );
  // o4-mini: the demo catalog's one score. o3: the 20 most popular benchmarks, each citing its own
  // page (the model card for a few, independent leaderboards and maintainers for the rest).
  await q(
    `insert into scores (model_id, benchmark_id, setting, value, source_id, locator, retrieved_at, status, origin) values
       (1, 1, 'pass@1, no tools', 81.4, ${card}, 'Evaluation chart ''GPQA Diamond — PhD-level science questions (no tools)''', '2026-11-24', 'VERIFIED', 'IMPORT')`,
  );
  for (const [model, count, quality] of [[2, 20, 0.84]] as const) {
    await q(
      `insert into scores (model_id, benchmark_id, setting, value, source_id, locator, retrieved_at, status, origin)
       select ${model}, b.id, case when b.id in (3, 6, 13) then 'pass@1' else '' end,
         round((bb.lo + (bb.hi - bb.lo) * case when bb.hib then ${quality} else 1 - ${quality} end)::numeric, bb.decimals)::float8,
         case when b.id % 4 = 0 then ${card} else ${V} + b.id end,
         'Table ' || (1 + b.id % 5) || ', row "o3"', '2026-11-24', 'VERIFIED', 'IMPORT'
       from benchmarks b join bench_b bb on bb.id = b.id where b.id <= ${count}`,
    );
  }
}

/** Creates (or with `reset`, drops and recreates) a PostgreSQL database named in `url`. */
export async function ensurePostgresDatabase(url: string, reset = false): Promise<'created' | 'exists'> {
  const target = new URL(url);
  const name = decodeURIComponent(target.pathname.slice(1));
  if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new Error(`unsupported database name: ${name}`);
  const admin = new URL(url);
  admin.pathname = '/postgres';
  const sql = postgres(admin.toString(), { max: 1, onnotice: () => {} });
  try {
    if (reset) await sql.unsafe(`drop database if exists ${name} with (force)`);
    const [row] = await sql`select 1 as found from pg_database where datname = ${name}`;
    if (row) return 'exists';
    await sql.unsafe(`create database ${name}`);
    return 'created';
  } finally {
    await sql.end();
  }
}

/** The marker bench:data leaves on the database (COMMENT ON DATABASE), or null. */
export async function datasetMarker(
  handle: DatabaseHandle,
): Promise<{ generator: string; version?: number; options?: Record<string, number>; summary?: DataSummary } | null> {
  const [row] = await handle.raw.query<{ comment: string | null }>(
    `select shobj_description(oid, 'pg_database') as comment from pg_database where datname = current_database()`,
  );
  try {
    const parsed = row?.comment ? JSON.parse(row.comment) : null;
    // Any generator's marker: bench/run.ts marks the demo catalog too (it was rebuilt on every run).
    return typeof parsed?.generator === 'string' ? parsed : null;
  } catch {
    return null;
  }
}

async function main() {
  const { values } = parseArgs({
    options: {
      models: { type: 'string', default: '100000' },
      scores: { type: 'string', default: '1000000' },
      benchmarks: { type: 'string', default: '300' },
      providers: { type: 'string', default: '40' },
      sources: { type: 'string' },
      'database-url': { type: 'string' },
      'data-dir': { type: 'string' },
      reset: { type: 'boolean', default: false },
    },
  });
  const dataDir = values['data-dir'];
  const url = dataDir ? undefined : (values['database-url'] ?? 'postgres://postgres@127.0.0.1:5432/sourced_bench_large');
  if (url) log(`database ${url}: ${await ensurePostgresDatabase(url, values.reset)}`);
  else if (values.reset) {
    const { rmSync } = await import('node:fs');
    rmSync(dataDir!, { recursive: true, force: true });
  }
  const handle = await createDatabase({ url, dataDir, maxConnections: 1 });
  try {
    const t = performance.now();
    await migrateDatabase(handle);
    log(`migrated in ${Math.round(performance.now() - t)} ms`);
    await fillBenchData(handle, {
      models: Number(values.models),
      scores: Number(values.scores),
      benchmarks: Number(values.benchmarks),
      providers: Number(values.providers),
      sources: values.sources ? Number(values.sources) : undefined,
    });
  } finally {
    await handle.close();
  }
}

function log(line: string) {
  console.log(line);
}

if (import.meta.url === `file://${process.argv[1]}`) {
  main().catch((error) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  });
}
