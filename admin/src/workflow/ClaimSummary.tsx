import { Box, Table, TableBody, TableCell, TableRow, Typography } from '@mui/material';
import type { ReactNode } from 'react';
import { RecordContextProvider, useRecordContext } from 'react-admin';
import { CitationField } from '../citations/CitationField';

export interface SummaryLine {
  label: string;
  value: (record: any) => ReactNode;
}

/**
 * A published (or withdrawn) number as text: nothing on its page looks editable, since the API changes
 * it only through a new entry (a correction) that a reviewer verifies.
 */
export const ClaimSummary = ({ lines }: { lines: SummaryLine[] }) => {
  const record = useRecordContext();
  if (!record) return null;
  return (
    <Box sx={{ width: '100%', maxWidth: 720 }} data-testid="claim-summary">
      <Table size="small" aria-label="The number as published">
        <TableBody>
          {lines.map((line) => (
            <TableRow key={line.label}>
              <TableCell component="th" scope="row" sx={{ width: 200, color: 'text.secondary' }}>{line.label}</TableCell>
              <TableCell>{line.value(record) ?? '—'}</TableCell>
            </TableRow>
          ))}
          <TableRow>
            <TableCell component="th" scope="row" sx={{ color: 'text.secondary' }}>Citation</TableCell>
            <TableCell>
              <RecordContextProvider value={record}>
                <CitationField />
              </RecordContextProvider>
              {record.citation?.quote && (
                <Typography variant="body2" color="text.secondary" sx={{ mt: 0.5 }}>“{record.citation.quote}”</Typography>
              )}
            </TableCell>
          </TableRow>
          {record.note && (
            <TableRow>
              <TableCell component="th" scope="row" sx={{ color: 'text.secondary' }}>Note</TableCell>
              <TableCell>{record.note}</TableCell>
            </TableRow>
          )}
        </TableBody>
      </Table>
    </Box>
  );
};
