import { DataTable, DateField, List, NullableBooleanInput, SearchInput, SelectInput } from 'react-admin';
import { Link } from '@mui/material';
import { linkStatuses, sourceKinds } from '../citations/methodology';
import { LinkStatusField } from './LinkStatusField';
import { ListActions } from '../exports/ListTools';

const filters = [
  <SearchInput key="q" source="q" alwaysOn placeholder="Search by URL, title or publisher" sx={{ minWidth: 320 }} />,
  <SelectInput key="linkStatus" source="linkStatus" label="Link status" choices={linkStatuses} alwaysOn />,
  <SelectInput key="kind" source="kind" choices={sourceKinds} alwaysOn />,
  <NullableBooleanInput key="deadLink" source="deadLink" label="Dead link" trueLabel="Broken or unreachable" falseLabel="Not dead" />,
  <NullableBooleanInput key="cited" source="cited" label="Cited" trueLabel="Cited by a number" falseLabel="Cited by nothing" />,
];

const kindName = Object.fromEntries(sourceKinds.map((k) => [k.id, k.name]));

export const SourceList = () => (
  // Dead links first: link status sorts BROKEN, OK, REDIRECTED, UNCHECKED, UNREACHABLE.
  <List filters={filters} sort={{ field: 'linkStatus', order: 'ASC' }} perPage={25} actions={<ListActions />}>
    <DataTable rowClick="edit" bulkActionButtons={false}>
      <DataTable.Col source="title" sx={{ maxWidth: 320 }} />
      <DataTable.Col source="url" label="URL" disableSort sx={{ maxWidth: 300, overflow: 'hidden', textOverflow: 'ellipsis', whiteSpace: 'nowrap' }}
        render={(record) => (
          <Link href={record.url} target="_blank" rel="noopener noreferrer" onClick={(e) => e.stopPropagation()}>
            {record.url}
          </Link>
        )} />
      <DataTable.Col source="publisher" disableSort />
      <DataTable.Col source="kind" disableSort render={(record) => kindName[record.kind] ?? record.kind} />
      <DataTable.Col source="linkStatus" label="Link status"><LinkStatusField /></DataTable.Col>
      <DataTable.Col source="linkCheckedAt" label="Checked" disableSort><DateField source="linkCheckedAt" showTime={false} emptyText="never" /></DataTable.Col>
      <DataTable.NumberCol source="citationCount" label="Cited by" disableSort />
    </DataTable>
  </List>
);
