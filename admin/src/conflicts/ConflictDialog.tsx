import { Alert, Button, Dialog, DialogActions, DialogContent, DialogContentText, DialogTitle, Typography } from '@mui/material';
import type { ConflictDetails } from '../dataProvider/payload';

export interface ConflictState extends ConflictDetails {
  /** The values the editor tried to save, so they can be reapplied after the reload. */
  attempted: [string, unknown][];
}

const when = (at: string | null | undefined) => {
  if (!at) return null;
  const date = new Date(at);
  return Number.isNaN(date.getTime()) ? at : date.toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });
};

const show = (value: unknown) => (value == null ? '(empty)' : typeof value === 'object' ? JSON.stringify(value) : String(value));

/** Tells the editor that someone else saved first, who and when, and offers to reload: nothing was overwritten. */
export const ConflictDialog = ({ conflict, onReload, onClose }: { conflict: ConflictState | null; onReload: () => void; onClose: () => void }) => (
  <Dialog open={!!conflict} onClose={onClose} aria-labelledby="conflict-title" maxWidth="sm" fullWidth>
    <DialogTitle id="conflict-title">This record changed while you were editing it</DialogTitle>
    <DialogContent>
      <DialogContentText component="div" data-testid="conflict-message">
        {conflict?.changedBy ? (
          <Typography>
            <strong>{conflict.changedBy}</strong> saved a change{conflict.changedAt ? <> on <strong>{when(conflict.changedAt)}</strong></> : null}, after
            you opened this page.
          </Typography>
        ) : (
          <Typography>Someone else saved a change{conflict?.changedAt ? <> on <strong>{when(conflict.changedAt)}</strong></> : null} after you opened this page.</Typography>
        )}
        <Typography sx={{ mt: 1 }}>
          Your change was <strong>not saved</strong>, and theirs was not overwritten
          {conflict?.currentVersion ? ` (the record is now at version ${conflict.currentVersion})` : ''}. Reload to see their version, then apply your change
          again.
        </Typography>
      </DialogContentText>
      {conflict && conflict.attempted.length > 0 && (
        <Alert severity="info" variant="outlined" sx={{ mt: 2 }}>
          Your unsaved values:
          <ul style={{ margin: '4px 0 0', paddingLeft: 20 }}>
            {conflict.attempted.map(([field, value]) => (
              <li key={field}>
                <code>{field}</code>: {show(value)}
              </li>
            ))}
          </ul>
        </Alert>
      )}
    </DialogContent>
    <DialogActions>
      <Button onClick={onClose}>Keep editing</Button>
      <Button onClick={onReload} variant="contained" autoFocus>
        Reload the record
      </Button>
    </DialogActions>
  </Dialog>
);
