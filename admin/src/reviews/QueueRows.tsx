import { Box, Checkbox, Chip, Stack, Table, TableBody, TableCell, TableHead, TableRow, Typography } from '@mui/material';
import { DateField, RecordContextProvider, type Identifier, type RaRecord } from 'react-admin';
import { CitationField } from '../citations/CitationField';
import { ClaimEvidence } from '../evidence/ClaimEvidence';
import { describeEntry, entryValue, kindLabel } from './describe';
import { RejectButton } from './RejectButton';
import type { Published } from './usePublishedValues';
import { VerifyButton } from './VerifyButton';
import { WasValue } from './WasValue';

export interface QueueRowsProps {
  records: RaRecord[];
  published: Map<Identifier, Published>;
  currentId: Identifier | undefined;
  onCurrent: (id: Identifier) => void;
  selectedIds: Identifier[];
  onToggle: (id: Identifier) => void;
  onSelectAll: (all: boolean) => void;
  /** The selected number's panel, shown under it on a narrow screen. */
  panel?: React.ReactNode;
}

const Decision = () => (
  <Stack direction="column" spacing={0.5} sx={{ whiteSpace: 'nowrap', alignItems: 'stretch' }}>
    <VerifyButton />
    <RejectButton />
  </Stack>
);

const Who = ({ record }: { record: RaRecord }) => (
  <Typography variant="caption" color="text.secondary" component="p">
    {record.enteredBy?.email ?? 'the catalog import'} · <DateField source="updatedAt" showTime variant="caption" />
  </Typography>
);

/** The queue as a table (wide screens): the number, its value beside the published one, its citation and evidence, the decision. */
export const QueueTable = ({ records, published, currentId, onCurrent, selectedIds, onToggle, onSelectAll }: QueueRowsProps) => {
  const all = records.length > 0 && records.every((record) => selectedIds.includes(record.id));
  const some = records.some((record) => selectedIds.includes(record.id));
  return (
    // Fixed layout: the columns share the width beside the panel; long titles wrap or end in "…".
    <Table size="small" aria-label="Numbers waiting for review" sx={{ tableLayout: 'fixed' }}>
      <TableHead>
        <TableRow>
          <TableCell padding="checkbox" sx={{ width: 48 }}>
            <Checkbox size="small" checked={all} indeterminate={some && !all} onChange={(event) => onSelectAll(event.target.checked)}
              slotProps={{ input: { 'aria-label': 'Select every number on this page' } }} />
          </TableCell>
          <TableCell sx={{ width: '30%' }}>Number</TableCell>
          <TableCell align="right" sx={{ width: 104 }}>Value</TableCell>
          <TableCell>Citation — check it</TableCell>
          <TableCell sx={{ width: 118 }}>Decision</TableCell>
        </TableRow>
      </TableHead>
      <TableBody>
        {records.map((record) => {
          const current = record.id === currentId;
          return (
            <RecordContextProvider key={record.id} value={record}>
              <TableRow hover selected={current} aria-current={current ? 'true' : undefined} data-review-id={record.id}
                onClick={() => onCurrent(record.id)} sx={{ cursor: 'pointer', verticalAlign: 'top' }}>
                <TableCell padding="checkbox" onClick={(event) => event.stopPropagation()}>
                  <Checkbox size="small" checked={selectedIds.includes(record.id)} onChange={() => onToggle(record.id)}
                    slotProps={{ input: { 'aria-label': `Select ${describeEntry(record)} ${entryValue(record)}` } }} />
                </TableCell>
                <TableCell sx={{ overflowWrap: 'anywhere' }}>
                  <Chip size="small" label={kindLabel[record.resource] ?? record.resource} sx={{ mb: 0.5 }} />
                  <Typography variant="body2">{describeEntry(record)}</Typography>
                  <Who record={record} />
                </TableCell>
                <TableCell align="right">
                  <strong style={{ whiteSpace: 'nowrap' }}>{entryValue(record)}</strong>
                  <WasValue record={record} published={published.get(record.id)} />
                </TableCell>
                <TableCell sx={{ overflowWrap: 'anywhere' }}>
                  <Stack spacing={1} sx={{ minWidth: 0, '& > *': { minWidth: '0 !important', maxWidth: '100%' } }}>
                    <CitationField />
                    <ClaimEvidence />
                  </Stack>
                </TableCell>
                <TableCell>
                  <Decision />
                </TableCell>
              </TableRow>
            </RecordContextProvider>
          );
        })}
      </TableBody>
    </Table>
  );
};

/** The queue as a list of cards (narrow screens): the selected one opens its panel in place, with the decision in it. */
export const QueueCards = ({ records, published, currentId, onCurrent, selectedIds, onToggle, onSelectAll, panel }: QueueRowsProps) => {
  const all = records.length > 0 && records.every((record) => selectedIds.includes(record.id));
  return (
    <>
      <Stack direction="row" sx={{ alignItems: 'center', px: 0.5 }}>
        <Checkbox size="small" checked={all} onChange={(event) => onSelectAll(event.target.checked)} slotProps={{ input: { 'aria-label': 'Select every number on this page' } }} />
        <Typography variant="body2">Select all</Typography>
      </Stack>
      <Box component="ul" aria-label="Numbers waiting for review" sx={{ listStyle: 'none', m: 0, p: 0 }}>
        {records.map((record) => {
          const current = record.id === currentId;
          return (
            <Box component="li" key={record.id} data-review-id={record.id} aria-current={current ? 'true' : undefined}
              sx={{ borderTop: 1, borderColor: 'divider', bgcolor: current ? 'action.selected' : undefined }}>
              <RecordContextProvider value={record}>
                <Stack direction="row" sx={{ alignItems: 'flex-start', cursor: 'pointer', p: 0.5 }} onClick={() => onCurrent(record.id)}>
                  <Checkbox size="small" checked={selectedIds.includes(record.id)} onClick={(event) => event.stopPropagation()} onChange={() => onToggle(record.id)}
                    slotProps={{ input: { 'aria-label': `Select ${describeEntry(record)} ${entryValue(record)}` } }} />
                  <Box sx={{ flex: 1, width: 0, py: 0.5, overflowWrap: 'anywhere' }}>
                    <Typography variant="body2">{describeEntry(record)}</Typography>
                    <Typography variant="body2" component="div">
                      <strong>{entryValue(record)}</strong> <WasValue record={record} published={published.get(record.id)} />
                    </Typography>
                    <Typography variant="caption" color="text.secondary" noWrap component="p">
                      {record.citation?.source?.title ?? 'No citation'}
                    </Typography>
                  </Box>
                  {!current && (
                    <Box sx={{ pl: 0.5, pt: 0.5 }} onClick={(event) => event.stopPropagation()}>
                      <Decision />
                    </Box>
                  )}
                </Stack>
              </RecordContextProvider>
              {current && panel}
            </Box>
          );
        })}
      </Box>
    </>
  );
};
