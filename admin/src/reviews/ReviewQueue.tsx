import { Alert, Box, Chip, Stack, Typography } from '@mui/material';
import { DataTable, DateField, List, SelectInput, usePermissions, type RaRecord } from 'react-admin';
import { can } from '../authProvider';
import { CitationField } from '../citations/CitationField';
import { ClaimEvidence } from '../evidence/ClaimEvidence';
import { PendingRevisions } from './PendingRevisions';
import { RejectButton } from './RejectButton';
import { VerifyButton } from './VerifyButton';

const kinds = [
  { id: 'scores', name: 'Scores' },
  { id: 'prices', name: 'Prices' },
  { id: 'modelFacts', name: 'Quick facts' },
];

const filters = [<SelectInput key="kind" source="kind" choices={kinds} alwaysOn label="Kind" />];

const what = (record: Partial<RaRecord>) => {
  switch (record.resource) {
    case 'scores':
      return `${record.model?.name} · ${record.benchmark?.name}${record.setting ? ` (${record.setting})` : ''}`;
    case 'prices':
      return `${record.model?.name} · ${String(record.kind).toLowerCase().replace('_', ' ')} price`;
    default:
      return `${record.model?.name} · ${String(record.fact ?? '').toLowerCase().replace(/_/g, ' ')}`;
  }
};

const value = (record: Partial<RaRecord>) => {
  if (record.resource === 'scores') return `${record.value}${record.benchmark?.unit === 'PERCENT' ? ' %' : ''}`;
  if (record.resource === 'prices') return `$${record.usdPerMillionTokens} / 1M tokens`;
  return String(record.value);
};

const label = { scores: 'Score', prices: 'Price', modelFacts: 'Fact' } as Record<string, string>;

/** Pending numbers with their citation link and evidence, to check against the source and verify or reject. */
export const ReviewQueue = () => {
  const { permissions } = usePermissions();
  return (
    <>
    <PendingRevisions />
    <List resource="reviews" filters={filters} sort={{ field: 'id', order: 'ASC' }} perPage={25} exporter={false} title="Review queue"
      empty={<Box sx={{ p: 4 }}><Typography>Nothing is waiting for review.</Typography></Box>}>
      {!can.review(permissions) && (
        <Alert severity="info" sx={{ m: 1 }}>
          Your entries wait here until a reviewer checks them against their source. Reviewers verify or reject; nobody verifies their own entry.
        </Alert>
      )}
      <DataTable bulkActionButtons={false} rowClick={false}>
        <DataTable.Col label="Kind" render={(record) => <Chip size="small" label={label[record.resource] ?? record.resource} />} />
        <DataTable.Col label="Number" sx={{ minWidth: 180 }} render={(record) => <Typography variant="body2">{what(record)}</Typography>} />
        <DataTable.Col align="right" source="value" disableSort label="Value" render={(record) => <strong style={{ whiteSpace: 'nowrap' }}>{value(record)}</strong>} />
        <DataTable.Col label="Citation — check it" sx={{ maxWidth: 320 }} render={() => (
          <Stack spacing={1}>
            <CitationField />
            <ClaimEvidence />
          </Stack>
        )} />
        <DataTable.Col source="updatedAt" label="Entered by" render={(record) => (
          <>
            <Typography variant="body2">{record.enteredBy?.email ?? 'the catalog import'}</Typography>
            <DateField source="updatedAt" showTime variant="caption" color="text.secondary" />
          </>
        )} />
        <DataTable.Col label="Decision" render={() => (
          <Stack direction="column" spacing={0.5} sx={{ whiteSpace: 'nowrap', alignItems: 'stretch' }}>
            <VerifyButton />
            <RejectButton />
          </Stack>
        )} />
      </DataTable>
    </List>
    </>
  );
};
