import { GraphQLError } from 'graphql';
import { sql, type SQL } from 'drizzle-orm';
import { z } from 'zod';
import { LRUCache } from 'lru-cache';
import { rowsOf } from '../../db/client.ts';
import type { BenchmarkRow } from '../http/catalogMeta.ts';
import { comparableConditions, exclusionReason, settingLabel, type Conditions } from '../catalog/scoreConditions.ts';
import { isPublishedRow, publicModelId, verified } from '../catalog/visibility.ts';
import type { Context } from '../context.ts';
import { Benchmark } from './benchmark.ts';
import { builder } from './builder.ts';
import { ModelFilter, publicModelCondition } from './modelFilter.ts';
import { asOfDescription } from './modelValues.ts';
import { claimPublicAsOf, useAsOf } from '../catalog/asOf.ts';
import { ComparableCondition as ComparableConditionEnum, RunBy } from './scoreConditions.ts';
import { LeaderboardEntry } from './score.ts';

// Leaderboards that rank only like with like: the rows equal on the benchmark's comparable conditions
// (the board's setting: asked for, else the benchmark's default, else the most common), ranked with
// ties where stated intervals overlap; the other published rows listed apart, each with why.

const comparedOn = (benchmark: BenchmarkRow) => comparableConditions.filter((key) => benchmark.comparableOn.includes(key));

type ConditionRow = { benchmark_version: string | null; shots: number | null; pass_at_k: number | null; tools: boolean | null; reasoning_effort: string | null };
const conditionsOf = (row: ConditionRow): Conditions => ({
  harness: null,
  benchmarkVersion: row.benchmark_version,
  shots: row.shots === null ? null : Number(row.shots),
  passAtK: row.pass_at_k === null ? null : Number(row.pass_at_k),
  tools: row.tools,
  reasoningEffort: row.reasoning_effort,
});

/** Labels read by the database's setting grammar (a pure function of the label), kept: no statement per page. */
const readLabels = new LRUCache<string, { conditions: Conditions | null }>({ max: 2_000 });

/** The conditions a setting label names, or null when the grammar cannot read it. */
async function conditionsOfLabel(ctx: Context, label: string): Promise<Conditions | null> {
  // No words: no conditions stated (the board of results reported as they are).
  if (label.trim() === '') return { harness: null, benchmarkVersion: null, shots: null, passAtK: null, tools: null, reasoningEffort: null };
  const known = readLabels.get(label);
  if (known) return known.conditions;
  const [row] = rowsOf<ConditionRow & { parsed: boolean }>(
    await ctx.db.execute(sql`select benchmark_version, shots, pass_at_k, tools, reasoning_effort, parsed from score_setting_conditions(${label})`),
  );
  const conditions = row?.parsed ? conditionsOf(row) : null;
  readLabels.set(label, { conditions });
  return conditions;
}

/** The conditions most public results on the benchmark share (a benchmark without a declared default). */
async function mostCommonConditions(ctx: Context, benchmark: BenchmarkRow): Promise<Conditions | null> {
  const [row] = rowsOf<ConditionRow>(
    await ctx.db.execute(sql`select benchmark_version, shots, pass_at_k, tools, reasoning_effort from scores
      where benchmark_id = ${benchmark.id} and status = 'VERIFIED' and setting_parsed and ${publicModelId(sql`model_id`)}
      group by 1, 2, 3, 4, 5 order by count(*) desc, 1, 2, 3, 4, 5 limit 1`),
  );
  return row ? conditionsOf(row) : null;
}

/**
 * The board's conditions: the setting asked for (an unreadable one is an error), else the benchmark's
 * declared default, else the most common among public results; null when there is nothing to rank.
 */
async function boardFor(ctx: Context, benchmark: BenchmarkRow, setting: string | null | undefined): Promise<Conditions | null> {
  if (setting != null) {
    const asked = await conditionsOfLabel(ctx, setting);
    if (!asked) {
      throw new GraphQLError(`The setting "${setting.slice(0, 200)}" could not be read: name its conditions, e.g. "0-shot, pass@1, no tools".`, {
        extensions: { code: 'BAD_USER_INPUT' },
      });
    }
    return asked;
  }
  if (benchmark.defaultSetting !== null) {
    const declared = await conditionsOfLabel(ctx, benchmark.defaultSetting);
    if (declared) return declared;
  }
  return mostCommonConditions(ctx, benchmark);
}

