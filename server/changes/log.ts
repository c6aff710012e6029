import { sql, type SQL } from 'drizzle-orm';
import { rowsOf, type Database } from '../../db/client.ts';
import type { ChangeKind } from '../../db/schema/index.ts';
import { publicModelId } from '../catalog/visibility.ts';

// Reading the public change log (catalog_changes, written by triggers with every publishing write):
// what readers may see of it, newest first, and each change said in one line.

/** A change as read, with the names and citation its summary and the API show. */
export interface ChangeRow {
  id: number;
  at: string;
  kind: ChangeKind;
  modelId: number;
  modelSlug: string;
  modelName: string;
  benchmarkId: number | null;
  benchmarkName: string | null;
  claimKind: 'Score' | 'Price' | 'ModelFact' | null;
  claimId: number | null;
  subject: string | null;
  value: string | null;
  previousValue: string | null;
  sourceId: number | null;
  sourceTitle: string | null;
  sourceUrl: string | null;
  locator: string | null;
  setting: string | null;
}

export interface ChangeFilter {
  /** Only changes with a smaller id (the page after a cursor). */
  before?: number | null;
  /** Only changes with a larger id (live: what came after the last one sent). */
  after?: number | null;
  /** Only these changes (live: ids that committed late). */
  ids?: readonly number[] | null;
  since?: Date | null;
  /** Only changes before this time (a digest's week). */
  until?: Date | null;
  kinds?: readonly ChangeKind[] | null;
  modelSlug?: string | null;
}

/**
 * What readers see: changes of public models on published benchmarks, and the history of a model
 * retired after it was public (its MODEL_RETIRED says so). Nobody's identity is in the log at all.
 */
const visible = sql`(c.kind = 'MODEL_RETIRED' or ${publicModelId(sql`c.model_id`)}
    or exists (select 1 from models rm join catalog_changes rc on rc.model_id = rm.id and rc.kind = 'MODEL_RETIRED'
               where rm.id = c.model_id and rm.publication = 'RETIRED'))
  and (c.benchmark_id is null or exists (select 1 from benchmarks vb where vb.id = c.benchmark_id and vb.publication = 'PUBLISHED'))`;

function conditions(filter: ChangeFilter): SQL {
  const parts: SQL[] = [visible];
  if (filter.before != null) parts.push(sql`c.id < ${filter.before}`);
  if (filter.after != null) parts.push(sql`c.id > ${filter.after}`);
  if (filter.ids) parts.push(filter.ids.length ? sql`c.id in (${sql.join(filter.ids.map((id) => sql`${id}`), sql`, `)})` : sql`false`);
  if (filter.since) parts.push(sql`c.at >= ${filter.since.toISOString()}::timestamptz`);
  if (filter.until) parts.push(sql`c.at < ${filter.until.toISOString()}::timestamptz`);
  if (filter.kinds?.length) parts.push(sql`c.kind in (${sql.join(filter.kinds.map((kind) => sql`${kind}`), sql`, `)})`);
  if (filter.modelSlug != null) parts.push(sql`m.slug = ${filter.modelSlug}`);
  return sql.join(parts, sql` and `);
}

/** Newest first (oldest first with `oldestFirst`, for live delivery), at most `limit`. */
export async function readChanges(db: Database, filter: ChangeFilter, limit: number, oldestFirst = false): Promise<ChangeRow[]> {
  const order = sql.raw(oldestFirst ? 'asc' : 'desc');
  const rows = rowsOf<Record<string, unknown>>(
    await db.execute(sql`
      select c.id, to_char(c.at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') as at, c.kind, c.model_id, m.slug as model_slug, m.name as model_name,
        c.benchmark_id, b.name as benchmark_name, c.claim_kind, c.claim_id, c.subject, c.value, c.previous_value,
        c.source_id, s.title as source_title, s.url as source_url, c.locator,
        (select sc.setting from scores sc where c.claim_kind = 'Score' and sc.id = c.claim_id) as setting
      from catalog_changes c
      join models m on m.id = c.model_id
      left join benchmarks b on b.id = c.benchmark_id
      left join sources s on s.id = c.source_id
      where ${conditions(filter)}
      order by c.id ${order}
      limit ${limit}`),
  );
  return rows.map((row) => ({
    id: Number(row.id),
    at: String(row.at),
    kind: row.kind as ChangeKind,
    modelId: Number(row.model_id),
    modelSlug: String(row.model_slug),
    modelName: String(row.model_name),
    benchmarkId: row.benchmark_id === null ? null : Number(row.benchmark_id),
    benchmarkName: (row.benchmark_name as string | null) ?? null,
    claimKind: (row.claim_kind as ChangeRow['claimKind']) ?? null,
    claimId: row.claim_id === null ? null : Number(row.claim_id),
    subject: (row.subject as string | null) ?? null,
    value: (row.value as string | null) ?? null,
    previousValue: (row.previous_value as string | null) ?? null,
    sourceId: row.source_id === null ? null : Number(row.source_id),
    sourceTitle: (row.source_title as string | null) ?? null,
    sourceUrl: (row.source_url as string | null) ?? null,
    locator: (row.locator as string | null) ?? null,
    setting: (row.setting as string | null) || null,
  }));
}

