import { Alert, Box, Chip, Paper, Stack, Table, TableBody, TableCell, TableHead, TableRow, Typography } from '@mui/material';
import { DateField, RecordContextProvider, useGetList } from 'react-admin';
import { DiffView } from '../history/DiffView';
import { RevisionButtons } from './RevisionButtons';

const kinds: Record<string, string> = {
  Provider: 'Provider',
  ModelFamily: 'Family',
  Model: 'Model',
  Benchmark: 'Benchmark',
  Source: 'Source',
  SiteText: 'Methodology',
};

/**
 * Changes to records the public already sees, waiting for a second person: each with what it changes,
 * field by field (as it was when proposed → proposed), and Approve / Reject.
 */
export const PendingRevisions = () => {
  const { data, total, isPending, error } = useGetList('revisions', { pagination: { page: 1, perPage: 100 } });
  if (isPending) return null;
  if (error) return <Alert severity="error" sx={{ m: 1 }}>{(error as Error).message}</Alert>;
  return (
    <Paper variant="outlined" sx={{ mb: 2 }} aria-label="Changes to public records">
      <Box sx={{ p: 2, pb: 1 }}>
        <Typography variant="h6">Changes to public records ({total ?? 0})</Typography>
        <Typography variant="body2" color="text.secondary">
          Published records change only when a second person approves: check each change before it reaches readers.
        </Typography>
      </Box>
      {!data?.length ? (
        <Typography sx={{ px: 2, pb: 2 }}>No change is waiting.</Typography>
      ) : (
        <Box sx={{ overflowX: 'auto' }}>
        <Table size="small">
          <TableHead>
            <TableRow>
              <TableCell>Record</TableCell>
              <TableCell>Change</TableCell>
              <TableCell>Proposed by</TableCell>
              <TableCell>Decision</TableCell>
            </TableRow>
          </TableHead>
          <TableBody>
            {data.map((revision) => (
              <RecordContextProvider key={revision.id} value={revision}>
                <TableRow data-revision={revision.id} sx={{ verticalAlign: 'top' }}>
                  <TableCell>
                    <Stack spacing={0.5}>
                      <Chip size="small" label={kinds[revision.entityType] ?? revision.entityType} sx={{ alignSelf: 'flex-start' }} />
                      <Typography variant="body2">{revision.entityLabel}</Typography>
                      {revision.stale && <Alert severity="warning" sx={{ py: 0 }}>Changed since proposed</Alert>}
                    </Stack>
                  </TableCell>
                  <TableCell sx={{ minWidth: 320 }}>
                    <DiffView diff={Object.fromEntries(revision.changes.map((change: { field: string; before: unknown; after: unknown }) => [change.field, change]))} />
                  </TableCell>
                  <TableCell>
                    <Typography variant="body2">{revision.proposedBy}</Typography>
                    <DateField source="proposedAt" showTime variant="caption" color="text.secondary" />
                  </TableCell>
                  <TableCell>
                    <RevisionButtons revision={revision} />
                  </TableCell>
                </TableRow>
              </RecordContextProvider>
            ))}
          </TableBody>
        </Table>
        </Box>
      )}
    </Paper>
  );
};
