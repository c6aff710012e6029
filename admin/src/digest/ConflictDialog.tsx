import { Button, Dialog, DialogActions, DialogContent, DialogContentText, DialogTitle } from '@mui/material';

export interface Conflict {
  currentVersion: number;
  changedBy: string | null;
  changedAt: string | null;
}

const when = (at: string | null) => (at ? ` on ${new Date(at).toLocaleString('en-GB', { dateStyle: 'medium', timeStyle: 'short' })}` : '');

/**
 * Someone saved the digest after it was loaded: nothing was overwritten. Either keep what was typed
 * and take their version (the next save replaces theirs), or load theirs instead.
 */
export const ConflictDialog = ({ conflict, onKeepMine, onLoadTheirs, onClose }: {
  conflict: Conflict | null;
  onKeepMine: () => void;
  onLoadTheirs: () => void;
  onClose: () => void;
}) => (
  <Dialog open={!!conflict} onClose={onClose} aria-labelledby="digest-conflict-title">
    <DialogTitle id="digest-conflict-title">Someone else saved this digest</DialogTitle>
    <DialogContent>
      <DialogContentText>
        {conflict?.changedBy ?? 'Someone'} saved it{when(conflict?.changedAt ?? null)}, after you opened it (it is now at version {conflict?.currentVersion}).
        Your changes were <strong>not saved</strong> and theirs were not overwritten.
      </DialogContentText>
      <DialogContentText sx={{ mt: 1 }}>
        Keep your text and items to save them over their version, or load their version and lose yours.
      </DialogContentText>
    </DialogContent>
    <DialogActions sx={{ flexWrap: 'wrap', gap: 1 }}>
      <Button color="error" onClick={onLoadTheirs}>
        Load theirs, discard mine
      </Button>
      <Button variant="contained" autoFocus onClick={onKeepMine}>
        Keep my changes
      </Button>
    </DialogActions>
  </Dialog>
);