/** The newest change id readers can see (feeds' ETag), and its time. */
export async function latestChange(db: Database, filter: ChangeFilter): Promise<{ id: number; at: string } | null> {
  const [row] = await readChanges(db, filter, 1);
  return row ? { id: row.id, at: row.at } : null;
}

const factNames: Record<string, string> = {
  CONTEXT_WINDOW: 'context window',
  MAX_OUTPUT_TOKENS: 'max output',
  RELEASE_DATE: 'release date',
  KNOWLEDGE_CUTOFF: 'knowledge cutoff',
};

// Dollars with cents, and every further digit the price has ($0.123 stays $0.123).
const usd = (value: string) => {
  const [whole = '0', fraction = ''] = String(Number(value)).split('.');
  return `$${whole}.${fraction.padEnd(2, '0')}`;
};
const tokens = (value: string) => `${Number(value).toLocaleString('en-US')} tokens`;

function shown(row: ChangeRow, value: string): string {
  if (row.kind === 'PRICE_CHANGED') return usd(value);
  if (row.kind === 'FACT_CHANGED' && (row.subject === 'CONTEXT_WINDOW' || row.subject === 'MAX_OUTPUT_TOKENS')) return tokens(value);
  return value;
}

function percentChange(before: string, after: string): string {
  const from = Number(before);
  const to = Number(after);
  if (!Number.isFinite(from) || !Number.isFinite(to) || from === 0) return '';
  const percent = Math.round(((to - from) / from) * 100);
  return ` (${percent < 0 ? '\u2212' : '+'}${Math.abs(percent)}%)`;
}

/**
 * One line a reader understands, e.g. "o4-mini input price $1.10 → $0.90 (−18%), OpenAI pricing
 * page, 2026-12-04"; the citation's page and the day close every line that publishes a number.
 */
export function summaryOf(row: ChangeRow, withCitation = true): string {
  const day = row.at.slice(0, 10);
  // Without the citation (a digest item, which shows its source apart): the change alone.
  const cited = !withCitation ? '' : row.sourceTitle ? `, ${row.sourceTitle}, ${day}` : `, ${day}`;
  const change = (what: string) => {
    if (row.value === null) return `${what} withdrawn${cited}`;
    const now = shown(row, row.value);
    if (row.previousValue === null) return `${what} ${now}${cited}`;
    const was = shown(row, row.previousValue);
    const delta = row.kind === 'PRICE_CHANGED' ? percentChange(row.previousValue, row.value) : '';
    return `${what} ${was} \u2192 ${now}${delta}${cited}`;
  };
  switch (row.kind) {
    case 'MODEL_PUBLISHED':
      return withCitation ? `${row.modelName} published, ${day}` : `${row.modelName} published`;
    case 'MODEL_RETIRED':
      return withCitation ? `${row.modelName} retired, ${day}` : `${row.modelName} retired`;
    case 'PRICE_CHANGED':
      return change(`${row.modelName} ${String(row.subject ?? '').toLowerCase()} price`);
    case 'FACT_CHANGED':
      return change(`${row.modelName} ${factNames[row.subject ?? ''] ?? String(row.subject).toLowerCase()}`);
    case 'SCORE_PUBLISHED':
    case 'SCORE_SUPERSEDED':
      return change(`${row.modelName} ${row.benchmarkName}${row.setting ? ` (${row.setting})` : ''}`);
    case 'LEADERBOARD_MOVE':
      return row.previousValue === null
        ? `${row.modelName} enters ${row.benchmarkName} at #${row.value}${cited}`
        : `${row.modelName} moves to #${row.value} on ${row.benchmarkName} (was #${row.previousValue})${cited}`;
  }
}
