import AddIcon from '@mui/icons-material/Add';
import { Box, Typography } from '@mui/material';
import { Button, DataTable, ReferenceManyField, useRecordContext, useCreatePath } from 'react-admin';
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
        <DataTable.NumberCol source="value" />
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
        <DataTable.NumberCol source="usdPerMillionTokens" label="USD / 1M" />
        <DataTable.NumberCol source="tierMinTokens" label="From tokens" />
        <DataTable.Col source="effectiveFrom" label="Effective from" />
        <DataTable.Col label="Citation"><CitationField /></DataTable.Col>
        <DataTable.Col source="status"><StatusChip /></DataTable.Col>
      </DataTable>
    </ReferenceManyField>
  </Box>
);
