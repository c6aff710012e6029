import { sql, type SQL } from 'drizzle-orm';
import { z } from 'zod';
import { rowsOf } from '../../db/client.ts';
import { mayBeEmptyText, parseInput } from '../catalog/inputs.ts';
import { comparableConditions, conditionColumns, conditionsSchema, exclusionReason, settingLabel, type ComparableCondition, type Conditions } from '../catalog/scoreConditions.ts';
import { publicModelId } from '../catalog/visibility.ts';
import { runByValues } from '../../db/schema/index.ts';
import { builder } from './builder.ts';
import { ComparableCondition as ComparableConditionEnum, RunBy, ScoreConditions, ScoreConditionsInput } from './scoreConditions.ts';

// What a score form shows before saving (issue 14): the label its conditions make, the board it would
// join (the benchmark's default: declared, else the conditions most published results share, as
// Benchmark.defaultSetting), and how many published results it is comparable with. One statement.

interface BoardPreviewData {
  setting: string;
  versions: string[];
  comparableOn: ComparableCondition[];
  defaultSetting: string | null;
  defaultConditions: Conditions | null;
  joinsDefaultBoard: boolean;
  reason: string | null;
  comparablePublished: number;
  warning: string | null;
}

const columnOf: Record<ComparableCondition, { column: string; type: string }> = {
  benchmarkVersion: { column: 'benchmark_version', type: 'text' },
  shots: { column: 'shots', type: 'integer' },
  passAtK: { column: 'pass_at_k', type: 'integer' },
  tools: { column: 'tools', type: 'boolean' },
  reasoningEffort: { column: 'reasoning_effort', type: 'text' },
};

const BoardPreview = builder.objectRef<BoardPreviewData>('BoardPreview').implement({
  description: 'Where a score under given conditions would stand, before it is saved (nothing is written).',
  fields: (t) => ({
    setting: t.exposeString('setting', { description: 'The setting label the conditions (and metric) make, as the save would record it.' }),
    versions: t.exposeStringList('versions', { description: "The benchmark's declared versions (empty: free text)." }),
    comparableOn: t.field({ type: [ComparableConditionEnum], description: 'The conditions two results must share to be ranked together.', resolve: (p) => p.comparableOn }),
    defaultSetting: t.exposeString('defaultSetting', {
      nullable: true,
      description: "The default board's setting (Benchmark.defaultSetting: declared, else the one most published results share; null when there is none).",
    }),
    defaultConditions: t.field({
      type: ScoreConditions,
      nullable: true,
      description: "The default board's conditions (what a new score's form starts from); null when there is no default board.",
      resolve: (p) => p.defaultConditions,
    }),
    joinsDefaultBoard: t.exposeBoolean('joinsDefaultBoard', { description: "Whether the score would be ranked on the benchmark's default leaderboard." }),
    reason: t.exposeString('reason', { nullable: true, description: 'Why it would be listed apart from the default board (as leaderboardExcluded would say); null when it joins it.' }),
    comparablePublished: t.exposeInt('comparablePublished', { description: 'Published results obtained under the same comparable conditions.' }),
    warning: t.exposeString('warning', { nullable: true, description: 'Said when no published result is comparable: the score would be ranked alone.' }),
  }),
});

const previewInput = z.object({
  conditions: conditionsSchema.nullish(),
  metric: mayBeEmptyText(100).nullish(),
  runBy: z.enum(runByValues).nullish(),
});

type DefaultRow = { benchmark_version: string | null; shots: number | null; pass_at_k: number | null; tools: boolean | null; reasoning_effort: string | null };

builder.queryField('boardPreview', (t) =>
  t.field({
    type: BoardPreview,
    nullable: true,
    description:
      'For a score being entered: the setting label its conditions make, whether it joins the benchmark’s default board (else why not), and how many published results share its comparable conditions. Writes nothing; signed-in editors only; null for an unknown benchmark.',
    authScopes: { editor: true },
    args: {
      benchmark: t.arg.string({ required: true, description: 'Benchmark slug.' }),
      conditions: t.arg({ type: ScoreConditionsInput }),
      metric: t.arg.string(),
      runBy: t.arg({ type: RunBy, description: 'Who ran it, for the reason it would be listed apart (default: not said).' }),
    },
    resolve: async (_root, args, ctx) => {
      const input = parseInput(previewInput, { conditions: args.conditions, metric: args.metric, runBy: args.runBy });
      const benchmark = await ctx.meta.benchmark(args.benchmark);
      if (!benchmark) return null;
      const given = conditionColumns(input.conditions ?? {}, input.metric);
      const on = comparableConditions.filter((key) => (benchmark.comparableOn ?? []).includes(key));
      const scoreColumns = sql.raw(on.map((key) => `s.${columnOf[key].column}`).join(', '));
      const givenValues = sql.join(
        on.map((key) => sql`${given[key]}::${sql.raw(columnOf[key].type)}`),
        sql`, `,
      );
      const sameConditions: SQL = on.length === 0 ? sql`true` : sql`row(${scoreColumns}) is not distinct from row(${givenValues})`;
      // The default board: the declared setting, else the conditions most published results share.
      const board = benchmark.defaultSetting
        ? sql`select benchmark_version, shots, pass_at_k, tools, reasoning_effort, true as found from score_setting_conditions(${benchmark.defaultSetting})`
        : sql`select benchmark_version, shots, pass_at_k, tools, reasoning_effort, true as found from scores
            where benchmark_id = ${benchmark.id} and status = 'VERIFIED' and setting_parsed and ${publicModelId(sql`model_id`)}
            group by 1, 2, 3, 4, 5 order by count(*) desc, 1, 2, 3, 4, 5 limit 1`;
      const [row] = rowsOf<DefaultRow & { found: boolean; comparable: number }>(
        await ctx.db.execute(sql`
          select b.benchmark_version, b.shots, b.pass_at_k, b.tools, b.reasoning_effort, coalesce(b.found, false) as found,
            (select count(*)::int from scores s where s.benchmark_id = ${benchmark.id} and s.status = 'VERIFIED' and s.setting_parsed
              and ${publicModelId(sql`s.model_id`)} and ${sameConditions}) as comparable
          from (select 1) one left join lateral (${board}) b on true`),
      );
      const defaultConditions: Conditions | null = row?.found
        ? { harness: null, benchmarkVersion: row.benchmark_version, shots: row.shots, passAtK: row.pass_at_k, tools: row.tools, reasoningEffort: row.reasoning_effort }
        : null;
      const joins = defaultConditions !== null && on.every((key) => given[key] === defaultConditions[key]);
      let reason: string | null = null;
      if (defaultConditions && !joins) {
        const full = exclusionReason({ ...given, runBy: input.runBy ?? 'INDEPENDENT', settingParsed: true }, defaultConditions, on);
        // Who ran it is said only when the caller said it.
        reason = input.runBy ? full : full.replace(/^independent(, |; )?/, '');
      }
      const comparablePublished = Number(row?.comparable ?? 0);
      return {
        setting: given.setting,
        versions: benchmark.versions ?? [],
        comparableOn: on,
        defaultSetting: benchmark.defaultSetting ?? (defaultConditions ? settingLabel(defaultConditions) || null : null),
        defaultConditions,
        joinsDefaultBoard: joins,
        reason,
        comparablePublished,
        warning: comparablePublished === 0 ? `No published ${benchmark.name} result was obtained this way: this score will be ranked alone.` : null,
      };
    },
  }),
);
