import { comparableConditions, reasoningEfforts, type Conditions } from '../catalog/scoreConditions.ts';
import { runByValues } from '../../db/schema/index.ts';
import { builder } from './builder.ts';

// How a score was obtained, who ran it and how sure it is (server/catalog/scoreConditions.ts): the
// types Score and LeaderboardEntry share, and the inputs createScore/updateScore take.

export const RunBy = builder.enumType('RunBy', {
  description: "Who ran the evaluation: the model's maker (VENDOR, self-reported), a third party (INDEPENDENT), or a collection it was copied from (AGGREGATOR).",
  values: runByValues,
});

export const ComparableCondition = builder.enumType('ComparableCondition', { values: comparableConditions });

type ConditionRow = Conditions;

interface UncertaintyRow {
  stderr: number | null;
  intervalLow: number | null;
  intervalHigh: number | null;
  intervalLevel: number | null;
  samples: number | null;
}

export const ScoreConditions = builder.objectRef<ConditionRow>('ScoreConditions').implement({
  description: 'How a score was obtained, each as the source states it (null: not stated).',
  fields: (t) => ({
    harness: t.exposeString('harness', { nullable: true, description: 'The evaluation harness or agent, e.g. "Claude Code", "Mini-SWE-Agent".' }),
    benchmarkVersion: t.exposeString('benchmarkVersion', { nullable: true, description: 'The version, subset or split, e.g. "2.1", "hard-aa".' }),
    shots: t.exposeInt('shots', { nullable: true, description: 'Examples in the prompt (0: zero-shot).' }),
    passAtK: t.exposeInt('passAtK', { nullable: true, description: 'k of pass@k.' }),
    tools: t.exposeBoolean('tools', { nullable: true, description: 'Whether the model could use tools.' }),
    reasoningEffort: t.exposeString('reasoningEffort', { nullable: true, description: `Reasoning effort, e.g. ${reasoningEfforts.join(', ')}.` }),
  }),
});

export const Uncertainty = builder.objectRef<UncertaintyRow>('Uncertainty').implement({
  description: 'How sure a score is, as its source states it.',
  fields: (t) => ({
    stderr: t.exposeFloat('stderr', { nullable: true, description: 'Standard error of the value.' }),
    low: t.exposeFloat('intervalLow', { nullable: true, description: 'Low end of the stated interval.' }),
    high: t.exposeFloat('intervalHigh', { nullable: true, description: 'High end of the stated interval.' }),
    level: t.exposeFloat('intervalLevel', { nullable: true, description: "The interval's confidence level (0.95)." }),
    samples: t.exposeInt('samples', { nullable: true, description: 'Questions, samples or runs the value is over.' }),
  }),
});

const conditionColumns = { harness: true, benchmarkVersion: true, shots: true, passAtK: true, tools: true, reasoningEffort: true } as const;
const uncertaintyColumns = { stderr: true, intervalLow: true, intervalHigh: true, intervalLevel: true, samples: true } as const;

/** The fields a score row shows about how it was obtained (Score, LeaderboardEntry). */
// biome-ignore lint/suspicious/noExplicitAny: shared by two drizzle object builders of the scores table
export const scoreDetailFields = (t: any) => ({
  conditions: t.field({ type: ScoreConditions, select: { columns: conditionColumns }, resolve: (score: ConditionRow) => score }),
  runBy: t.field({ type: RunBy, select: { columns: { runBy: true } }, resolve: (score: { runBy: (typeof runByValues)[number] }) => score.runBy }),
  uncertainty: t.field({
    type: Uncertainty,
    nullable: true,
    description: 'Null when the source states none.',
    select: { columns: uncertaintyColumns },
    resolve: (score: UncertaintyRow) => (score.stderr === null && score.intervalLow === null && score.samples === null ? null : score),
  }),
  metric: t.string({
    nullable: true,
    description: 'What was measured, as the source names it ("percent correct", "resolve rate").',
    select: { columns: { metric: true } },
    resolve: (score: { metric: string | null }) => score.metric,
  }),
  settingParsed: t.boolean({
    description: 'False when the setting is free text the conditions could not be read from: compared with nothing until an editor states them.',
    select: { columns: { settingParsed: true } },
    resolve: (score: { settingParsed: boolean }) => score.settingParsed,
  }),
});

export const ScoreConditionsInput = builder.inputType('ScoreConditionsInput', {
  description: 'How the score was obtained; leave out what the source does not state. The setting label is made from these.',
  fields: (t) => ({
    harness: t.string(),
    benchmarkVersion: t.string({ description: 'One of the benchmark’s declared versions, when it declares any.' }),
    shots: t.int(),
    passAtK: t.int(),
    tools: t.boolean(),
    reasoningEffort: t.string({ description: reasoningEfforts.join(', ') }),
  }),
});

export const UncertaintyInput = builder.inputType('UncertaintyInput', {
  description: 'How sure the score is, as the source states it: a standard error, or an interval at a level, and the sample count.',
  fields: (t) => ({
    stderr: t.float(),
    low: t.float(),
    high: t.float(),
    level: t.float({ description: 'Between 0 and 1, e.g. 0.95.' }),
    samples: t.int(),
  }),
});

/** The input fields createScore and updateScore share. */
// biome-ignore lint/suspicious/noExplicitAny: an input field builder
export const scoreDetailInputFields = (t: any) => ({
  conditions: t.field({ type: ScoreConditionsInput, description: 'How it was obtained (preferred over a free-text setting).' }),
  metric: t.string({ description: 'What was measured, e.g. "percent correct".' }),
  runBy: t.field({ type: RunBy, description: 'Who ran it; by default from the kind of source cited.' }),
  uncertainty: t.field({ type: UncertaintyInput }),
});
