import BlockIcon from '@mui/icons-material/Block';
import { Alert, Button, Dialog, DialogActions, DialogContent, DialogContentText, DialogTitle, TextField } from '@mui/material';
import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import { useDataProvider, useNotify, useRecordContext, useRefresh } from 'react-admin';
import type { SourcedDataProvider } from '../dataProvider';

/**
 * A source that should no longer be cited (gone for good, unreliable, replaced) is retired, never
 * deleted: the numbers citing it keep their citation and history, and no new number can cite it.
 */
export const RetireSource = () => {
  const record = useRecordContext();
  const dataProvider = useDataProvider<SourcedDataProvider>();
  const notify = useNotify();
  const refresh = useRefresh();
  const [open, setOpen] = useState(false);
  const [reason, setReason] = useState('');
  const { mutate, isPending } = useMutation({
    mutationFn: () => dataProvider.retire('sources', record!, reason.trim()),
    onSuccess: () => {
      notify('Source retired: the numbers citing it keep it; new ones cannot cite it.', { type: 'info' });
      setOpen(false);
      refresh();
    },
    onError: (error: Error) => notify(error.message, { type: 'error' }),
  });
  if (!record) return null;
  if (record.retiredAt) {
    return (
      <Alert severity="warning" data-testid="source-retired" sx={{ mb: 2 }}>
        Retired on {new Date(record.retiredAt).toLocaleDateString()}: {record.retirementReason} New numbers cannot cite it.
      </Alert>
    );
  }
  return (
    <>
      <Button color="warning" variant="outlined" size="small" startIcon={<BlockIcon />} onClick={() => setOpen(true)} sx={{ mb: 2 }}>
        Retire this source
      </Button>
      <Dialog open={open} onClose={() => setOpen(false)} fullWidth maxWidth="sm">
        <DialogTitle>Retire this source</DialogTitle>
        <DialogContent>
          <DialogContentText sx={{ mb: 2 }}>
            The {record.citationCount ?? 0} number(s) citing it keep their citation and history; no new number can cite it. Say why.
          </DialogContentText>
          <TextField autoFocus fullWidth multiline minRows={2} label="Reason" value={reason} onChange={(event) => setReason(event.target.value)} required />
        </DialogContent>
        <DialogActions>
          <Button onClick={() => setOpen(false)}>Cancel</Button>
          <Button color="warning" variant="contained" disabled={!reason.trim() || isPending} onClick={() => mutate()}>
            Retire
          </Button>
        </DialogActions>
      </Dialog>
    </>
  );
};
