import { Button, DialogActions, DialogContent, DialogContentText, DialogTitle, TextField } from '@mui/material';
import { useState } from 'react';
import { GuardedDialog } from '../forms/GuardedDialog';

/** Asks why before a step that needs a reason (rejecting a number, retiring a source); confirms only with one. */
export const ReasonDialog = ({ open, title, text, action, color, pending, onClose, onConfirm }: {
  open: boolean;
  title: string;
  text: string;
  /** The confirming button's label. */
  action: string;
  color: 'error' | 'warning';
  pending: boolean;
  onClose: () => void;
  onConfirm: (reason: string) => void;
}) => {
  const [reason, setReason] = useState('');
  return (
    <GuardedDialog dirty={reason.trim() !== ''} open={open} onClose={onClose} onClick={(event) => event.stopPropagation()} fullWidth maxWidth="sm">
      <DialogTitle>{title}</DialogTitle>
      <DialogContent>
        <DialogContentText sx={{ mb: 2 }}>{text}</DialogContentText>
        <TextField autoFocus fullWidth multiline minRows={2} label="Reason" value={reason} onChange={(event) => setReason(event.target.value)}
          required error={reason.length > 0 && !reason.trim()} />
      </DialogContent>
      <DialogActions>
        <Button onClick={onClose}>Cancel</Button>
        <Button color={color} variant="contained" disabled={!reason.trim() || pending} onClick={() => onConfirm(reason.trim())}>
          {action}
        </Button>
      </DialogActions>
    </GuardedDialog>
  );
};
