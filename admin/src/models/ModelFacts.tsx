import EditNoteIcon from '@mui/icons-material/EditNote';
import { Box, Button, Table, TableBody, TableCell, TableHead, TableRow, Typography } from '@mui/material';
import { useState } from 'react';
import { RecordContextProvider, useGetList, useRecordContext, type RaRecord } from 'react-admin';
import { CitationField } from '../citations/CitationField';
import { methodology } from '../citations/methodology';
import { factKinds, type FactKind } from './modelChoices';
import { ProposeFactDialog } from './ProposeFactDialog';

const display = (fact: FactKind, value: unknown) => {
  if (value == null) return '—';
  return fact.kind === 'tokens' ? Number(value).toLocaleString('en-US') : String(value);
};

const waiting: Record<string, string> = { PENDING_REVIEW: 'waiting for review', DRAFT: 'draft, not submitted yet' };

/** The published value and, beside it, each open proposal: "256,000 — waiting for review". */
const FactValue = ({ fact, published, proposals }: { fact: FactKind; published: unknown; proposals: RaRecord[] }) => (
  <>
    {(published != null || proposals.length === 0) && <span>{display(fact, published)}</span>}
    {proposals.map((entry) => (
      <Typography key={entry.id} variant="body2" color="warning.dark" data-testid="proposed-value">
        {published == null ? display(fact, entry.value) : String(entry.value) === String(published) ? 'the same value, again' : `proposed: ${display(fact, entry.value)}`} —{' '}
        {waiting[entry.status]}
      </Typography>
    ))}
  </>
);

/** Quick facts, each with the citation it is published with, and a way to propose a sourced change. */
export const ModelFacts = () => {
  const record = useRecordContext();
  const [editing, setEditing] = useState<FactKind | null>(null);
  // Every fact entry of the model: values proposed and not yet verified show beside the published one.
  const { data: entries } = useGetList(
    'modelFacts',
    { filter: { modelId: record?.id }, pagination: { page: 1, perPage: 100 }, sort: { field: 'id', order: 'DESC' } },
    { enabled: !!record?.id },
  );
  if (!record) return null;
  const proposalsOf = (fact: FactKind) => (entries ?? []).filter((entry) => entry.fact === fact.id && waiting[entry.status]);
  return (
    <Box sx={{ width: '100%' }} data-testid="quick-facts">
      <Typography variant="body2" color="text.secondary" sx={{ mb: 1 }}>
        {methodology} A new value waits for a reviewer before it replaces the published one.
      </Typography>
      <Table size="small">
        <TableHead>
          <TableRow>
            <TableCell>Fact</TableCell>
            <TableCell>Value</TableCell>
            <TableCell>Citation</TableCell>
            <TableCell />
          </TableRow>
        </TableHead>
        <TableBody>
          {factKinds.map((fact) => (
            <TableRow key={fact.id}>
              <TableCell>{fact.name}</TableCell>
              <TableCell>
                <FactValue fact={fact} published={record[fact.field]?.value} proposals={proposalsOf(fact)} />
              </TableCell>
              <TableCell>
                <RecordContextProvider value={record}>
                  {record[fact.field] ? <CitationField source={`${fact.field}.citation`} /> : <Typography variant="body2" color="text.secondary">{proposalsOf(fact).length ? 'not published yet' : 'not published'}</Typography>}
                </RecordContextProvider>
              </TableCell>
              <TableCell align="right">
                <Button size="small" startIcon={<EditNoteIcon />} onClick={() => setEditing(fact)}>
                  Propose a value
                </Button>
              </TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
      {editing && <ProposeFactDialog model={record} fact={editing} onClose={() => setEditing(null)} />}
    </Box>
  );
};