type ScoreColumns = Record<'benchmarkVersion' | 'shots' | 'passAtK' | 'tools' | 'reasoningEffort' | 'settingParsed', unknown>;

/**
 * Whether a score row is on the board, as plain equalities (IS NULL for "not stated"), so the board
 * index (benchmark, conditions…, value) walks the board in value order.
 */
function onBoard(benchmark: BenchmarkRow, board: Conditions, score: ScoreColumns): SQL {
  const parts = comparedOn(benchmark).map((key) => (board[key] === null ? sql`${score[key]} is null` : sql`${score[key]} = ${board[key]}`));
  return sql.join([...parts, sql`${score.settingParsed}`], sql` and `);
}

// An interval as stated, else value ± 1.96 standard errors (95%), else the value itself.
type IntervalColumns = Record<'value' | 'stderr' | 'intervalLow' | 'intervalHigh', unknown>;
const lowOf = (score: IntervalColumns) => sql<number>`coalesce(${score.intervalLow}, ${score.value} - 1.96 * ${score.stderr}, ${score.value})`;
const highOf = (score: IntervalColumns) => sql<number>`coalesce(${score.intervalHigh}, ${score.value} + 1.96 * ${score.stderr}, ${score.value})`;

/**
 * Ranks as LMArena does: 1 + the rows clearly ahead (their interval entirely beyond this one's).
 * Rows come best first, so only earlier rows can be clearly ahead; equal values without intervals tie.
 */
export function rankByIntervals<T extends { low: number; high: number; rank?: number }>(rows: T[], higherIsBetter: boolean): T[] {
  rows.forEach((row, i) => {
    let ahead = 0;
    for (let j = 0; j < i; j++) if (higherIsBetter ? rows[j]!.low > row.high : rows[j]!.high < row.low) ahead++;
    row.rank = ahead + 1;
  });
  // A wide interval can rank a lower value level with higher ones: the board reads in rank order (value order within a rank).
  return rows.map((row, i) => ({ row, i })).sort((a, b) => a.row.rank! - b.row.rank! || a.i - b.i).map(({ row }) => row);
}

const publishedBenchmark = async (ctx: Context, slug: string) => {
  const benchmark = await ctx.meta.benchmark(slug);
  return benchmark && isPublishedRow(benchmark) ? benchmark : null;
};

interface BoardArgs {
  benchmark: string;
  first?: number | null;
  // biome-ignore lint/suspicious/noExplicitAny: the ModelFilter input as publicModelCondition takes it
  filter?: any;
  setting?: string | null;
}

// biome-ignore lint/suspicious/noExplicitAny: a query field builder
const boardArgs = (t: any) => ({
  benchmark: t.arg.string({ required: true, description: 'Benchmark slug.' }),
  first: t.arg.int({ defaultValue: 50, validate: z.number().int().min(1).max(500) }),
  filter: t.arg({ type: ModelFilter }),
  setting: t.arg.string({
    description: 'The conditions to rank by, as a setting label ("0-shot, pass@1, no tools"); default: the benchmark’s default setting, else the most common one.',
  }),
});

