import { Box, Chip, Stack, Typography } from '@mui/material';
import { useQuery } from '@tanstack/react-query';
import { useListContext } from 'react-admin';
import { ReviewQueueSources } from '../dataProvider/documents';
import { graphql } from '../dataProvider/graphqlClient';
import { sourceKindName } from './describe';

interface Batch {
  id: string;
  title: string;
  kind: string;
  count: number;
}

interface QueueSources {
  reviewQueue: { totalCount: number; edges: { node: { citation: { source: { id: string; title: string; kind: string } | null } | null } }[] };
}

/** The queue's oldest 100 numbers grouped by the source they cite, largest batch first. */
function batches(data: QueueSources): { batches: Batch[]; counted: number; total: number } {
  const bySource = new Map<string, Batch>();
  for (const { node } of data.reviewQueue.edges) {
    const source = node.citation?.source;
    if (!source) continue;
    const batch = bySource.get(source.id) ?? { id: source.id, title: source.title, kind: source.kind, count: 0 };
    batch.count += 1;
    bySource.set(source.id, batch);
  }
  const sorted = [...bySource.values()].sort((a, b) => b.count - a.count || a.title.localeCompare(b.title));
  return { batches: sorted, counted: data.reviewQueue.edges.length, total: data.reviewQueue.totalCount };
}

/**
 * The queue by source: a chip per source with how many of its numbers wait. Choosing one narrows the
 * queue to that batch (numbers entered from one page are checked against it together).
 */
export const SourceBatches = () => {
  const { filterValues, setFilters, data: shown } = useListContext();
  const { data } = useQuery({ queryKey: ['reviews', 'queueSources'], queryFn: () => graphql<QueueSources>(ReviewQueueSources, {}) });
  if (!data) return null;
  const { batches: all, counted, total } = batches(data);
  const chosen: string | undefined = filterValues.sourceId;
  const choose = (sourceId: string | undefined) => {
    const { sourceId: _dropped, ...others } = filterValues;
    setFilters(sourceId ? { ...others, sourceId } : others, undefined, false);
  };
  if (!all.length) return null;
  const chosenTitle = chosen && !all.some((batch) => batch.id === chosen) ? shown?.[0]?.citation?.source?.title : null;
  return (
    <Box component="nav" aria-label="Batches by source" sx={{ px: 1, pb: 1 }}>
      <Typography variant="caption" color="text.secondary" component="p" sx={{ mb: 0.5 }}>
        By source{total > counted ? ` (the oldest ${counted} of ${total})` : ''}: choose one to review its batch together.
      </Typography>
      <Stack direction="row" sx={{ flexWrap: 'wrap', gap: 0.5 }}>
        {chosen && (
          <Chip size="small" label="Every source" variant="outlined" onClick={() => choose(undefined)} />
        )}
        {chosenTitle && <Chip size="small" color="primary" label={chosenTitle} aria-pressed="true" onDelete={() => choose(undefined)} />}
        {all.slice(0, 12).map((batch) => (
          <Chip
            key={batch.id}
            size="small"
            color={batch.id === chosen ? 'primary' : 'default'}
            variant={batch.id === chosen ? 'filled' : 'outlined'}
            aria-pressed={batch.id === chosen}
            title={sourceKindName(batch.kind)}
            label={`${batch.title} · ${batch.count}`}
            onClick={() => choose(batch.id === chosen ? undefined : batch.id)}
            sx={{ maxWidth: '100%', height: 'auto', minHeight: 24, '& .MuiChip-label': { whiteSpace: 'normal', overflowWrap: 'anywhere' } }}
          />
        ))}
      </Stack>
    </Box>
  );
};
