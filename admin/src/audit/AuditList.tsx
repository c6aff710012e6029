import { Box } from '@mui/material';
import { DataTable, DateField, List, SelectInput, TextInput, useRecordContext } from 'react-admin';
import { DiffView } from '../history/DiffView';

const entityTypes = ['Model', 'Provider', 'ModelFamily', 'Benchmark', 'Source', 'Score', 'Price', 'ModelFact', 'User', 'SiteText'].map((id) => ({ id, name: id }));

const filters = [
  <SelectInput key="entityType" source="entityType" label="Record type" choices={entityTypes} alwaysOn />,
  <TextInput key="action" source="action" alwaysOn helperText={false} />,
  <TextInput key="actor" source="actor" label="By (email)" alwaysOn helperText={false} />,
  <TextInput key="entityId" source="entityId" label="Record id" helperText={false} />,
];

const Expanded = () => {
  const record = useRecordContext();
  return (
    <Box sx={{ py: 1 }}>
      <DiffView diff={record?.diff} />
    </Box>
  );
};

const changedFields = (record: { diff?: Record<string, unknown> }) => Object.keys(record.diff ?? {}).join(', ');

/** Read-only: the database refuses to change or delete an audit event. */
export const AuditList = () => (
  <List filters={filters} sort={{ field: 'at', order: 'DESC' }} perPage={50} title="Audit trail" exporter={false}>
    <DataTable expand={<Expanded />} bulkActionButtons={false} rowClick="expand">
      <DataTable.Col source="at" label="When" disableSort><DateField source="at" showTime /></DataTable.Col>
      <DataTable.Col source="actor.email" label="Who" disableSort />
      <DataTable.Col source="action" disableSort />
      <DataTable.Col source="entityType" label="Record" disableSort />
      <DataTable.Col source="entityId" label="Id" disableSort />
      <DataTable.Col label="Changed fields" disableSort render={changedFields} sx={{ maxWidth: 360 }} />
    </DataTable>
  </List>
);
