import { Alert, Box, Button, Dialog, DialogActions, DialogContent, DialogTitle, Tab, Tabs, Typography, useMediaQuery, useTheme } from '@mui/material';
import { useState } from 'react';
import type { Preview } from './types';

/**
 * The email as saved, as subscribers will get it: the HTML in a sandboxed frame (no scripts, no
 * access to the app) and the plain-text part.
 */
export const PreviewDialog = ({ preview, unsaved, open, onClose }: { preview: Preview | null; unsaved: boolean; open: boolean; onClose: () => void }) => {
  const [tab, setTab] = useState<'html' | 'text'>('html');
  const fullScreen = useMediaQuery(useTheme().breakpoints.down('sm'));
  return (
    <Dialog open={open} onClose={onClose} fullScreen={fullScreen} fullWidth maxWidth="md" aria-labelledby="digest-preview-title">
      <DialogTitle id="digest-preview-title">Email preview</DialogTitle>
      <DialogContent dividers sx={{ minWidth: 0 }}>
        {unsaved && (
          <Alert severity="info" sx={{ mb: 1 }}>
            This is the email as last saved: save to see your latest changes.
          </Alert>
        )}
        {!preview ? (
          <Typography>Nothing is saved yet: save the digest to preview its email.</Typography>
        ) : (
          <>
            <Typography sx={{ overflowWrap: 'anywhere' }} data-testid="preview-subject">
              <strong>Subject:</strong> {preview.subject}
            </Typography>
            <Tabs value={tab} onChange={(_event, value) => setTab(value)} aria-label="Email part" sx={{ mb: 1 }}>
              <Tab value="html" label="HTML" />
              <Tab value="text" label="Plain text" />
            </Tabs>
            {tab === 'html' ? (
              <Box component="iframe" title="Email preview (HTML)" sandbox="" srcDoc={preview.html}
                sx={{ width: '100%', height: '60vh', border: 1, borderColor: 'divider', bgcolor: '#fff' }} />
            ) : (
              <Box component="pre" aria-label="Email preview (plain text)" tabIndex={0}
                sx={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere', fontSize: 14, m: 0, p: 1, border: 1, borderColor: 'divider' }}>
                {preview.text}
              </Box>
            )}
          </>
        )}
      </DialogContent>
      <DialogActions>
        <Button onClick={onClose}>Close</Button>
      </DialogActions>
    </Dialog>
  );
};
