import { Alert, Box, Stack, Table, TableBody, TableCell, TableHead, TableRow, Typography } from '@mui/material';
import { useQuery } from '@tanstack/react-query';
import { useRecordContext } from 'react-admin';
import { SourceSnapshots } from '../dataProvider/documents';
import { graphql } from '../dataProvider/graphqlClient';
import { CaptureButton } from './CaptureButton';
import { Instant } from './HighlightedExcerpt';

interface Snapshot {
  sha256: string | null;
  fetchedAt: string;
  httpStatus: number | null;
  contentType: string | null;
  error: string | null;
  errorReason: string | null;
}

/** A source's captures, newest first, and a way to capture the page now. */
export const SourceCaptures = () => {
  const record = useRecordContext();
  const id = record?.id ? String(record.id) : null;
  const { data, error, isPending } = useQuery({
    queryKey: ['evidence', 'snapshots', id],
    queryFn: async () => (await graphql<{ node: { snapshots: { totalCount: number; edges: { node: Snapshot }[] } } | null }>(SourceSnapshots, { id, first: 20 })).node?.snapshots ?? null,
    enabled: id !== null,
  });
  if (!id) return null;
  const captures = data?.edges.map((edge) => edge.node) ?? [];
  return (
    <Box component="section" aria-label="Captures of the page" sx={{ width: '100%', maxWidth: 900, minWidth: 0 }} data-testid="source-captures">
      <Stack direction="row" spacing={2} sx={{ alignItems: 'center', flexWrap: 'wrap', rowGap: 1, mb: 1 }}>
        <Typography variant="body2" color="text.secondary" sx={{ flex: '1 1 240px' }}>
          What the page said when it was fetched; every number citing it is checked against the latest capture.
          {data ? ` ${data.totalCount} capture${data.totalCount === 1 ? '' : 's'}.` : ''}
        </Typography>
        <CaptureButton sourceId={id} label="Capture now" />
      </Stack>
      {error ? (
        <Alert severity="error">{error.message}</Alert>
      ) : isPending ? null : captures.length === 0 ? (
        <Typography variant="body2">The page has never been captured.</Typography>
      ) : (
        // Width 0 and at least the section's: the table scrolls inside it rather than widening the page on a phone.
        <Box sx={{ overflowX: 'auto', width: 0, minWidth: '100%' }}>
          <Table size="small" aria-label="Captures">
            <TableHead>
              <TableRow>
                <TableCell>Fetched at</TableCell>
                <TableCell>HTTP status</TableCell>
                <TableCell>Content type</TableCell>
                <TableCell>SHA-256</TableCell>
              </TableRow>
            </TableHead>
            <TableBody>
              {captures.map((capture) => (
                <TableRow key={`${capture.fetchedAt}-${capture.sha256}`}>
                  <TableCell><Instant value={capture.fetchedAt} /></TableCell>
                  <TableCell>{capture.httpStatus ?? '—'}</TableCell>
                  <TableCell sx={{ overflowWrap: 'anywhere' }}>{capture.contentType ?? '—'}</TableCell>
                  <TableCell>
                    {capture.sha256 ? (
                      <Typography component="code" variant="body2" title={capture.sha256} sx={{ fontFamily: 'monospace' }}>
                        {capture.sha256.slice(0, 12)}
                      </Typography>
                    ) : (
                      <Typography variant="body2" color="error">
                        failed: {capture.errorReason ?? capture.error}
                      </Typography>
                    )}
                  </TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        </Box>
      )}
    </Box>
  );
};
