import { Alert, Box, Card, CardContent, Typography } from '@mui/material';
import { useGetIdentity, useGetList, usePermissions, useRecordContext } from 'react-admin';
import { can } from '../authProvider';
import { DiffView } from './DiffView';

const actions: Record<string, string> = {
  CREATE: 'created',
  UPDATE: 'changed',
  SUBMIT: 'submitted for review',
  VERIFY: 'verified',
  REJECT: 'rejected',
  RETIRE: 'retired',
  SUPERSEDE: 'superseded',
  IMPORT: 'imported',
};

const describe = (action: string) => actions[action] ?? action.replace(/_/g, ' ').toLowerCase();

/** The record's audit trail: who did what and when, with the changed fields before and after. */
export const RecordHistory = () => {
  const record = useRecordContext();
  const { permissions } = usePermissions();
  const { identity } = useGetIdentity();
  // Editors read the history of the numbers they entered (the API allows the same, no more).
  const allowed = can.readAudit(permissions) || (!!identity && record?.enteredBy?.id === identity.id);
  const { data, isPending, error } = useGetList(
    'auditEvents',
    { filter: { entityId: record?.id }, pagination: { page: 1, perPage: 100 }, sort: { field: 'at', order: 'DESC' } },
    { enabled: !!record?.id && allowed },
  );
  if (!allowed) return <Alert severity="info">The audit trail is open to reviewers and admins; editors read the history of the numbers they entered.</Alert>;
  if (isPending) return <Typography color="text.secondary">Loading the history…</Typography>;
  if (error) return <Alert severity="warning">The history could not be loaded: {String((error as Error).message)}</Alert>;
  if (!data?.length) return <Typography color="text.secondary">No recorded changes yet.</Typography>;
  return (
    <Box sx={{ display: 'flex', flexDirection: 'column', gap: 1.5, width: '100%' }} data-testid="record-history">
      {data.map((event) => (
        <Card key={event.id} variant="outlined">
          <CardContent sx={{ '&:last-child': { pb: 1.5 } }}>
            <Typography variant="body2" sx={{ mb: 1 }}>
              <strong>{event.actor?.email ?? (event.action === 'IMPORT' ? 'catalog:import' : 'system')}</strong> {describe(event.action)} this {event.entityType?.toLowerCase?.() ?? 'record'} on{' '}
              {new Date(event.at).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' })}
            </Typography>
            <DiffView diff={event.diff} />
          </CardContent>
        </Card>
      ))}
    </Box>
  );
};
