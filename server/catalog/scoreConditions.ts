import { z } from 'zod';
import type { RunBy, SourceKind } from '../../db/schema/index.ts';
import { mayBeEmptyText } from './inputs.ts';

// How a score was obtained (its conditions), who ran it and how sure it is. The human `setting` label
// is derived from the conditions in the grammar the database reads back (score_setting_conditions in
// db/migrations/*_score_conditions), so a label and its columns never disagree.

export interface Conditions {
  harness: string | null;
  benchmarkVersion: string | null;
  shots: number | null;
  passAtK: number | null;
  tools: boolean | null;
  reasoningEffort: string | null;
}

/** The conditions a leaderboard can compare on (the harness is reported, not compared). */
export const comparableConditions = ['benchmarkVersion', 'shots', 'passAtK', 'tools', 'reasoningEffort'] as const;
export type ComparableCondition = (typeof comparableConditions)[number];

export const reasoningEfforts = ['minimal', 'low', 'medium', 'high', 'xhigh', 'max'] as const;

/** Labels keep to what the setting grammar reads: no separators inside a part. */
const labelPart = (max: number) =>
  mayBeEmptyText(max)
    .refine((value) => !/[·,;]/.test(value), 'Cannot contain "·", "," or ";" (they separate the parts of the setting).')
    .nullish();

export const conditionsSchema = z.object({
  harness: labelPart(100),
  benchmarkVersion: labelPart(100),
  shots: z.number().int('A whole number.').min(0, 'Cannot be negative.').max(1000, 'At most 1000.').nullish(),
  passAtK: z.number().int('A whole number.').min(1, 'pass@k starts at k = 1.').max(1000, 'At most 1000.').nullish(),
  tools: z.boolean().nullish(),
  reasoningEffort: z.enum(reasoningEfforts, { message: `One of ${reasoningEfforts.join(', ')}.` }).nullish(),
});

const finite = z.number().refine(Number.isFinite, 'Must be a finite number.');
export const uncertaintySchema = z
  .object({
    stderr: finite.min(0, 'A standard error cannot be negative.').nullish(),
    low: finite.nullish(),
    high: finite.nullish(),
    level: z.number().gt(0, 'A level between 0 and 1 (0.95).').lt(1, 'A level between 0 and 1 (0.95).').nullish(),
    samples: z.number().int('A whole number.').min(1, 'At least 1.').max(1e9, 'Too large.').nullish(),
  })
  .superRefine((value, ctx) => {
    if ((value.low == null) !== (value.high == null)) ctx.addIssue({ code: 'custom', path: [value.low == null ? 'low' : 'high'], message: 'An interval needs both ends.' });
    if (value.low != null && value.high != null && value.low > value.high) ctx.addIssue({ code: 'custom', path: ['low'], message: 'The low end is above the high end.' });
    if (value.level != null && value.low == null) ctx.addIssue({ code: 'custom', path: ['level'], message: 'A level belongs to an interval: give low and high.' });
  });

export type ConditionsInput = z.output<typeof conditionsSchema>;
export type UncertaintyInput = z.output<typeof uncertaintySchema>;

/** The label of a score's conditions, e.g. "version 2.1, 0-shot, pass@1, no tools, high effort, harness Codex". */
export function settingLabel(conditions: Partial<Conditions>, metric?: string | null): string {
  const parts = [
    metric,
    conditions.benchmarkVersion != null && `version ${conditions.benchmarkVersion}`,
    conditions.shots != null && `${conditions.shots}-shot`,
    conditions.passAtK != null && `pass@${conditions.passAtK}`,
    conditions.tools != null && (conditions.tools ? 'with tools' : 'no tools'),
    conditions.reasoningEffort != null && `${conditions.reasoningEffort} effort`,
    conditions.harness != null && `harness ${conditions.harness}`,
  ];
  return parts.filter((part): part is string => typeof part === 'string' && part !== '').join(', ');
}

/** Who ran a result, by default, from the kind of page it is cited from. */
export function runByOfSource(kind: SourceKind | null | undefined): RunBy {
  if (kind === 'INDEPENDENT_LEADERBOARD' || kind === 'BENCHMARK_MAINTAINER') return 'INDEPENDENT';
  if (kind === 'AGGREGATOR_DATASET') return 'AGGREGATOR';
  return 'VENDOR';
}

/** The columns of given conditions and uncertainty (null stays null: "not stated"). */
export function conditionColumns(conditions: ConditionsInput, metric: string | null | undefined) {
  const columns = {
    harness: conditions.harness?.trim() || null,
    benchmarkVersion: conditions.benchmarkVersion?.trim() || null,
    shots: conditions.shots ?? null,
    passAtK: conditions.passAtK ?? null,
    tools: conditions.tools ?? null,
    reasoningEffort: conditions.reasoningEffort ?? null,
    metric: metric?.trim() || null,
  };
  return { ...columns, setting: settingLabel(columns, columns.metric), settingParsed: true };
}

export function uncertaintyColumns(uncertainty: UncertaintyInput | null | undefined) {
  return {
    stderr: uncertainty?.stderr ?? null,
    intervalLow: uncertainty?.low ?? null,
    intervalHigh: uncertainty?.high ?? null,
    intervalLevel: uncertainty?.level ?? null,
    samples: uncertainty?.samples ?? null,
  };
}

/** A version the benchmark does not declare (when it declares any). */
export function versionProblem(benchmark: { name: string; versions: string[] }, version: string | null): string | null {
  if (version === null || benchmark.versions.length === 0 || benchmark.versions.includes(version)) return null;
  return `${benchmark.name} is reported on ${benchmark.versions.map((v) => `"${v}"`).join(', ')}; "${version}" is not one of them.`;
}

const describe: Record<ComparableCondition, (c: Conditions) => string> = {
  benchmarkVersion: (c) => (c.benchmarkVersion === null ? 'no version stated' : `version ${c.benchmarkVersion}`),
  shots: (c) => (c.shots === null ? 'shots not stated' : `${c.shots}-shot`),
  passAtK: (c) => (c.passAtK === null ? 'pass@k not stated' : `pass@${c.passAtK}`),
  tools: (c) => (c.tools === null ? 'tool use not stated' : c.tools ? 'with tools' : 'no tools'),
  reasoningEffort: (c) => (c.reasoningEffort === null ? 'effort not stated' : `${c.reasoningEffort} effort`),
};

/**
 * Why a result is not on a board: how it differs on the conditions the board compares, e.g.
 * "self-reported, 5-shot; this board is 0-shot".
 */
export function exclusionReason(row: Conditions & { runBy: RunBy; settingParsed: boolean; setting: string }, board: Conditions, on: readonly ComparableCondition[]): string {
  const who = row.runBy === 'VENDOR' ? 'self-reported' : row.runBy === 'AGGREGATOR' ? 'copied from a collection' : 'independent';
  if (!row.settingParsed) return `${who}; its setting "${row.setting}" could not be read, so it is compared with nothing until an editor states its conditions`;
  const differs = on.filter((key) => row[key] !== board[key]);
  return `${[who, ...differs.map((key) => describe[key](row))].join(', ')}; this board is ${differs.map((key) => describe[key](board)).join(', ')}`;
}
