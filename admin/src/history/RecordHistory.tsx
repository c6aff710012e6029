import { Alert, Typography } from '@mui/material';
import { useGetIdentity, useGetList, usePermissions, useRecordContext } from 'react-admin';
import { can } from '../authProvider';
import { HistoryVersions } from './HistoryVersions';

/** The record's audit trail: its versions, who made each and when, in words; any two side by side. */
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
  return <HistoryVersions events={data as any} record={record as any} />;
};
