import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { useGetOne } from 'react-admin';
import { useWatch } from 'react-hook-form';
import { BoardPreview as BoardPreviewDocument } from '../dataProvider/documents';
import { graphql, retryWhenTransient } from '../dataProvider/graphqlClient';
import { conditionsOf, metricOf, type ScoreConditions } from './conditions';

export interface BoardPreview {
  /** The slug of the benchmark this preview is of. */
  benchmark: string;
  benchmarkName: string;
  setting: string;
  versions: string[];
  comparableOn: string[];
  defaultSetting: string | null;
  defaultConditions: ScoreConditions | null;
  joinsDefaultBoard: boolean;
  reason: string | null;
  comparablePublished: number;
  warning: string | null;
}

/** `value`, settled for `delay` ms: one preview per pause in typing, not one per key. */
function useSettled<T>(value: T, delay: number): T {
  const key = JSON.stringify(value);
  const [settled, setSettled] = useState(value);
  // biome-ignore lint/correctness/useExhaustiveDependencies: the key stands for the value.
  useEffect(() => {
    const timer = setTimeout(() => setSettled(value), delay);
    return () => clearTimeout(timer);
  }, [key, delay]);
  return settled;
}

/**
 * Where the score in the form would stand (the API's boardPreview): the label its conditions make,
 * the benchmark's default board and whether it joins it, and how many published results are
 * comparable. Asked again as the editor changes the conditions; the inputs and the panel share it.
 */
export function useBoardPreview() {
  const benchmarkId = useWatch({ name: 'benchmarkId' });
  const conditions = useWatch({ name: 'conditions' });
  const metric = useWatch({ name: 'metric' });
  const runBy = useWatch({ name: 'runBy' });
  const { data: benchmark } = useGetOne('benchmarks', { id: benchmarkId }, { enabled: !!benchmarkId });
  const wanted = benchmark?.slug
    ? { benchmark: String(benchmark.slug), name: String(benchmark.name ?? benchmark.slug), conditions: conditionsOf(conditions), metric: metricOf(metric), runBy: runBy || null }
    : null;
  const variables = useSettled(wanted, 300);
  const query = useQuery({
    queryKey: ['scores', 'boardPreview', variables],
    queryFn: async (): Promise<BoardPreview | null> => {
      const { name, ...asked } = variables!;
      const { preview } = await graphql<{ preview: Omit<BoardPreview, 'benchmark' | 'benchmarkName'> | null }>(BoardPreviewDocument, asked);
      return preview && { ...preview, benchmark: asked.benchmark, benchmarkName: name };
    },
    enabled: variables !== null,
    placeholderData: keepPreviousData,
    ...retryWhenTransient,
  });
  return { ...query, benchmarkSlug: wanted?.benchmark ?? null, settled: wanted === null || JSON.stringify(wanted) === JSON.stringify(variables) };
}
