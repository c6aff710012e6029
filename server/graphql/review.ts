import { resolveOffsetConnection } from '@pothos/plugin-relay';
import { sql, type SQL } from 'drizzle-orm';
import { rowsOf } from '../../db/client.ts';
import type { ClaimStatus } from '../../db/schema/index.ts';
import { claimKindOfEntry, claimKinds, type ClaimKind } from '../catalog/claimKinds.ts';
import { rowIdOf } from '../catalog/ids.ts';
import type { Context } from '../context.ts';
import { builder } from './builder.ts';
import { Claim, loadClaims } from './claim.ts';
import { ClaimStatus as ClaimStatusEnum, PriceKind } from './enums.ts';
import { Score } from './score.ts';
import { Model } from './model.ts';
import { Benchmark } from './benchmark.ts';
import { verified } from '../catalog/visibility.ts';

/** Claims matching a condition across the three tables, oldest first, one page at a time. */
function claimRefs(where: (table: string) => SQL) {
  const union = sql.join(
    Object.entries(claimKinds).map(
      ([kind, { tableName }]) => sql`select ${kind}::text as kind, id, created_at from ${sql.raw(tableName)} where ${where(tableName)}`,
    ),
    sql` union all `,
  );
  return {
    async page(ctx: Context, limit: number, offset: number, newestFirst = false) {
      const order = newestFirst ? sql`created_at desc, kind desc, id desc` : sql`created_at, kind, id`;
      const result = await ctx.db.execute(sql`select kind, id from (${union}) c order by ${order} limit ${limit} offset ${offset}`);
      const rows = rowsOf<{ kind: ClaimKind; id: number }>(result);
      return loadClaims(ctx, rows.map((row) => ({ kind: row.kind, id: Number(row.id) })));
    },
    async count(ctx: Context) {
      const result = await ctx.db.execute(sql`select count(*)::int as n from (${union}) c`);
      return Number(rowsOf<{ n: number }>(result)[0]?.n ?? 0);
    },
  };
}

/** Editor lists are offset-paginated and say how many there are in all. */
const totalCountField = {
  fields: (tc: any) => ({ totalCount: tc.int({ resolve: (connection: { totalCount: number }) => connection.totalCount }) }),
};

const statusIs = (status: ClaimStatus) => () => sql`status = ${status}`;

/** A verified number whose evidence speaks against it, or whose last confirmation is too old (DRIFT_*_AFTER_DAYS). */
const driftCondition = (ctx: Context) => (table: string) => {
  const days = ctx.driftAfterDays[table as keyof Context['driftAfterDays']] ?? null;
  const due = days === null ? sql`false` : sql`coalesce(last_confirmed_at, verified_at, created_at) < now() - make_interval(days => ${days})`;
  return sql`status = 'VERIFIED' and (evidence_status in ('NOT_FOUND', 'PAGE_CHANGED', 'UNREACHABLE') or ${due})`;
};

const claimConnection = (
  t: any,
  options: {
    description: string;
    scope: 'editor' | 'reviewer';
    where: (args: any, ctx: Context) => (table: string) => SQL;
    args?: object;
    newestFirst?: (args: any) => boolean;
  },
) =>
  t.connection(
    {
      type: Claim,
      description: options.description,
      authScopes: { [options.scope]: true },
      args: options.args ?? {},
      resolve: async (_root: unknown, args: any, ctx: Context) => {
        const refs = claimRefs(options.where(args, ctx));
        const [connection, totalCount] = await Promise.all([
          resolveOffsetConnection({ args, defaultSize: 20, maxSize: 100 }, ({ limit, offset }) =>
            refs.page(ctx, limit, offset, options.newestFirst?.(args) ?? false),
          ),
          refs.count(ctx),
        ]);
        return { ...connection, totalCount };
      },
    },
    totalCountField,
  );

builder.queryFields((t) => ({
  reviewQueue: claimConnection(t, {
    description: 'Scores, prices and model facts waiting for review, oldest first. Reviewers only.',
    scope: 'reviewer',
    where: () => statusIs('PENDING_REVIEW'),
  }),
  driftQueue: claimConnection(t, {
    description:
      'Verified numbers whose evidence no longer holds (NOT_FOUND, PAGE_CHANGED, UNREACHABLE) or whose re-check is due (not confirmed for DRIFT_*_AFTER_DAYS: by default prices 30 days, scores 180, facts never), oldest first. Reviewers only.',
    scope: 'reviewer',
    where: (_args, ctx) => driftCondition(ctx),
  }),
  drafts: claimConnection(t, {
    description: 'Draft scores, prices and model facts of every editor, oldest first.',
    scope: 'editor',
    where: () => statusIs('DRAFT'),
  }),
  myEntries: claimConnection(t, {
    description: 'The scores, prices and model facts you entered, in any state, oldest first.',
    scope: 'editor',
    args: { status: t.arg({ type: ClaimStatusEnum }) },
    where: (args, ctx) => () =>
      args.status ? sql`created_by = ${ctx.viewer!.id} and status = ${args.status}` : sql`created_by = ${ctx.viewer!.id}`,
  }),
}));


const EntryKind = builder.enumType('EntryKind', { values: ['SCORE', 'PRICE', 'MODEL_FACT'] as const });

const EntryFilter = builder.inputType('EntryFilter', {
  description: 'Conditions on sourced numbers; all given conditions apply.',
  fields: (t) => ({
    kind: t.field({ type: EntryKind }),
    status: t.field({ type: ClaimStatusEnum }),
    model: t.id({ description: 'Global ID of a Model.' }),
    benchmark: t.id({ description: 'Global ID of a Benchmark (scores only).' }),
    source: t.id({ description: 'Global ID of a Source: the entries citing it.' }),
    priceKind: t.field({ type: PriceKind, description: 'Prices of this kind only (input, output, cached input…).' }),
  }),
});

