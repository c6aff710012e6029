import CheckIcon from '@mui/icons-material/Check';
import CloseIcon from '@mui/icons-material/Close';
import { Alert, AlertTitle, Box, Button, LinearProgress, Stack, Typography } from '@mui/material';
import { useState } from 'react';
import { useDataProvider, useListContext, useRefresh, type RaRecord } from 'react-admin';
import type { SourcedDataProvider } from '../dataProvider';
import { ReasonDialog } from '../workflow/ReasonDialog';
import { describeEntry, entryValue } from './describe';

/** What a bulk verify or reject did: each number was sent on its own, so each has its own answer. */
export interface BulkOutcome {
  action: 'verify' | 'reject';
  done: RaRecord[];
  refused: { record: RaRecord; message: string }[];
}

const past = { verify: 'Verified', reject: 'Rejected' } as const;

/** The answer of a bulk step: how many went through, and each refused number with the API's reason. */
export const BulkOutcomeAlert = ({ outcome, onClose }: { outcome: BulkOutcome; onClose: () => void }) => {
  const total = outcome.done.length + outcome.refused.length;
  return (
    <Alert severity={outcome.refused.length ? 'warning' : 'success'} onClose={onClose} sx={{ mb: 1, overflowWrap: 'anywhere' }} data-testid="bulk-outcome">
      <AlertTitle>
        {past[outcome.action]} {outcome.done.length} of {total}
        {outcome.action === 'verify' ? ' (each checked and recorded on its own)' : '; their editors see your reason'}.
      </AlertTitle>
      {outcome.refused.length > 0 && (
        <>
          <Typography variant="body2">Refused {outcome.refused.length}, still in the queue:</Typography>
          <Box component="ul" sx={{ m: 0, pl: 2.5 }}>
            {outcome.refused.map(({ record, message }) => (
              <li key={record.id} data-testid="bulk-refused">
                <strong>{describeEntry(record)} {entryValue(record)}</strong>: {message}
              </li>
            ))}
          </Box>
        </>
      )}
    </Alert>
  );
};

/**
 * Verify or reject the numbers selected in the queue (a batch from one source, say). Each goes through
 * the API's own verifyScore/verifyPrice/… one after the other, so each is four-eyes checked, version
 * checked and audited by itself; the answer lists what was refused and why.
 */
export const BulkReview = ({ onOutcome }: { onOutcome: (outcome: BulkOutcome) => void }) => {
  const { data = [], selectedIds, onUnselectItems } = useListContext();
  const dataProvider = useDataProvider<SourcedDataProvider>();
  const refresh = useRefresh();
  const [progress, setProgress] = useState<{ action: BulkOutcome['action']; done: number; of: number } | null>(null);
  const [rejecting, setRejecting] = useState(false);
  const chosen = data.filter((record) => selectedIds.includes(record.id));
  if (!chosen.length && !progress) return null;

  async function run(action: BulkOutcome['action'], reason?: string) {
    const records = chosen;
    const outcome: BulkOutcome = { action, done: [], refused: [] };
    setRejecting(false);
    setProgress({ action, done: 0, of: records.length });
    for (const [index, record] of records.entries()) {
      try {
        if (action === 'verify') await dataProvider.verify(record.resource, record);
        else await dataProvider.reject(record.resource, record, reason!);
        outcome.done.push(record);
      } catch (error) {
        outcome.refused.push({ record, message: (error as Error).message });
      }
      setProgress({ action, done: index + 1, of: records.length });
    }
    setProgress(null);
    onUnselectItems();
    onOutcome(outcome);
    refresh();
  }

  return (
    <Box role="region" aria-label="Selected numbers" sx={{ mb: 1, p: 1, bgcolor: 'action.hover', borderRadius: 1 }}>
      {progress ? (
        <Box role="status">
          <Typography variant="body2">
            {progress.action === 'verify' ? 'Verifying' : 'Rejecting'} {progress.done} of {progress.of}…
          </Typography>
          <LinearProgress variant="determinate" value={(100 * progress.done) / progress.of} aria-label="Progress" />
        </Box>
      ) : (
        <Stack direction="row" spacing={1} sx={{ alignItems: 'center', flexWrap: 'wrap', rowGap: 1 }}>
          <Typography variant="body2" sx={{ mr: 1 }}>
            {chosen.length} selected
          </Typography>
          <Button size="small" color="success" variant="contained" startIcon={<CheckIcon />} onClick={() => run('verify')}>
            Verify {chosen.length}
          </Button>
          <Button size="small" color="error" variant="outlined" startIcon={<CloseIcon />} onClick={() => setRejecting(true)}>
            Reject {chosen.length}
          </Button>
          <Button size="small" onClick={() => onUnselectItems()}>
            Clear
          </Button>
        </Stack>
      )}
      <ReasonDialog open={rejecting} title={`Reject ${chosen.length} numbers`}
        text="One reason for all of them; each editor reads it on their number. Each is rejected on its own, and any the API refuses stays in the queue."
        action={`Reject ${chosen.length}`} color="error" pending={!!progress} onClose={() => setRejecting(false)} onConfirm={(reason) => run('reject', reason)} />
    </Box>
  );
};
