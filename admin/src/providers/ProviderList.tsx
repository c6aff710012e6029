import { CreateButton, DataTable, List, SearchInput, SelectInput, TopToolbar, UrlField } from 'react-admin';
import { ListTools } from '../exports/ListTools';
import { publicationStates } from '../workflow/statuses';
import { StatusChip } from '../workflow/StatusChip';

const filters = [
  <SearchInput key="q" source="q" alwaysOn placeholder="Search providers" />,
  <SelectInput key="publication" source="publication" choices={publicationStates} alwaysOn />,
];

export const ProviderList = () => (
  <List filters={filters} sort={{ field: 'name', order: 'ASC' }} perPage={25}
    actions={<TopToolbar><CreateButton /><ListTools /></TopToolbar>}>
    <DataTable rowClick="edit" bulkActionButtons={false}>
      <DataTable.Col source="name" />
      <DataTable.Col source="slug" />
      <DataTable.Col source="website" field={UrlField} />
      <DataTable.Col source="api.apiKeyEnv" label="API key variable" />
      <DataTable.Col source="publication" label="Publication"><StatusChip source="publication" /></DataTable.Col>
    </DataTable>
  </List>
);