builder.queryFields((t) => ({
  leaderboard: t.drizzleField({
    type: [LeaderboardEntry],
    description:
      'Published scores on a benchmark obtained under the same conditions (the board’s setting), best first. A row shares the rank of rows whose stated intervals overlap its own (equal values tie); rows under other conditions are in leaderboardExcluded.',
    args: { ...boardArgs(t), asOf: t.arg({ type: 'Date', description: asOfDescription }) },
    resolve: async (query, _parent, rawArgs, ctx) => {
      const args = rawArgs as BoardArgs & { asOf?: string | null };
      // As of a past day: the rows public at its end, of models published then (server/catalog/asOf.ts);
      // the board's conditions and the benchmark are today's.
      const day = await useAsOf(ctx, args.asOf);
      const benchmark = await publishedBenchmark(ctx, args.benchmark);
      // Planned once per benchmark and page size (server/graphql/compiled.ts): only today's board whose
      // conditions the benchmark's row declares (the most common conditions change with the scores).
      if (ctx.planning) {
        const declared = benchmark?.defaultSetting != null && args.setting == null && args.filter == null && day === null;
        if (!declared || !(await conditionsOfLabel(ctx, benchmark.defaultSetting!))) return ctx.planning.decline(), [];
      }
      if (!benchmark) return [];
      const board = await boardFor(ctx, benchmark, args.setting);
      if (!board) return [];
      const direction = sql.raw(benchmark.higherIsBetter ? 'desc' : 'asc');
      const config = query({
        where: {
          benchmarkId: benchmark.id,
          // Today's statement unchanged (the board index serves it); as of a past day, the rows public then.
          ...(day === null ? verified : {}),
          RAW: (score) => (day === null ? onBoard(benchmark, board, score as never) : sql`${claimPublicAsOf(score, day)} and ${onBoard(benchmark, board, score as never)}`),
          model: { RAW: (model) => publicModelCondition(model, args.filter, undefined, false, day) },
        },
        extras: { low: (score) => lowOf(score), high: (score) => highOf(score) },
        orderBy: (score) => [sql`${score.value} ${direction}`, score.id],
        limit: args.first ?? 50,
      });
      const finish = (rows: unknown) => rankByIntervals(rows as { low: number; high: number }[], benchmark.higherIsBetter);
      if (ctx.planning) return ctx.planning.keep('leaderboard', { table: 'scores', mode: 'many', config, finish }), [];
      return finish(await ctx.db.query.scores.findMany(config)) as never;
    },
  }),
  leaderboardExcluded: t.drizzleField({
    type: [ExcludedScore],
    description: 'The published scores on a benchmark that its leaderboard (same arguments) leaves out, each with the reason: obtained under other conditions, or conditions not stated.',
    args: boardArgs(t),
    resolve: async (query, _parent, rawArgs, ctx) => {
      const args = rawArgs as BoardArgs;
      const benchmark = await publishedBenchmark(ctx, args.benchmark);
      if (!benchmark) return [];
      const board = await boardFor(ctx, benchmark, args.setting);
      const direction = sql.raw(benchmark.higherIsBetter ? 'desc' : 'asc');
      const rows = await ctx.db.query.scores.findMany(
        query({
          columns: { setting: true, runBy: true, settingParsed: true, harness: true, benchmarkVersion: true, shots: true, passAtK: true, tools: true, reasoningEffort: true },
          where: {
            benchmarkId: benchmark.id,
            ...verified,
            // IS NOT TRUE: a row with a condition not stated (NULL) where the board states one is off the board, not unknown.
            RAW: (score) => (board ? sql`(${onBoard(benchmark, board, score as never)}) is not true` : sql`true`),
            model: { RAW: (model) => publicModelCondition(model, args.filter) },
          },
          orderBy: (score) => [sql`${score.value} ${direction}`, score.id],
          limit: args.first ?? 50,
        }),
      );
      const on = comparedOn(benchmark);
      return rows.map((row) => ({
        ...row,
        reason: board ? exclusionReason(row as never, board, on) : 'no result on this benchmark is comparable with it yet',
      }));
    },
  }),
}));

const ExcludedScore = builder.drizzleObject('scores', {
  variant: 'ExcludedScore',
  description: 'A published score a leaderboard leaves out, and why.',
  select: {},
  fields: (t) => ({
    value: t.exposeFloat('value'),
    setting: t.string({ nullable: true, select: { columns: { setting: true } }, resolve: (score) => score.setting || null }),
    runBy: t.field({ type: RunBy, select: { columns: { runBy: true } }, resolve: (score) => score.runBy }),
    reason: t.string({ resolve: (score) => (score as unknown as { reason: string }).reason }),
    model: t.relation('model'),
    benchmark: t.relation('benchmark'),
  }),
});

builder.drizzleObjectFields(Benchmark, (t) => ({
  versions: t.stringList({ description: 'The versions (or subsets, splits) results are reported on; empty when it declares none.', resolve: (benchmark) => benchmark.versions ?? [] }),
  defaultSetting: t.string({
    nullable: true,
    description: 'The setting its leaderboard ranks by default: declared, else the one most published results share (null when it has none).',
    resolve: async (benchmark, _args, ctx) => {
      if (benchmark.defaultSetting !== null) return benchmark.defaultSetting;
      const board = await mostCommonConditions(ctx, benchmark as BenchmarkRow);
      return board ? settingLabel(board) : null;
    },
  }),
  comparableOn: t.field({
    type: [ComparableConditionEnum],
    description: 'The conditions on which two results must agree to be ranked together.',
    resolve: (benchmark) => comparableConditions.filter((key) => (benchmark.comparableOn ?? []).includes(key)),
  }),
}));
