import { Box, Typography } from '@mui/material';
import { DataTable, Link, List, type RaRecord } from 'react-admin';
import { ClaimEvidence } from './ClaimEvidence';
import { Instant } from './HighlightedExcerpt';

const shownValue = (record: Partial<RaRecord>) => {
  if (record.resource === 'scores') return `${record.value}${record.benchmark?.unit === 'PERCENT' ? ' %' : ''}`;
  if (record.resource === 'prices') return `$${record.usdPerMillionTokens} / 1M tokens`;
  return String(record.value);
};

const whatOf = (record: Partial<RaRecord>) => {
  if (record.resource === 'scores') return `${record.benchmark?.name ?? 'Score'}${record.setting ? ` (${record.setting})` : ''}`;
  if (record.resource === 'prices') return `${String(record.kind).toLowerCase().replace(/_/g, ' ')} price`;
  return String(record.fact ?? '').toLowerCase().replace(/_/g, ' ');
};

/** Scores and prices open in their own screens; a fact on its model's page. */
const pathOf = (record: Partial<RaRecord>) => (record.resource === 'modelFacts' ? `/models/${encodeURIComponent(String(record.modelId))}` : `/${record.resource}/${encodeURIComponent(String(record.id))}`);

/** Verified numbers whose page no longer says them (or is due a new look): a reviewer re-checks each. */
export const DriftQueueList = () => (
  <List resource="driftQueue" exporter={false} perPage={25} sort={{ field: 'id', order: 'ASC' }} title="Drift queue"
    empty={<Box sx={{ p: 4 }}><Typography>Every verified number still holds on its page.</Typography></Box>}>
    <DataTable bulkActionButtons={false} rowClick={false}>
      <DataTable.Col label="Model" disableSort render={(record) => <Typography variant="body2">{record.model?.name}</Typography>} />
      <DataTable.Col label="Number" disableSort render={(record) => (
        <Link to={pathOf(record)} onClick={(event: { stopPropagation(): void }) => event.stopPropagation()}>
          {whatOf(record)}
        </Link>
      )} />
      <DataTable.Col label="Value" align="right" disableSort render={(record) => <strong style={{ whiteSpace: 'nowrap' }}>{shownValue(record)}</strong>} />
      <DataTable.Col label="Evidence" disableSort><ClaimEvidence /></DataTable.Col>
      <DataTable.Col label="Last confirmed" disableSort render={(record) => <Typography variant="body2"><Instant value={record.citation?.lastConfirmedAt} /></Typography>} />
    </DataTable>
  </List>
);
