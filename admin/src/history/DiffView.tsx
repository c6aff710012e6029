import { Table, TableBody, TableCell, TableHead, TableRow, Typography } from '@mui/material';

type Diff = Record<string, { before?: unknown; after?: unknown }> | null | undefined;

const show = (value: unknown) => {
  if (value === null || value === undefined || value === '') return <Typography component="span" variant="body2" color="text.disabled">—</Typography>;
  if (typeof value === 'object') return <code style={{ whiteSpace: 'pre-wrap', wordBreak: 'break-word' }}>{JSON.stringify(value)}</code>;
  return String(value);
};

/** An audit event's before/after values, one row per changed field. */
export const DiffView = ({ diff }: { diff: Diff }) => {
  const rows = Object.entries(diff ?? {});
  if (rows.length === 0) return <Typography variant="body2" color="text.secondary">No field changed.</Typography>;
  return (
    <Table size="small" sx={{ '& td, & th': { py: 0.5, verticalAlign: 'top' } }}>
      <TableHead>
        <TableRow>
          <TableCell>Field</TableCell>
          <TableCell>Before</TableCell>
          <TableCell>After</TableCell>
        </TableRow>
      </TableHead>
      <TableBody>
        {rows.map(([field, change]) => (
          <TableRow key={field}>
            <TableCell sx={{ fontFamily: 'monospace' }}>{field}</TableCell>
            <TableCell sx={{ color: 'error.dark', maxWidth: 320 }}>{show(change?.before)}</TableCell>
            <TableCell sx={{ color: 'success.dark', maxWidth: 320 }}>{show(change?.after)}</TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
};
