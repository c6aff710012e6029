import { AutocompleteInput, DataTable, DateField, List, ReferenceInput, SearchInput, SelectInput } from 'react-admin';
import { StatusChip } from '../workflow/StatusChip';
import { publicationStates } from '../workflow/statuses';
import { modelStatuses } from './modelChoices';
import { ListActions } from '../exports/ListTools';

const filters = [
  <SearchInput key="q" source="q" alwaysOn placeholder="Search models" />,
  <ReferenceInput key="provider" source="providerId" reference="providers" alwaysOn>
    <AutocompleteInput label="Provider" sx={{ minWidth: 200 }} />
  </ReferenceInput>,
  <SelectInput key="status" source="status" choices={modelStatuses} />,
  <SelectInput key="publication" source="publication" choices={publicationStates} alwaysOn />,
];

export const ModelList = () => (
  <List filters={filters} sort={{ field: 'releaseDate', order: 'DESC' }} perPage={25} actions={<ListActions />}>
    <DataTable rowClick="edit" bulkActionButtons={false}>
      <DataTable.Col source="name" />
      <DataTable.Col source="provider.name" label="Provider" sortByOrder="ASC" disableSort />
      <DataTable.Col source="family.name" label="Family" disableSort />
      <DataTable.Col source="releaseDate" label="Released" render={(record) => record.releaseDate?.value ?? '—'} />
      <DataTable.Col align="right" source="contextWindow" label="Context" render={(record) => (record.contextWindow?.value ? `${Math.round(record.contextWindow.value / 1000)}K` : '—')} />
      <DataTable.Col align="right" source="inputPrice" label="Input $/1M" disableSort
        render={(record) => record.prices?.find((p: any) => p.kind === 'INPUT' && !p.tierMinTokens)?.usdPerMillionTokens ?? '—'} />
      <DataTable.Col source="status" />
      <DataTable.Col source="publication"><StatusChip source="publication" /></DataTable.Col>
      <DataTable.Col source="updatedAt" label="Updated"><DateField source="updatedAt" /></DataTable.Col>
    </DataTable>
  </List>
);
