import CloseIcon from '@mui/icons-material/Close';
import { Button, Dialog, DialogActions, DialogContent, DialogContentText, DialogTitle, TextField, Tooltip } from '@mui/material';
import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import { useDataProvider, useNotify, useRecordContext, useRefresh, useResourceContext } from 'react-admin';
import type { SourcedDataProvider } from '../dataProvider';
import { useReviewRules } from '../workflow/useReviewRules';

/** Rejects a pending number with a reason the editor will read. */
export const RejectButton = ({ resource: given }: { resource?: string }) => {
  const record = useRecordContext();
  const contextResource = useResourceContext();
  const resource = given ?? record?.resource ?? contextResource;
  const dataProvider = useDataProvider<SourcedDataProvider>();
  const notify = useNotify();
  const refresh = useRefresh();
  const [open, setOpen] = useState(false);
  const [reason, setReason] = useState('');
  const { canReview, reason: refused } = useReviewRules(record);
  const { mutate, isPending } = useMutation({
    mutationFn: () => dataProvider.reject(resource!, record!, reason.trim()),
    onSuccess: () => {
      notify('Rejected; the editor sees your reason.', { type: 'info' });
      setOpen(false);
      refresh();
    },
    onError: (error: Error) => notify(error.message, { type: 'error' }),
  });
  if (!record) return null;
  return (
    <>
      <Tooltip title={refused ?? 'Does not match its source: send it back with a reason'}>
        <span>
          <Button size="small" color="error" variant="outlined" startIcon={<CloseIcon />} disabled={!canReview}
            onClick={(event) => {
              event.stopPropagation();
              setOpen(true);
            }}>
            Reject
          </Button>
        </span>
      </Tooltip>
      <Dialog open={open} onClose={() => setOpen(false)} onClick={(event) => event.stopPropagation()} fullWidth maxWidth="sm">
        <DialogTitle>Reject this number</DialogTitle>
        <DialogContent>
          <DialogContentText sx={{ mb: 2 }}>Say what does not match the source; the editor who entered it will read this.</DialogContentText>
          <TextField autoFocus fullWidth multiline minRows={2} label="Reason" value={reason} onChange={(e) => setReason(e.target.value)}
            required error={reason.length > 0 && !reason.trim()} />
        </DialogContent>
        <DialogActions>
          <Button onClick={() => setOpen(false)}>Cancel</Button>
          <Button color="error" variant="contained" disabled={!reason.trim() || isPending} onClick={() => mutate()}>
            Reject
          </Button>
        </DialogActions>
      </Dialog>
    </>
  );
};
