import { Box, Chip, Link, Table, TableBody, TableCell, TableHead, TableRow, Typography } from '@mui/material';
import { DataTable, List, useRecordContext } from 'react-admin';

interface Claim {
  id: string;
  value: number;
  status: string;
  enteredBy?: { email: string } | null;
  citation?: { locator?: string; source?: { url: string; title: string; kind?: string } };
}

const Claims = () => {
  const record = useRecordContext();
  const claims = (record?.scores ?? []) as Claim[];
  return (
    <Table size="small" sx={{ my: 1 }}>
      <TableHead>
        <TableRow>
          <TableCell>Value</TableCell>
          <TableCell>Source</TableCell>
          <TableCell>Where</TableCell>
          <TableCell>Status</TableCell>
        </TableRow>
      </TableHead>
      <TableBody>
        {claims.map((claim) => (
          <TableRow key={claim.id}>
            <TableCell><strong>{claim.value}</strong></TableCell>
            <TableCell>
              <Link href={claim.citation?.source?.url} target="_blank" rel="noopener noreferrer">{claim.citation?.source?.title ?? claim.citation?.source?.url}</Link>
              {claim.citation?.source?.kind ? <Typography variant="caption" color="text.secondary"> · {claim.citation.source.kind.toLowerCase().replace(/_/g, ' ')}</Typography> : null}
            </TableCell>
            <TableCell>{claim.citation?.locator}</TableCell>
            <TableCell>
              <Chip size="small" color={claim.status === 'VERIFIED' ? 'success' : 'default'} label={claim.status === 'VERIFIED' ? 'published' : claim.status.toLowerCase().replace('_', ' ')} />
            </TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
};

/** Sources that give different values for the same model, benchmark and setting: both kept, the published one marked. */
export const DisagreementList = () => (
  <List exporter={false} perPage={25} sort={{ field: 'id', order: 'ASC' }} title="Disagreements between sources"
    empty={<Box sx={{ p: 4 }}><Typography>No two sources disagree at the moment.</Typography></Box>}>
    <DataTable expand={<Claims />} bulkActionButtons={false} rowClick="expand" expandSingle={false}>
      <DataTable.Col source="model.name" label="Model" disableSort />
      <DataTable.Col source="benchmark.name" label="Benchmark" disableSort />
      <DataTable.Col source="setting" disableSort />
      <DataTable.Col label="Values" disableSort render={(record) => (record.scores ?? []).map((s: Claim) => s.value).join(' vs ')} />
      <DataTable.Col align="right" source="scores" label="Sources" disableSort render={(record) => (record.scores ?? []).length} />
    </DataTable>
  </List>
);
