import AddIcon from '@mui/icons-material/Add';
import { Box, Typography } from '@mui/material';
import { Button, DataTable, ReferenceManyField, useListContext, useRecordContext, useCreatePath, type RaRecord } from 'react-admin';
import { Link } from 'react-router-dom';
import { CitationField } from '../citations/CitationField';
import { StatusChip } from '../workflow/StatusChip';
import { useReturnHere } from '../forms/returnTo';

const AddButton = ({ resource, label }: { resource: string; label: string }) => {
  const record = useRecordContext();
  const createPath = useCreatePath();
  const returnHere = useReturnHere();
  if (!record) return null;
  const to = `${createPath({ resource, type: 'create' })}?source=${encodeURIComponent(JSON.stringify({ modelId: record.id }))}`;
  return <Button component={Link} to={to} state={returnHere} label={label} startIcon={<AddIcon />} />;
};

const waiting: Record<string, string> = { PENDING_REVIEW: 'waiting for review', DRAFT: 'draft, not submitted yet' };
const slotOf: Record<string, (entry: RaRecord) => string> = {
  scores: (entry) => `${entry.benchmark?.id}|${entry.setting ?? ''}`,
  prices: (entry) => `${entry.kind}|${entry.tierMinTokens}`,
};

/**
 * A number as it stands: an open one says so inline ("68.1 — waiting for review") and, when a value is
 * published in the same slot (benchmark and setting; price kind and tier), names it ("published: 64").
 */
const ValueWithState = ({ source, resource }: { source: string; resource: 'scores' | 'prices'; label?: string }) => {
  const record = useRecordContext();
  const { data } = useListContext();
  if (!record) return null;
  const state = waiting[record.status];
  const published = state
    ? (data ?? [])
        .filter((entry) => entry.status === 'VERIFIED' && slotOf[resource]!(entry) === slotOf[resource]!(record))
        .sort((a, b) => String(b.effectiveFrom ?? '').localeCompare(String(a.effectiveFrom ?? '')))[0]
    : undefined;
  return (
    <Box component="span" sx={{ whiteSpace: 'nowrap' }}>
      {String(record[source])}
      {state && (
        <Typography component="span" variant="body2" color="warning.dark" data-testid="proposed-value">
          {' '}
          — {state}
          {published && published[source] !== record[source] ? ` (published: ${published[source]})` : ''}
        </Typography>
      )}
    </Box>
  );
};

/** Every score of this model (drafts, pending, published, superseded), with its citation. */
export const ModelScores = () => (
  <Box sx={{ width: '100%' }}>
    <Box sx={{ display: 'flex', alignItems: 'center', mb: 1 }}>
      <Typography variant="subtitle1" sx={{ fontWeight: 600, flex: 1 }}>Benchmark scores</Typography>
      <AddButton resource="scores" label="Add a score" />
    </Box>
    <ReferenceManyField reference="scores" target="modelId" perPage={100} sort={{ field: 'id', order: 'DESC' }}
      empty={<Typography variant="body2" color="text.secondary">No scores yet.</Typography>}>
      <DataTable rowClick="edit" bulkActionButtons={false}>
        <DataTable.Col source="benchmark.name" label="Benchmark" />
        <DataTable.Col source="setting" />
        <DataTable.Col source="value" align="right"><ValueWithState source="value" resource="scores" /></DataTable.Col>
        <DataTable.Col label="Citation"><CitationField /></DataTable.Col>
        <DataTable.Col source="status"><StatusChip /></DataTable.Col>
      </DataTable>
    </ReferenceManyField>
  </Box>
);

export const ModelPrices = () => (
  <Box sx={{ width: '100%' }}>
    <Box sx={{ display: 'flex', alignItems: 'center', mb: 1 }}>
      <Typography variant="subtitle1" sx={{ fontWeight: 600, flex: 1 }}>Prices (USD per 1M tokens)</Typography>
      <AddButton resource="prices" label="Add a price" />
    </Box>
    <ReferenceManyField reference="prices" target="modelId" perPage={100} sort={{ field: 'id', order: 'DESC' }}
      empty={<Typography variant="body2" color="text.secondary">No prices yet.</Typography>}>
      <DataTable rowClick="edit" bulkActionButtons={false}>
        <DataTable.Col source="kind" />
        <DataTable.Col source="usdPerMillionTokens" label="USD / 1M" align="right"><ValueWithState source="usdPerMillionTokens" resource="prices" /></DataTable.Col>
        <DataTable.NumberCol source="tierMinTokens" label="From tokens" />
        <DataTable.Col source="effectiveFrom" label="Effective from" />
        <DataTable.Col label="Citation"><CitationField /></DataTable.Col>
        <DataTable.Col source="status"><StatusChip /></DataTable.Col>
      </DataTable>
    </ReferenceManyField>
  </Box>
);
