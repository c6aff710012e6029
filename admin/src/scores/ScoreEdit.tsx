import { ClaimEdit } from '../workflow/ClaimEdit';
import type { SummaryLine } from '../workflow/ClaimSummary';
import { runByChoices } from './conditions';
import { ScoreFields } from './ScoreFields';

const units: Record<string, string> = { PERCENT: '%', ELO: ' Elo' };

/** A verified score as text: what the public sees. */
const summary: SummaryLine[] = [
  { label: 'Model', value: (r) => r.model?.name },
  { label: 'Benchmark', value: (r) => r.benchmark?.name },
  { label: 'Value', value: (r) => (r.value == null ? null : `${r.value}${units[r.benchmark?.unit] ?? ''}`) },
  { label: 'How it was obtained', value: (r) => r.setting || null },
  { label: 'Run by', value: (r) => runByChoices.find((choice) => choice.id === r.runBy)?.name ?? (r.runBy || null) },
];

export const ScoreEdit = () => (
  <ClaimEdit title="Score" resource="scores" summary={summary}>
    <ScoreFields locked />
  </ClaimEdit>
);
