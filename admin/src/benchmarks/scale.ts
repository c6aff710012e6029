export interface BenchmarkScale {
  scaleMin: number;
  scaleMax: number;
  unit?: string;
  higherIsBetter?: boolean;
}

const unitSymbols: Record<string, string> = { PERCENT: '%', ELO: ' Elo', INDEX: '', SCORE: '', COUNT: '' };

export const formatScale = (b: BenchmarkScale) =>
  `${b.scaleMin}–${b.scaleMax}${unitSymbols[b.unit ?? ''] ?? ''}, ${b.higherIsBetter === false ? 'lower' : 'higher'} is better`;

export const units = [
  { id: 'PERCENT', name: 'Percent' },
  { id: 'SCORE', name: 'Score' },
  { id: 'INDEX', name: 'Index' },
  { id: 'ELO', name: 'Elo rating' },
  { id: 'COUNT', name: 'Count' },
];

export const categories = ['REASONING', 'KNOWLEDGE', 'MATH', 'CODING', 'AGENTIC', 'MULTIMODAL', 'LONG_CONTEXT', 'SAFETY', 'COMPOSITE', 'OTHER'].map((id) => ({
  id,
  name: id.charAt(0) + id.slice(1).toLowerCase().replace('_', ' '),
}));
