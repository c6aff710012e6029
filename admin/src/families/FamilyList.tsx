import { AutocompleteInput, DataTable, List, ReferenceField, ReferenceInput, SearchInput, SelectInput } from 'react-admin';
import { publicationStates } from '../workflow/statuses';
import { StatusChip } from '../workflow/StatusChip';
import { ListActions } from '../exports/ListTools';

const filters = [
  <SearchInput key="q" source="q" alwaysOn placeholder="Search families" />,
  <ReferenceInput key="provider" source="providerId" reference="providers" alwaysOn>
    <AutocompleteInput label="Provider" sx={{ minWidth: 220 }} />
  </ReferenceInput>,
  <SelectInput key="publication" source="publication" choices={publicationStates} alwaysOn />,
];

export const FamilyList = () => (
  <List filters={filters} sort={{ field: 'name', order: 'ASC' }} actions={<ListActions />}>
    <DataTable rowClick="edit" bulkActionButtons={false}>
      <DataTable.Col source="name" />
      <DataTable.Col source="slug" />
      <DataTable.Col source="providerId" label="Provider">
        <ReferenceField source="providerId" reference="providers" link={false} />
      </DataTable.Col>
      <DataTable.Col source="description" sx={{ maxWidth: 420 }} />
      <DataTable.Col source="publication"><StatusChip source="publication" /></DataTable.Col>
    </DataTable>
  </List>
);
