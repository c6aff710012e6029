import PauseCircleIcon from '@mui/icons-material/PauseCircle';
import PlayArrowIcon from '@mui/icons-material/PlayArrow';
import { Button, DialogActions, DialogContent, DialogContentText, DialogTitle, TextField } from '@mui/material';
import { useState } from 'react';
import { useNotify, useRecordContext, useUpdate } from 'react-admin';
import { GuardedDialog } from '../forms/GuardedDialog';

/**
 * Disable (after a confirmation saying what happens to deliveries) or enable a webhook. Enabling asks
 * nothing: it only resumes sending.
 */
export const WebhookToggle = () => {
  const record = useRecordContext();
  const notify = useNotify();
  const [update, { isPending }] = useUpdate();
  const [asking, setAsking] = useState(false);
  const [reason, setReason] = useState('');
  if (!record) return null;
  const change = (enabled: boolean) =>
    update(
      'webhooks',
      { id: record.id, data: { enabled, disabledReason: reason }, previousData: record },
      {
        mutationMode: 'pessimistic',
        onSuccess: () => {
          setAsking(false);
          setReason('');
          notify(enabled ? 'Webhook enabled: waiting deliveries are sent, oldest first.' : 'Webhook disabled: its waiting deliveries are kept.', { type: 'info' });
        },
        onError: (error) => notify((error as Error).message, { type: 'error' }),
      },
    );
  if (!record.enabled) {
    return (
      <Button size="small" color="success" startIcon={<PlayArrowIcon />} disabled={isPending} onClick={() => change(true)}>
        Enable
      </Button>
    );
  }
  return (
    <>
      <Button size="small" color="warning" startIcon={<PauseCircleIcon />} disabled={isPending} onClick={() => setAsking(true)}>
        Disable
      </Button>
      <GuardedDialog dirty={reason.trim() !== ''} open={asking} onClose={() => setAsking(false)} fullWidth maxWidth="sm">
        <DialogTitle>Disable this webhook?</DialogTitle>
        <DialogContent>
          {/* The outbox trigger queues every change for it, enabled or not (db/migrations …_change_log_public_writes). */}
          <DialogContentText sx={{ mb: 2, overflowWrap: 'anywhere' }}>
            Nothing more is sent to {record.url} until it is enabled again. Its deliveries wait, including those of changes published
            meanwhile: none is dropped, and they are sent, oldest first, once it is enabled.
          </DialogContentText>
          <TextField fullWidth label="Reason (optional)" value={reason} onChange={(event) => setReason(event.target.value)}
            helperText="Shown on the webhook; without one it says who disabled it" />
        </DialogContent>
        <DialogActions>
          <Button onClick={() => setAsking(false)}>Cancel</Button>
          <Button color="warning" variant="contained" disabled={isPending} onClick={() => change(false)}>
            Disable webhook
          </Button>
        </DialogActions>
      </GuardedDialog>
    </>
  );
};
