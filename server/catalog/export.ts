import { sql, type SQL } from 'drizzle-orm';
import { rowsOf, type Database } from '../../db/client.ts';
import { isPublicClaimRow, isPublicScoreRow } from './visibility.ts';

/**
 * The auditors' export (server/http/export.ts): every published number with its provenance, read in
 * keyset batches. Which rows are published is asked of server/catalog/visibility.ts, the rule every
 * public GraphQL path uses; the joins only fetch the columns. Nobody's identity is selected.
 */

/** The columns, in order (the CSV header, the NDJSON keys). */
export const exportColumns = [
  'id',
  'kind',
  'model_slug',
  'model_name',
  'provider_slug',
  'provider_name',
  'benchmark_slug',
  'benchmark_name',
  'price_kind',
  'price_tier_min_tokens',
  'fact',
  'value',
  'unit',
  'setting',
  'effective_from',
  'source_url',
  'source_title',
  'source_kind',
  'locator',
  'quote',
  'retrieved_at',
  'capture_sha256',
  'evidence_status',
  'last_confirmed_at',
  'verified_at',
  // A score read from a dataset: the file it was read from and its own check (Score.recordedIn).
  'dataset_url',
  'dataset_locator',
  'dataset_capture_sha256',
  'dataset_evidence_status',
] as const;

export type ExportColumn = (typeof exportColumns)[number];
export type NumberKind = 'SCORE' | 'PRICE' | 'FACT';

/** One exported number: `key` is its row id (the keyset), every column is text as PostgreSQL wrote it. */
export type ExportRow = { key: number } & Record<Exclude<ExportColumn, 'id' | 'kind'>, string | null>;

/** The order of the file: scores, then prices, then facts, each by row id. */
export const numberKinds: readonly NumberKind[] = ['SCORE', 'PRICE', 'FACT'];

// Everything is formatted by PostgreSQL, so both drivers (postgres.js, PGlite) give the same text.
const instant = (column: SQL) => sql`to_char(${column} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;
const day = (column: SQL) => sql`to_char(${column}, 'YYYY-MM-DD')`;

/** The citation and evidence columns every claim table shares (alias `c`). */
const provenance = sql`s.url as source_url, s.title as source_title, s.kind as source_kind, c.locator, c.quote,
  ${day(sql`c.retrieved_at`)} as retrieved_at, ss.sha256 as capture_sha256, c.evidence_status,
  ${instant(sql`c.last_confirmed_at`)} as last_confirmed_at, ${instant(sql`c.verified_at`)} as verified_at`;

const modelColumns = sql`m.slug as model_slug, m.name as model_name, p.slug as provider_slug, p.name as provider_name`;

const citationJoins = sql`join models m on m.id = c.model_id
  join providers p on p.id = m.provider_id
  join sources s on s.id = c.source_id
  left join source_snapshots ss on ss.id = c.evidence_snapshot_id`;

const claim = { status: sql`c.status`, modelId: sql`c.model_id`, benchmarkId: sql`c.benchmark_id` };

/**
 * One batch of a kind's published numbers after row id `after`, at most `limit`, by id: the
 * `(status, id)` index of each claim table walks the VERIFIED rows in that order.
 */
export function batchStatement(kind: NumberKind, after: number, limit: number): SQL {
  switch (kind) {
    case 'SCORE':
      return sql`select c.id as key, ${modelColumns}, b.slug as benchmark_slug, b.name as benchmark_name,
          null as price_kind, null as price_tier_min_tokens, null as fact,
          c.value::text as value, b.unit, c.setting, null as effective_from, ${provenance}
        , ds.url as dataset_url, d.locator as dataset_locator, dss.sha256 as dataset_capture_sha256, d.evidence_status as dataset_evidence_status
        from scores c ${citationJoins} join benchmarks b on b.id = c.benchmark_id
        left join score_dataset_citations d on d.score_id = c.id
        left join sources ds on ds.id = d.source_id
        left join source_snapshots dss on dss.id = d.evidence_snapshot_id
        where c.id > ${after} and ${isPublicScoreRow(claim)}
        order by c.id limit ${limit}`;
    case 'PRICE':
      return sql`select c.id as key, ${modelColumns}, null as benchmark_slug, null as benchmark_name,
          c.kind as price_kind, c.tier_min_tokens::text as price_tier_min_tokens, null as fact,
          trim_scale(c.usd_per_million_tokens)::text as value, 'USD_PER_MILLION_TOKENS' as unit, null as setting,
          ${day(sql`c.effective_from`)} as effective_from, ${provenance}, null as dataset_url, null as dataset_locator, null as dataset_capture_sha256, null as dataset_evidence_status
        from prices c ${citationJoins}
        where c.id > ${after} and ${isPublicClaimRow(claim)}
        order by c.id limit ${limit}`;
    case 'FACT':
      return sql`select c.id as key, ${modelColumns}, null as benchmark_slug, null as benchmark_name,
          null as price_kind, null as price_tier_min_tokens, c.fact,
          c.value, case when c.fact in ('CONTEXT_WINDOW', 'MAX_OUTPUT_TOKENS') then 'TOKENS' else 'DATE' end as unit,
          null as setting, null as effective_from, ${provenance}, null as dataset_url, null as dataset_locator, null as dataset_capture_sha256, null as dataset_evidence_status
        from model_facts c ${citationJoins}
        where c.id > ${after} and ${isPublicClaimRow(claim)}
        order by c.id limit ${limit}`;
  }
}

export async function readBatch(db: Pick<Database, 'execute'>, kind: NumberKind, after: number, limit: number): Promise<ExportRow[]> {
  const rows = rowsOf<ExportRow>(await db.execute(batchStatement(kind, after, limit)));
  for (const row of rows) row.key = Number(row.key);
  return rows;
}

/** The committed catalog version (server/http/responseCache.ts): bumped by every catalog change. */
export async function catalogVersion(db: Pick<Database, 'execute'>): Promise<string> {
  const [row] = rowsOf<{ version: string }>(await db.execute(sql`select version::text as version from catalog_version`));
  return row?.version ?? '0';
}

/** The GraphQL global ID of a number, so an auditor can look the same row up in the API. */
export const globalIdOf = (kind: NumberKind, key: number) =>
  Buffer.from(`${kind === 'SCORE' ? 'Score' : kind === 'PRICE' ? 'Price' : 'ModelFact'}:${key}`).toString('base64');
