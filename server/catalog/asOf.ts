import { GraphQLError } from 'graphql';
import { sql, type SQL, type SQLWrapper } from 'drizzle-orm';
import { rowsOf, type Database } from '../../db/client.ts';
import type { Context } from '../context.ts';
import { isPublicModelRow, isVerified, publicProviderId } from './visibility.ts';

/**
 * "As of a past day": what was public at the end of day D (UTC), read from the numbers' own history
 * (verified_at, created_at, withdrawn_at, effective_from) and the public change log (catalog_changes)
 * for a model's publication. Providers and benchmarks are taken in today's publication state: their
 * history is not recorded.
 *
 * A request reads one day: the root field that takes `asOf` records it on the request (below) before
 * its page's SQL is built, and the fields beneath (prices, scores, facts, FAQ) read it when their
 * conditions are turned into SQL, so the page stays the one statement the planner makes of it.
 */
type Column = SQLWrapper | SQL;

/** The first instant after day D, UTC. */
export const endOfDay = (day: string) => sql`((${day}::date + 1)::timestamp at time zone 'UTC')`;

interface ClaimColumns {
  status: Column;
  verifiedAt: Column;
  createdAt: Column;
  withdrawnAt: Column;
}

/**
 * A number (score, price, fact) public at the end of `day`: verified by then (a verified row written
 * without verified_at counts from its creation) and not yet withdrawn (superseded or retired later); today
 * (null) simply verified.
 */
export function claimPublicAsOf(row: ClaimColumns, day: string | null): SQL {
  if (day === null) return isVerified(row.status);
  const end = endOfDay(day);
  // Verified now, or withdrawn after having been verified (only a verification sets verified_at): a
  // draft retired or a held import superseded was never public, whatever the day.
  return sql`((${row.status} = 'VERIFIED' and coalesce(${row.verifiedAt}, ${row.createdAt}) < ${end})
    or (${row.status} in ('SUPERSEDED', 'RETIRED') and ${row.verifiedAt} < ${end} and ${row.withdrawnAt} >= ${end}))`;
}

/** The same for a claim table alias written as raw SQL (`p`, `newer`, `s`). */
export const claimAliasPublicAsOf = (alias: string, day: string | null) =>
  claimPublicAsOf(
    { status: sql.raw(`${alias}.status`), verifiedAt: sql.raw(`${alias}.verified_at`), createdAt: sql.raw(`${alias}.created_at`), withdrawnAt: sql.raw(`${alias}.withdrawn_at`) },
    day,
  );

/** The model was published at the end of `day`: its latest publication change by then published it. */
export const modelPublishedAsOf = (modelId: Column, day: string) =>
  sql`coalesce((select c.kind = 'MODEL_PUBLISHED' from catalog_changes c where c.model_id = ${modelId}
    and c.kind in ('MODEL_PUBLISHED', 'MODEL_RETIRED') and c.at < ${endOfDay(day)} order by c.at desc, c.id desc limit 1), false)`;

/** A model row public at the end of `day` (its provider as public today); today's rule when null. */
export function isPublicModelRowAsOf(row: { id: Column; publication: Column; providerId: Column }, day: string | null): SQL {
  if (day === null) return isPublicModelRow(row);
  return sql`(${modelPublishedAsOf(row.id, day)} and ${publicProviderId(row.providerId)})`;
}

/** Prices (as `p`) in effect on `day` (today when null) and public then: base tier. */
export const basePriceInEffectAsOf = (modelId: SQL, day: string | null) =>
  sql`p.tier_min_tokens = 0 and ${claimAliasPublicAsOf('p', day)} and p.effective_from <= ${day === null ? sql`current_date` : sql`${day}::date`} and p.model_id = ${modelId}`;

/** A model's base-tier price of one kind on `day` (today when null). */
export const priceAsOfSql = (modelId: SQL, kind: 'INPUT' | 'OUTPUT', day: string | null) =>
  sql<number | null>`(select p.usd_per_million_tokens from prices p
    where ${basePriceInEffectAsOf(modelId, day)} and p.kind = ${kind}
    order by p.effective_from desc limit 1)`;

// The day each request reads, by request context: set by the root field, read by the fields beneath.
const requestDays = new WeakMap<object, string | null>();

/** The day this request reads: null for today. */
export const asOfDay = (ctx: object): string | null => requestDays.get(ctx) ?? null;

const badInput = (message: string) => new GraphQLError(message, { extensions: { code: 'BAD_USER_INPUT' } });

// The day the catalog began (its first public change), per app (its catalog cache stands for its
// database: a request's \`db\` may be a connection of its own): the log is append-only, so once known
// it never changes and asking again costs no statement.
const catalogStarts = new WeakMap<object, string>();

async function catalogStart(db: Database, app: object): Promise<string | null> {
  const known = catalogStarts.get(app);
  if (known) return known;
  const [row] = rowsOf<{ day: string | null }>(await db.execute(sql`select (min(at) at time zone 'UTC')::date::text as day from catalog_changes`));
  const day = row?.day ?? null;
  if (day) catalogStarts.set(app, day);
  return day;
}

/**
 * Checks the `asOf` a root field was given and records it for the request's nested fields. A day in
 * the future (after today, UTC) or before the catalog's first public change is refused; so is a
 * second, different day in the same request (its fields would read one of them).
 */
export async function useAsOf(ctx: Context, asOf: string | null | undefined): Promise<string | null> {
  const day = asOf ?? null;
  if (requestDays.has(ctx) && requestDays.get(ctx) !== day) {
    throw badInput('One request reads the catalog as of one day: ask for other days (or today) in separate requests.');
  }
  requestDays.set(ctx, day);
  if (day === null) return null;
  const today = new Date().toISOString().slice(0, 10);
  if (day > today) throw badInput(`asOf ${day} is in the future: the catalog can be read as of today (${today}) or an earlier day.`);
  const start = await catalogStart(ctx.db, ctx.meta);
  if (start === null || day < start) {
    throw badInput(start === null ? 'The catalog has no public history yet to read as of a day.' : `asOf ${day} is before the catalog began (${start}).`);
  }
  return day;
}
