import { Box, Link, Typography } from '@mui/material';
import { AutocompleteArrayInput, DataTable, DateField, List, SelectInput, TextInput, TopToolbar, useRecordContext } from 'react-admin';
import { Link as RouterLink } from 'react-router-dom';
import { ListTools } from '../exports/ListTools';
import { ChangeLines } from '../history/ChangeLines';
import { type AuditEventRecord, auditActions, describeAction, fieldName, isShown } from '../history/format';
import { kindOf, type References } from '../history/references';

const entityTypes = ['Model', 'Provider', 'ModelFamily', 'Benchmark', 'Source', 'Score', 'Price', 'ModelFact', 'User', 'SiteText', 'Digest', 'Webhook'].map((id) => ({
  id,
  name: kindOf(id).replace(/^./, (first) => first.toUpperCase()),
}));

const filters = [
  <SelectInput key="entityType" source="entityType" label="Record type" choices={entityTypes} alwaysOn />,
  <AutocompleteArrayInput key="actions" source="actions" label="Actions" choices={auditActions} alwaysOn helperText={false} sx={{ minWidth: 260 }} />,
  <TextInput key="actor" source="actor" label="By (part of an email)" alwaysOn helperText={false} />,
];

type Event = AuditEventRecord & { references?: References };

/** The changed record by name, linked to its page; an account by its email; never an id. */
export const RecordName = ({ event }: { event: Event }) => {
  const reference = event.entityId ? event.references?.[event.entityId] : undefined;
  if (reference?.path) return <Link component={RouterLink} to={reference.path} onClick={(click) => click.stopPropagation()}>{reference.label}</Link>;
  if (reference) return <>{reference.label}</>;
  if (event.entityType === 'User' && event.actor && event.entityId === event.actor.id) return <>{event.actor.email}</>;
  const name = event.diff?.name?.after ?? event.diff?.title?.after ?? event.diff?.email?.after;
  return <Typography component="span" variant="body2" color="text.secondary">{typeof name === 'string' ? name : `a ${kindOf(event.entityType)}`}</Typography>;
};

const Expanded = () => {
  const record = useRecordContext<Event>();
  if (!record) return null;
  return (
    <Box sx={{ py: 1 }}>
      <ChangeLines diff={record.diff} entityType={record.entityType} references={record.references ?? {}} />
    </Box>
  );
};

/** A line of the changed fields' names, e.g. "value, source". */
const changedFields = (record: Event) =>
  Object.keys(record.diff ?? {})
    .filter(isShown)
    .map(fieldName)
    .join(', ');

/** Read-only: the database refuses to change or delete an audit event. */
export const AuditList = () => (
  <List filters={filters} sort={{ field: 'at', order: 'DESC' }} perPage={50} title="Audit trail" actions={<TopToolbar><ListTools /></TopToolbar>}>
    <DataTable expand={<Expanded />} bulkActionButtons={false} rowClick="expand">
      <DataTable.Col source="at" label="When" disableSort><DateField source="at" showTime /></DataTable.Col>
      <DataTable.Col source="actor.email" label="Who" disableSort render={(event: Event) => event.actor?.email ?? (event.action === 'IMPORT' ? 'catalog:import' : 'system')} />
      <DataTable.Col source="action" label="Did" disableSort render={(event: Event) => describeAction(event.action)} />
      <DataTable.Col label="Record" disableSort render={(event: Event) => <>{kindOf(event.entityType)}: <RecordName event={event} /></>} />
      <DataTable.Col label="Changed fields" disableSort render={changedFields} sx={{ maxWidth: 360 }} />
    </DataTable>
  </List>
);
