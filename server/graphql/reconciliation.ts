import { sql } from 'drizzle-orm';
import type { scores } from '../../db/schema/index.ts';
import { isPublishedRow, publicModelId, verified } from '../catalog/visibility.ts';
import { builder } from './builder.ts';
import { Citation, citationOf } from './citation.ts';
import { RunBy, Uncertainty } from './scoreConditions.ts';

// Every published value of one model on one benchmark, side by side: who ran each, under what
// setting, how sure, how far from the value the catalog shows (the chosen one), and the editors' note
// on why that one was chosen.

type ScoreRow = typeof scores.$inferSelect;

interface Reconciliation {
  chosen: ScoreRow | null;
  values: (ScoreRow & { delta: number | null })[];
  reason: string;
}

const ReconciledValue = builder.objectRef<ScoreRow & { delta: number | null }>('ReconciledValue').implement({
  description: 'One published value in a reconciliation.',
  fields: (t) => ({
    value: t.exposeFloat('value'),
    runBy: t.field({ type: RunBy, resolve: (row) => row.runBy }),
    setting: t.string({ nullable: true, resolve: (row) => row.setting || null }),
    uncertainty: t.field({
      type: Uncertainty,
      nullable: true,
      resolve: (row) => (row.stderr === null && row.intervalLow === null && row.samples === null ? null : row),
    }),
    delta: t.float({ nullable: true, description: 'This value minus the chosen one (null when none is chosen).', resolve: (row) => row.delta }),
    citation: t.field({ type: Citation, resolve: (row) => citationOf(row as never) }),
  }),
});

const ChosenValue = builder.objectRef<ScoreRow>('ChosenValue').implement({
  description: 'The value the catalog shows for the model on the benchmark.',
  fields: (t) => ({
    value: t.exposeFloat('value'),
    runBy: t.field({ type: RunBy, resolve: (row) => row.runBy }),
    setting: t.string({ nullable: true, resolve: (row) => row.setting || null }),
    citation: t.field({ type: Citation, resolve: (row) => citationOf(row as never) }),
  }),
});

const ScoreReconciliation = builder.objectRef<Reconciliation>('ScoreReconciliation').implement({
  description: "Every published value of a model on a benchmark, by source, with the catalog's choice and why.",
  fields: (t) => ({
    chosen: t.field({ type: ChosenValue, nullable: true, resolve: (row) => row.chosen }),
    values: t.field({ type: [ReconciledValue], resolve: (row) => row.values }),
    reason: t.string({ resolve: (row) => row.reason }),
  }),
});

builder.queryField('scoreReconciliation', (t) =>
  t.field({
    type: ScoreReconciliation,
    nullable: true,
    description:
      'Every published value of a model on a benchmark, by source: who ran it, under what setting, how sure, and its difference from the chosen value (the one on the benchmark’s default leaderboard, else the latest verified), with the editors’ reason. Null when the model or benchmark is not public.',
    args: { model: t.arg.string({ required: true }), benchmark: t.arg.string({ required: true }) },
    resolve: async (_root, args, ctx) => {
      const benchmark = await ctx.meta.benchmark(args.benchmark);
      if (!benchmark || !isPublishedRow(benchmark)) return null;
      const rows = await ctx.db.query.scores.findMany({
        where: {
          ...verified,
          benchmarkId: benchmark.id,
          model: { slug: args.model, RAW: (model) => publicModelId(model.id) },
        },
        with: { source: true },
        orderBy: (score) => [sql`${score.verifiedAt} desc nulls last`, sql`${score.id} desc`],
      });
      if (rows.length === 0) {
        const model = await ctx.db.query.models.findFirst({ columns: { id: true }, where: { slug: args.model, RAW: (row) => publicModelId(row.id) } });
        return model ? { chosen: null, values: [], reason: 'No published value yet.' } : null;
      }
      // The chosen value: the one obtained under the board's conditions (its default setting or the most common), else the latest.
      const defaultLabel = benchmark.defaultSetting;
      const chosen = (defaultLabel ? rows.find((row) => row.setting === defaultLabel) : undefined) ?? rows[0]!;
      const reason =
        chosen.note?.trim() ||
        (rows.length === 1 ? 'The only published value.' : 'The latest verified value; the others are published under other conditions or from other sources.');
      return { chosen, values: rows.map((row) => ({ ...row, delta: row.value - chosen.value })), reason };
    },
  }),
);
