import { AutocompleteInput, CreateButton, DataTable, List, ReferenceInput, SelectInput, TopToolbar } from 'react-admin';
import { ListTools } from '../exports/ListTools';
import { CitationField } from '../citations/CitationField';
import { StatusChip } from '../workflow/StatusChip';
import { claimStatuses } from '../workflow/statuses';
import { priceKinds } from './priceKinds';

const filters = [
  <ReferenceInput key="model" source="modelId" reference="models" alwaysOn>
    <AutocompleteInput label="Model" sx={{ minWidth: 220 }} />
  </ReferenceInput>,
  <SelectInput key="kind" source="kind" choices={priceKinds} alwaysOn />,
  <SelectInput key="status" source="status" choices={claimStatuses} alwaysOn />,
];

export const PriceList = () => (
  <List filters={filters} sort={{ field: 'id', order: 'DESC' }} actions={<TopToolbar><CreateButton label="Add a price" /><ListTools /></TopToolbar>}>
    {/* The API lists entries newest first (or oldest first) only: no column pretends to sort. */}
    <DataTable rowClick="edit" bulkActionButtons={false}>
      <DataTable.Col disableSort source="model.name" label="Model" />
      <DataTable.Col disableSort source="kind" />
      <DataTable.NumberCol disableSort source="usdPerMillionTokens" label="USD / 1M tokens" options={{ style: 'currency', currency: 'USD', maximumFractionDigits: 4 }} />
      <DataTable.NumberCol disableSort source="tierMinTokens" label="From tokens" />
      <DataTable.Col disableSort source="effectiveFrom" label="Effective from" />
      <DataTable.Col label="Citation" disableSort><CitationField /></DataTable.Col>
      <DataTable.Col disableSort source="status"><StatusChip /></DataTable.Col>
    </DataTable>
  </List>
);
