import ContentCopyIcon from '@mui/icons-material/ContentCopy';
import { Alert, Button, Dialog, DialogActions, DialogContent, DialogContentText, DialogTitle, TextField } from '@mui/material';
import { useNotify } from 'react-admin';

/**
 * The signing secret, shown once: the API gives it only in createWebhook's answer. The dialog closes
 * only through its button (not a stray click or Escape), so the secret is not lost by accident.
 */
export const SecretDialog = ({ url, secret, onDone }: { url: string; secret: string; onDone: () => void }) => {
  const notify = useNotify();
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(secret);
      notify('Secret copied to the clipboard.', { type: 'success' });
    } catch {
      // No clipboard access (an http page, a refused permission): the text field still lets one select it.
      notify('The browser did not allow copying: select the secret and copy it.', { type: 'warning' });
    }
  };
  return (
    <Dialog open fullWidth maxWidth="sm" aria-describedby="webhook-secret-once">
      <DialogTitle>Webhook created: copy its signing secret</DialogTitle>
      <DialogContent>
        <DialogContentText sx={{ mb: 2, overflowWrap: 'anywhere' }}>
          Requests to {url} are signed with this secret (Standard Webhooks: the webhook-signature header). Give it to the receiver so it can check them.
        </DialogContentText>
        <TextField
          label="Signing secret"
          value={secret}
          fullWidth
          slotProps={{ htmlInput: { readOnly: true, spellCheck: false, style: { fontFamily: 'monospace' } } }}
          onFocus={(event) => event.target.select()}
        />
        <Alert severity="warning" id="webhook-secret-once" sx={{ mt: 2 }}>
          Copy it now: it will not be shown again. If it is lost, delete this webhook and create another.
        </Alert>
      </DialogContent>
      <DialogActions sx={{ flexWrap: 'wrap', gap: 1 }}>
        <Button startIcon={<ContentCopyIcon />} onClick={copy}>
          Copy secret
        </Button>
        <Button variant="contained" onClick={onDone}>
          I have copied it
        </Button>
      </DialogActions>
    </Dialog>
  );
};
