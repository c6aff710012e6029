import { sql } from 'drizzle-orm';
import { rowsOf, type Database } from '../../db/client.ts';

// Reading digests: the one shape the API, the public page /digest/<week>, the feeds and the emails
// all render from.

export interface DigestItemView {
  position: number;
  changeId: number;
  kind: string;
  headline: string;
  note: string | null;
  model: { id: number; slug: string; name: string };
  /** The number the item cites. */
  claim: { kind: 'Score' | 'Price' | 'ModelFact'; id: number };
  citation: { locator: string | null; source: { id: number; url: string; title: string | null } } | null;
}

export interface DigestView {
  id: number;
  week: string;
  title: string;
  intro: string;
  status: 'DRAFT' | 'PUBLISHED';
  publishedAt: string | null;
  editedBy: number[];
  version: number;
  updatedAt: string;
  items: DigestItemView[];
}

const iso = (column: string) => sql.raw(`to_char(${column} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`);

/**
 * A digest by week or id, with its items in order (one statement). `publishedOnly`: what the public may
 * read (null for a draft).
 */
export async function readDigest(db: Database, by: { week: string } | { id: number }, options: { publishedOnly?: boolean } = {}): Promise<DigestView | null> {
  const where = 'week' in by ? sql`d.week = ${by.week}` : sql`d.id = ${by.id}`;
  const published = options.publishedOnly ? sql` and d.status = 'PUBLISHED'` : sql``;
  const [row] = rowsOf<Record<string, unknown>>(
    await db.execute(sql`
      select d.id, d.week, d.title, d.intro, d.status, ${iso('d.published_at')} as published_at, d.edited_by, d.version,
        ${iso('d.updated_at')} as updated_at,
        coalesce((select json_agg(json_build_object(
            'position', i.position, 'changeId', i.change_id, 'kind', i.kind, 'headline', i.headline, 'note', i.note,
            'model', json_build_object('id', m.id, 'slug', m.slug, 'name', m.name),
            'claim', json_build_object('kind', i.claim_kind, 'id', i.claim_id),
            'citation', case when s.id is null then null else json_build_object('locator', i.locator,
              'source', json_build_object('id', s.id, 'url', s.url, 'title', s.title)) end
          ) order by i.position)
          from digest_items i join models m on m.id = i.model_id left join sources s on s.id = i.source_id
          where i.digest_id = d.id), '[]'::json) as items
      from digests d where ${where}${published}`),
  );
  if (!row) return null;
  const items = (typeof row.items === 'string' ? JSON.parse(row.items) : row.items) as DigestItemView[];
  return {
    id: Number(row.id),
    week: String(row.week),
    title: String(row.title),
    intro: String(row.intro),
    status: row.status as DigestView['status'],
    publishedAt: (row.published_at as string | null) ?? null,
    editedBy: row.edited_by == null ? [] : parseIntArray(row.edited_by),
    version: Number(row.version),
    updatedAt: String(row.updated_at),
    items: items.map((item) => ({ ...item, changeId: Number(item.changeId) })),
  };
}

/** postgres.js gives int[] as an array; PGlite too, but a text form ("{1,2}") is read as well. */
function parseIntArray(value: unknown): number[] {
  if (Array.isArray(value)) return value.map(Number);
  return String(value).replace(/[{}]/g, '').split(',').filter(Boolean).map(Number);
}

/** Published digests, newest week first: keyset after a week (its cursor). */
export async function listPublishedDigests(db: Database, limit: number, afterWeek: string | null): Promise<{ week: string; title: string; publishedAt: string }[]> {
  const after = afterWeek ? sql` and d.week < ${afterWeek}` : sql``;
  return rowsOf<{ week: string; title: string; publishedAt: string }>(
    await db.execute(sql`
      select d.week, d.title, ${iso('d.published_at')} as "publishedAt"
      from digests d where d.status = 'PUBLISHED'${after}
      order by d.week desc limit ${limit}`),
  );
}

/** The ISO week ("2026-W49") a date falls in, and back: the Monday 00:00 UTC that starts a week. */
export function isoWeekOf(date: Date): string {
  const day = new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), date.getUTCDate()));
  const weekday = day.getUTCDay() || 7;
  day.setUTCDate(day.getUTCDate() + 4 - weekday);
  const yearStart = Date.UTC(day.getUTCFullYear(), 0, 1);
  const week = Math.ceil(((day.getTime() - yearStart) / 86_400_000 + 1) / 7);
  return `${day.getUTCFullYear()}-W${String(week).padStart(2, '0')}`;
}

export const isoWeekPattern = /^(\d{4})-W(0[1-9]|[1-4]\d|5[0-3])$/;

/** The start (Monday 00:00 UTC) of an ISO week, or null when the week does not exist (2026-W53). */
export function weekStart(week: string): Date | null {
  const match = isoWeekPattern.exec(week);
  if (!match) return null;
  const year = Number(match[1]);
  const number = Number(match[2]);
  const jan4 = new Date(Date.UTC(year, 0, 4));
  const monday = new Date(jan4.getTime() - ((jan4.getUTCDay() || 7) - 1) * 86_400_000 + (number - 1) * 7 * 86_400_000);
  return isoWeekOf(monday) === week ? monday : null;
}
