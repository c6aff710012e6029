import { Alert } from '@mui/material';
import { useRef } from 'react';
import { NumberInput, required, useGetOne, type Validator } from 'react-admin';
import { useWatch } from 'react-hook-form';
import { formatScale, type BenchmarkScale } from '../benchmarks/scale';

/** Why a value is refused: the benchmark's own scale, named. */
export function outsideScale(value: number, benchmark: BenchmarkScale & { name?: string }): string | undefined {
  if (value < benchmark.scaleMin || value > benchmark.scaleMax) {
    return `${benchmark.name ?? 'This benchmark'} is scored from ${benchmark.scaleMin} to ${benchmark.scaleMax}; ${value} is outside its scale.`;
  }
  return undefined;
}

/**
 * The score's value, checked against the scale of the benchmark picked in the same form. The scale
 * is shown before typing, and a value outside it cannot be saved (the API refuses it too).
 */
export const ScoreValueInput = ({ benchmarkSource = 'benchmarkId' }: { benchmarkSource?: string }) => {
  const benchmarkId = useWatch({ name: benchmarkSource });
  const { data: benchmark } = useGetOne('benchmarks', { id: benchmarkId }, { enabled: !!benchmarkId });
  const current = useRef<typeof benchmark>(undefined);
  current.current = benchmark;
  // Validators are registered once; the ref lets this one see the benchmark picked later.
  const withinScale = useRef<Validator>((value) => {
    const b = current.current;
    if (value == null || value === '' || !b) return undefined;
    return outsideScale(Number(value), b as BenchmarkScale & { name?: string });
  }).current;
  return (
    <>
      {benchmark ? (
        <Alert severity="info" variant="outlined" sx={{ mb: 1, width: '100%', maxWidth: 720 }} data-testid="benchmark-scale">
          <strong>{benchmark.name}</strong> scale: {formatScale(benchmark as BenchmarkScale)}
        </Alert>
      ) : null}
      <NumberInput
        source="value"
        validate={[required('Enter the score as the source publishes it.'), withinScale]}
        // No min/max attributes: the browser's own bubble would repeat the refusal in other words.
        step="any"
        helperText={benchmark ? `Between ${benchmark.scaleMin} and ${benchmark.scaleMax}` : 'Pick the benchmark first to see its scale'}
      />
    </>
  );
};