/** SQL for an EntryFilter on one claim table (`false` for tables the filter rules out). */
function entryCondition(filter: typeof EntryFilter.$inferInput | null | undefined): (table: string) => SQL {
  const model = filter?.model ? rowIdOf(String(filter.model), 'Model').id : null;
  const benchmark = filter?.benchmark ? rowIdOf(String(filter.benchmark), 'Benchmark').id : null;
  const source = filter?.source ? rowIdOf(String(filter.source), 'Source').id : null;
  return (table) => {
    if (filter?.kind && claimKinds[claimKindOfEntry[filter.kind]].tableName !== table) return sql`false`;
    if (benchmark !== null && table !== 'scores') return sql`false`;
    if (filter?.priceKind && table !== 'prices') return sql`false`;
    const conditions: SQL[] = [sql`true`];
    if (filter?.status) conditions.push(sql`status = ${filter.status}`);
    if (model !== null) conditions.push(sql`model_id = ${model}`);
    if (benchmark !== null) conditions.push(sql`benchmark_id = ${benchmark}`);
    if (source !== null) conditions.push(sql`source_id = ${source}`);
    if (filter?.priceKind) conditions.push(sql`kind = ${filter.priceKind}`);
    return sql.join(conditions, sql` and `);
  };
}

builder.queryFields((t) => ({
  entries: claimConnection(t, {
    description:
      "Scores, prices and model facts in any state (the editors' lists): by kind, status, model, benchmark or cited source. Oldest first unless newestFirst.",
    scope: 'editor',
    args: { filter: t.arg({ type: EntryFilter }), newestFirst: t.arg.boolean() },
    where: (args) => entryCondition(args.filter),
    newestFirst: (args) => !!args.newestFirst,
  }),
}));


// Disagreements: the same model and benchmark under the same conditions, with values from different
// sources that differ beyond their stated uncertainty.
interface DisagreementRow {
  modelId: number;
  benchmarkId: number;
  setting: string;
  scoreIds: number[];
}

const ScoreDisagreement = builder.objectRef<DisagreementRow>('ScoreDisagreement').implement({
  description:
    'Sources that give different values for the same model and benchmark under the same conditions, beyond their stated uncertainty. All are kept; the public sees the verified one.',
  fields: (t) => ({
    model: t.field({
      type: Model,
      resolve: async (row, _args, ctx) => (await ctx.db.query.models.findFirst({ where: { id: row.modelId } })) as never,
    }),
    benchmark: t.field({
      type: Benchmark,
      resolve: async (row, _args, ctx) => (await ctx.db.query.benchmarks.findFirst({ where: { id: row.benchmarkId } })) as never,
    }),
    setting: t.string({ nullable: true, resolve: (row) => row.setting || null }),
    scores: t.field({
      type: [Score],
      description: 'Every competing entry (draft, pending, verified or superseded), oldest first.',
      resolve: (row, _args, ctx) => loadClaims(ctx, row.scoreIds.map((id) => ({ kind: 'Score' as const, id }))) as never,
    }),
    chosen: t.field({
      type: Score,
      nullable: true,
      description: 'The verified score the public sees, if one was chosen.',
      resolve: async (row, _args, ctx) =>
        ((await ctx.db.query.scores.findFirst({ where: { id: { in: row.scoreIds }, ...verified } })) ?? null) as never,
    }),
  }),
});

builder.queryFields((t) => ({
  disagreements: t.connection(
    {
      type: ScoreDisagreement,
      description: 'Scores on which sources disagree (comparable conditions, values apart beyond their stated uncertainty), for reviewers to choose and auditors to see.',
      authScopes: { reviewer: true },
      resolve: async (_root, args, ctx) => {
        // Comparable results (same conditions: server/catalog/scoreConditions.ts) from different sources
        // whose values differ beyond what they state of their uncertainty (their intervals do not all overlap).
        const groups = sql`select model_id, benchmark_id, min(setting) as setting, array_agg(id order by created_at, id) as score_ids
          from scores where status not in ('REJECTED', 'RETIRED') and setting_parsed
          group by model_id, benchmark_id, benchmark_version, shots, pass_at_k, tools, reasoning_effort
          having count(distinct source_id) > 1 and count(distinct value) > 1
            and max(coalesce(interval_low, value - 1.96 * stderr, value)) > min(coalesce(interval_high, value + 1.96 * stderr, value))`;
        const [connection, total] = await Promise.all([
          resolveOffsetConnection({ args, defaultSize: 20, maxSize: 100 }, async ({ limit, offset }) => {
            const rows = rowsOf<{ model_id: number; benchmark_id: number; setting: string; score_ids: number[] | string }>(
              await ctx.db.execute(sql`${groups} order by model_id, benchmark_id, setting limit ${limit} offset ${offset}`),
            );
            return rows.map((row) => ({
              modelId: Number(row.model_id),
              benchmarkId: Number(row.benchmark_id),
              setting: row.setting,
              scoreIds: parseIntArray(row.score_ids),
            }));
          }),
          ctx.db.execute(sql`select count(*)::int as n from (${groups}) g`),
        ]);
        return { ...connection, totalCount: Number(rowsOf<{ n: number }>(total)[0]?.n ?? 0) };
      },
    },
    totalCountField as never,
  ),
}));

/** postgres.js returns int[] as an array; PGlite as an array too, but be liberal with '{1,2}'. */
function parseIntArray(value: number[] | string): number[] {
  if (Array.isArray(value)) return value.map(Number);
  return value.replace(/[{}]/g, '').split(',').filter(Boolean).map(Number);
}
