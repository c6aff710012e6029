// How the score form holds a score's conditions, who ran it and its uncertainty, and how they go to
// the API (createScore/updateScore's `conditions`, `metric`, `runBy`, `uncertainty`).

export interface ScoreConditions {
  benchmarkVersion: string | null;
  shots: number | null;
  passAtK: number | null;
  tools: boolean | null;
  reasoningEffort: string | null;
  harness: string | null;
}

export interface ScoreUncertainty {
  stderr: number | null;
  low: number | null;
  high: number | null;
  level: number | null;
  samples: number | null;
}

export const reasoningEfforts = ['minimal', 'low', 'medium', 'high', 'xhigh', 'max'] as const;
export const harnessSuggestions = ['Claude Code', 'Codex', 'Mini-SWE-Agent', 'lm-eval-harness'];

export const runByChoices = [
  { id: 'VENDOR', name: "The model's maker (self-reported)" },
  { id: 'INDEPENDENT', name: 'An independent evaluator' },
  { id: 'AGGREGATOR', name: 'Copied from a collection' },
];

/** Who ran a result, by default, from the kind of page it is cited from (as the API decides). */
export function runByOfSource(kind: string | null | undefined): 'VENDOR' | 'INDEPENDENT' | 'AGGREGATOR' {
  if (kind === 'INDEPENDENT_LEADERBOARD' || kind === 'BENCHMARK_MAINTAINER') return 'INDEPENDENT';
  if (kind === 'AGGREGATOR_DATASET') return 'AGGREGATOR';
  return 'VENDOR';
}

const text = (value: unknown) => (typeof value === 'string' && value.trim() !== '' ? value.trim() : null);
const number = (value: unknown) => (value === null || value === undefined || value === '' || !Number.isFinite(Number(value)) ? null : Number(value));
const flag = (value: unknown) => (typeof value === 'boolean' ? value : null);

/** The form's conditions as the API takes them: blanks are "not stated" (null), keys in one order. */
export function conditionsOf(value: Partial<Record<keyof ScoreConditions, unknown>> | null | undefined): ScoreConditions {
  return {
    benchmarkVersion: text(value?.benchmarkVersion),
    shots: number(value?.shots),
    passAtK: number(value?.passAtK),
    tools: flag(value?.tools),
    reasoningEffort: text(value?.reasoningEffort),
    harness: text(value?.harness),
  };
}

/** The form's uncertainty as the API takes it; null when the source states none. */
export function uncertaintyOf(value: Partial<Record<keyof ScoreUncertainty, unknown>> | null | undefined): ScoreUncertainty | null {
  const result = { stderr: number(value?.stderr), low: number(value?.low), high: number(value?.high), level: number(value?.level), samples: number(value?.samples) };
  return Object.values(result).every((v) => v === null) ? null : result;
}

export const metricOf = (value: unknown) => text(value);

/** The conditions a new score starts from: the benchmark's default board (the harness is not part of a board). */
export function defaultsOf(board: Partial<ScoreConditions> | null | undefined): ScoreConditions {
  return { ...conditionsOf(board), harness: null };
}
