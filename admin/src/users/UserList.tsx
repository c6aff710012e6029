import { DataTable, DateField, List, SearchInput, SelectInput } from 'react-admin';
import { roles } from '../workflow/statuses';
import { ListActions } from '../exports/ListTools';

const filters = [<SearchInput key="q" source="q" alwaysOn placeholder="Search by email" />, <SelectInput key="role" source="role" choices={roles} alwaysOn />];

export const UserList = () => (
  <List filters={filters} sort={{ field: 'email', order: 'ASC' }} actions={<ListActions />}>
    <DataTable rowClick="edit" bulkActionButtons={false}>
      <DataTable.Col source="email" />
      <DataTable.Col source="name" />
      <DataTable.Col source="role" />
      <DataTable.Col source="disabled" label="Disabled" render={(record) => (record.disabled ? 'Disabled' : '—')} />
      <DataTable.Col source="createdAt" label="Created"><DateField source="createdAt" /></DataTable.Col>
    </DataTable>
  </List>
);
