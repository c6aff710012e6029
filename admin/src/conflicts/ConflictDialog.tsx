import {
  Alert,
  Box,
  Button,
  Dialog,
  DialogActions,
  DialogContent,
  DialogContentText,
  DialogTitle,
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableRow,
  Typography,
} from '@mui/material';
import type { RaRecord } from 'react-admin';
import type { ConflictDetails } from '../dataProvider/payload';

export interface ConflictState extends ConflictDetails {
  /** The values the editor tried to save (dotted paths, leaves only), so they can be reapplied. */
  attempted: [string, unknown][];
  /** The record as the editor opened it. */
  opened?: Record<string, unknown>;
  /** The record as it is saved now, once fetched. */
  latest?: RaRecord | null;
}

const when = (at: string | null | undefined) => {
  if (!at) return null;
  const date = new Date(at);
  return Number.isNaN(date.getTime()) ? at : date.toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });
};

const show = (value: unknown) =>
  value == null || value === '' ? '(empty)' : typeof value === 'object' ? JSON.stringify(value) : String(value);

const same = (a: unknown, b: unknown) => JSON.stringify(a === '' ? null : (a ?? null)) === JSON.stringify(b === '' ? null : (b ?? null));

export const valueAt = (record: Record<string, unknown> | null | undefined, path: string): unknown =>
  path.split('.').reduce<unknown>((value, key) => (value && typeof value === 'object' ? (value as Record<string, unknown>)[key] : undefined), record);

/** The form's label for a field ("API key env"), else its path. */
const labelOf = (path: string) => {
  const input = typeof document === 'undefined' ? null : document.querySelector(`[name="${CSS.escape(path)}"]`);
  const label = input instanceof HTMLInputElement || input instanceof HTMLTextAreaElement ? input.labels?.[0]?.textContent : null;
  return label?.replace(/[\s\u2009*]+$/, '').trim() || path;
};

/** One row per field the editor changed: what they typed, what is saved now, and whether the other save touched it. */
const FieldDiff = ({ conflict }: { conflict: ConflictState }) => {
  const who = conflict.changedBy ?? 'someone else';
  return (
    <Table size="small" aria-label="Your changes and the saved record" sx={{ mt: 2 }} data-testid="conflict-diff">
      <TableHead>
        <TableRow>
          <TableCell>Field</TableCell>
          <TableCell>You typed</TableCell>
          <TableCell>Saved now</TableCell>
        </TableRow>
      </TableHead>
      <TableBody>
        {conflict.attempted.map(([path, mine]) => {
          const saved = conflict.latest ? valueAt(conflict.latest, path) : undefined;
          const theyChangedIt = conflict.latest && !same(saved, valueAt(conflict.opened, path));
          return (
            <TableRow key={path}>
              <TableCell>
                {labelOf(path)}
                {labelOf(path) !== path && (
                  <Typography component="code" variant="caption" color="text.secondary" sx={{ display: 'block' }}>
                    {path}
                  </Typography>
                )}
              </TableCell>
              <TableCell sx={{ overflowWrap: 'anywhere' }}>{show(mine)}</TableCell>
              <TableCell sx={{ overflowWrap: 'anywhere' }}>
                {conflict.latest === undefined ? (
                  'loading…'
                ) : conflict.latest === null ? (
                  'could not be read'
                ) : (
                  <>
                    {show(saved)}
                    <Typography variant="caption" color={theyChangedIt ? 'warning.main' : 'text.secondary'} sx={{ display: 'block' }}>
                      {theyChangedIt ? `changed by ${who}: yours replaces it` : 'not changed since you opened it'}
                    </Typography>
                  </>
                )}
              </TableCell>
            </TableRow>
          );
        })}
      </TableBody>
    </Table>
  );
};

/**
 * Tells the editor that someone else saved first, who and when, shows field by field what they typed
 * against what is saved now, and offers to re-apply it to the latest version (to review and save) or
 * to reload and discard it, saying what would be discarded. Nothing was overwritten.
 */
export const ConflictDialog = ({ conflict, onReapply, onReload, onClose }: {
  conflict: ConflictState | null;
  onReapply: () => void;
  onReload: () => void;
  onClose: () => void;
}) => {
  const count = conflict?.attempted.length ?? 0;
  const changes = `${count} change${count === 1 ? '' : 's'}`;
  return (
    // An outside click or Escape keeps editing: nothing is discarded without the button that says so.
    <Dialog open={!!conflict} onClose={onClose} aria-labelledby="conflict-title" maxWidth="md" fullWidth>
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
            {conflict?.currentVersion ? ` (the record is now at version ${conflict.currentVersion})` : ''}.
            {count > 0 ? ' Re-apply your changes to the latest version to review them there and save, or reload and discard them.' : ' Reload to see their version.'}
          </Typography>
        </DialogContentText>
        {conflict && count > 0 && <FieldDiff conflict={conflict} />}
        {conflict && count > 0 && (
          <Alert severity="warning" variant="outlined" sx={{ mt: 2 }}>
            Reloading discards your {changes}: {conflict.attempted.map(([path]) => labelOf(path)).join(', ')}.
          </Alert>
        )}
      </DialogContent>
      <DialogActions sx={{ flexWrap: 'wrap', gap: 1 }}>
        <Button onClick={onClose} sx={{ whiteSpace: 'nowrap' }}>
          Keep editing
        </Button>
        <Box sx={{ flex: 1 }} />
        <Button color={count > 0 ? 'warning' : 'primary'} onClick={onReload} variant={count > 0 ? 'text' : 'contained'} autoFocus={count === 0}>
          {count > 0 ? `Reload the record and discard my ${changes}` : 'Reload the record'}
        </Button>
        {count > 0 && (
          <Button onClick={onReapply} variant="contained" autoFocus disabled={conflict?.latest === undefined}>
            Re-apply my changes to the latest version
          </Button>
        )}
      </DialogActions>
    </Dialog>
  );
};
