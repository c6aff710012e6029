import { Box, Typography } from '@mui/material';
import { DataTable, ReferenceManyField, useRecordContext } from 'react-admin';
import { StatusChip } from '../workflow/StatusChip';

/** Every number citing this source, whatever its workflow status, with the locator it gives. */
export const CitingNumbers = () => {
  const record = useRecordContext();
  if (!record) return null;
  return (
    <>
      <Box data-testid="citing-scores" sx={{ width: '100%' }}>
        <Typography variant="subtitle1" sx={{ fontWeight: 600 }}>Scores citing this source</Typography>
        <ReferenceManyField reference="scores" target="sourceId" perPage={50} sort={{ field: 'id', order: 'ASC' }}
          empty={<Typography variant="body2" color="text.secondary">No score cites it.</Typography>}>
          <DataTable rowClick="edit" bulkActionButtons={false}>
            <DataTable.Col source="model.name" label="Model" />
            <DataTable.Col source="benchmark.name" label="Benchmark" />
            <DataTable.NumberCol source="value" />
            <DataTable.Col source="citation.locator" label="Where" />
            <DataTable.Col source="status"><StatusChip /></DataTable.Col>
          </DataTable>
        </ReferenceManyField>
      </Box>
      <Box data-testid="citing-prices" sx={{ width: '100%' }}>
        <Typography variant="subtitle1" sx={{ fontWeight: 600, mt: 2 }}>Prices citing this source</Typography>
        <ReferenceManyField reference="prices" target="sourceId" perPage={50} sort={{ field: 'id', order: 'ASC' }}
          empty={<Typography variant="body2" color="text.secondary">No price cites it.</Typography>}>
          <DataTable rowClick="edit" bulkActionButtons={false}>
            <DataTable.Col source="model.name" label="Model" />
            <DataTable.Col source="kind" />
            <DataTable.NumberCol source="usdPerMillionTokens" label="USD / 1M tokens" />
            <DataTable.Col source="citation.locator" label="Where" />
            <DataTable.Col source="status"><StatusChip /></DataTable.Col>
          </DataTable>
        </ReferenceManyField>
      </Box>
      <Box data-testid="citing-facts" sx={{ width: '100%' }}>
        <Typography variant="subtitle1" sx={{ fontWeight: 600, mt: 2 }}>Quick facts citing this source</Typography>
        <ReferenceManyField reference="modelFacts" target="sourceId" perPage={50} sort={{ field: 'id', order: 'ASC' }}
          empty={<Typography variant="body2" color="text.secondary">No quick fact cites it.</Typography>}>
          <DataTable rowClick={false} bulkActionButtons={false}>
            <DataTable.Col source="model.name" label="Model" />
            <DataTable.Col source="fact" render={(fact) => String(fact.fact).toLowerCase().replace(/_/g, ' ')} />
            <DataTable.Col source="value" />
            <DataTable.Col source="citation.locator" label="Where" />
            <DataTable.Col source="status"><StatusChip /></DataTable.Col>
          </DataTable>
        </ReferenceManyField>
      </Box>
    </>
  );
};
