import { DataTable, FunctionField, List, SearchInput, SelectInput } from 'react-admin';
import { StatusChip } from '../workflow/StatusChip';
import { categories, formatScale, type BenchmarkScale } from './scale';
import { publicationStates } from '../workflow/statuses';
import { ListActions } from '../exports/ListTools';

const filters = [
  <SearchInput key="q" source="q" alwaysOn placeholder="Search benchmarks" />,
  <SelectInput key="category" source="category" choices={categories} alwaysOn />,
  <SelectInput key="publication" source="publication" choices={publicationStates} alwaysOn />,
];

export const BenchmarkList = () => (
  <List filters={filters} sort={{ field: 'name', order: 'ASC' }} actions={<ListActions />}>
    <DataTable rowClick="edit" bulkActionButtons={false}>
      <DataTable.Col source="name" />
      <DataTable.Col source="slug" />
      <DataTable.Col source="category" />
      <DataTable.Col label="Scale" disableSort>
        <FunctionField render={(record: BenchmarkScale) => formatScale(record)} />
      </DataTable.Col>
      <DataTable.NumberCol source="publishedScoreCount" label="Published scores" />
      <DataTable.Col source="publication"><StatusChip source="publication" /></DataTable.Col>
    </DataTable>
  </List>
);
