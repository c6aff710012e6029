import { Box, Typography, useMediaQuery, type Theme } from '@mui/material';
import { CreateButton, DataTable, List, SimpleList, TopToolbar, useGetList, type RaRecord } from 'react-admin';
import { kindsText } from './changeKinds';
import { AutoDisabledNotice, WebhookState, isAutoDisabled, when } from './WebhookState';

/** Every auto-disabled webhook, whatever page of the list it is on: admins get no email about it. */
const AutoDisabledNotices = () => {
  const { data } = useGetList('webhooks', { pagination: { page: 1, perPage: 1000 }, filter: { enabled: false } }, { refetchInterval: 15_000 });
  const stopped = (data ?? []).filter(isAutoDisabled);
  if (!stopped.length) return null;
  return (
    <Box sx={{ px: 1, pt: 1 }}>
      {stopped.map((record) => (
        <AutoDisabledNotice key={record.id} record={record} />
      ))}
    </Box>
  );
};

const Empty = () => (
  <Box sx={{ p: 4 }}>
    <Typography sx={{ mb: 2 }}>No webhook yet. A webhook receives each public change (a number published, a price changed…) as a signed POST.</Typography>
    <CreateButton label="Create a webhook" />
  </Box>
);

const failures = (record: RaRecord) => `${record.consecutiveFailures} failed in a row`;

export const WebhookList = () => {
  const narrow = useMediaQuery((theme: Theme) => theme.breakpoints.down('sm'));
  return (
    <List queryOptions={{ refetchInterval: 15_000 }} sort={{ field: 'createdAt', order: 'DESC' }} exporter={false} empty={<Empty />} actions={<TopToolbar><CreateButton /></TopToolbar>}>
      <AutoDisabledNotices />
      {narrow ? (
        <SimpleList
          linkType="show"
          primaryText={(record) => <Box component="span" sx={{ overflowWrap: 'anywhere' }}>{record.url}</Box>}
          secondaryText={(record) => `${record.enabled ? 'Enabled' : 'Disabled'} · ${kindsText(record.kinds)}`}
          tertiaryText={failures}
        />
      ) : (
        <DataTable rowClick="show" bulkActionButtons={false}>
          <DataTable.Col source="url" label="URL" sx={{ overflowWrap: 'anywhere', maxWidth: 360 }} />
          <DataTable.Col source="kinds" label="Kinds" disableSort render={(record) => kindsText(record.kinds)} />
          <DataTable.Col source="enabled" label="State" render={(record) => <WebhookState record={record} />} />
          <DataTable.Col source="lastSuccessAt" label="Last success" render={(record) => when(record.lastSuccessAt)} />
          <DataTable.Col source="lastFailureAt" label="Last failure" render={(record) => when(record.lastFailureAt)} />
          <DataTable.Col source="consecutiveFailures" label="Failures in a row" align="right" />
        </DataTable>
      )}
    </List>
  );
};
