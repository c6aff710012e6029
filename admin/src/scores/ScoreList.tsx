import { AutocompleteInput, CreateButton, DataTable, DateField, List, ReferenceInput, SelectInput, TopToolbar } from 'react-admin';
import { ListTools } from '../exports/ListTools';
import { CitationField } from '../citations/CitationField';
import { StatusChip } from '../workflow/StatusChip';
import { claimStatuses } from '../workflow/statuses';

const filters = [
  <ReferenceInput key="model" source="modelId" reference="models" alwaysOn>
    <AutocompleteInput label="Model" sx={{ minWidth: 220 }} />
  </ReferenceInput>,
  <ReferenceInput key="benchmark" source="benchmarkId" reference="benchmarks" alwaysOn>
    <AutocompleteInput label="Benchmark" sx={{ minWidth: 220 }} />
  </ReferenceInput>,
  <SelectInput key="status" source="status" choices={claimStatuses} alwaysOn />,
];

export const ScoreList = () => (
  <List filters={filters} sort={{ field: 'id', order: 'DESC' }} actions={<TopToolbar><CreateButton label="Add a score" /><ListTools /></TopToolbar>}>
    {/* The API lists entries newest first (or oldest first) only: no column pretends to sort. */}
    <DataTable rowClick="edit" bulkActionButtons={false}>
      <DataTable.Col disableSort source="model.name" label="Model" />
      <DataTable.Col disableSort source="benchmark.name" label="Benchmark" />
      <DataTable.Col disableSort source="setting" />
      <DataTable.NumberCol disableSort source="value" />
      <DataTable.Col label="Citation" disableSort><CitationField /></DataTable.Col>
      <DataTable.Col disableSort source="status"><StatusChip /></DataTable.Col>
      <DataTable.Col source="enteredBy.email" label="Entered by" disableSort />
      <DataTable.Col disableSort source="updatedAt" label="Updated"><DateField source="updatedAt" /></DataTable.Col>
    </DataTable>
  </List>
);
