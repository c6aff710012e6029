import EditNoteIcon from '@mui/icons-material/EditNote';
import { Box, Button, Table, TableBody, TableCell, TableHead, TableRow, Typography } from '@mui/material';
import { useState } from 'react';
import { RecordContextProvider, useRecordContext } from 'react-admin';
import { CitationField } from '../citations/CitationField';
import { methodology } from '../citations/methodology';
import { factKinds, type FactKind } from './modelChoices';
import { ProposeFactDialog } from './ProposeFactDialog';

const display = (fact: FactKind, value: unknown) => {
  if (value == null) return '—';
  return fact.kind === 'tokens' ? Number(value).toLocaleString('en-US') : String(value);
};

/** Quick facts, each with the citation it is published with, and a way to propose a sourced change. */
export const ModelFacts = () => {
  const record = useRecordContext();
  const [editing, setEditing] = useState<FactKind | null>(null);
  if (!record) return null;
  return (
    <Box sx={{ width: '100%' }} data-testid="quick-facts">
      <Typography variant="body2" color="text.secondary" sx={{ mb: 1 }}>
        {methodology} A new value waits for a reviewer before it replaces the published one.
      </Typography>
      <Table size="small">
        <TableHead>
          <TableRow>
            <TableCell>Fact</TableCell>
            <TableCell>Published value</TableCell>
            <TableCell>Citation</TableCell>
            <TableCell />
          </TableRow>
        </TableHead>
        <TableBody>
          {factKinds.map((fact) => (
            <TableRow key={fact.id}>
              <TableCell>{fact.name}</TableCell>
              <TableCell>{display(fact, record[fact.field]?.value)}</TableCell>
              <TableCell>
                <RecordContextProvider value={record}>
                  {record[fact.field] ? <CitationField source={`${fact.field}.citation`} /> : <Typography variant="body2" color="text.secondary">not published</Typography>}
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
