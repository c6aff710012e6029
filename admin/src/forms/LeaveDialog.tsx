import { Button, Dialog, DialogActions, DialogContent, DialogContentText, DialogTitle } from '@mui/material';
import { useId } from 'react';

/** "Leave without saving?": staying is the default (focused, and what Escape or an outside click does). */
export const LeaveDialog = ({ open, text, onStay, onLeave }: { open: boolean; text: string; onStay: () => void; onLeave: () => void }) => {
  const titleId = useId();
  return (
    <Dialog open={open} onClose={onStay} aria-labelledby={titleId}>
      <DialogTitle id={titleId}>Leave without saving?</DialogTitle>
      <DialogContent>
        <DialogContentText>{text}</DialogContentText>
      </DialogContent>
      <DialogActions>
        <Button variant="contained" autoFocus onClick={onStay}>
          Stay and keep editing
        </Button>
        <Button color="error" onClick={onLeave}>
          Leave without saving
        </Button>
      </DialogActions>
    </Dialog>
  );
};
