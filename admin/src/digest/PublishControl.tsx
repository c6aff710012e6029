import SendIcon from '@mui/icons-material/Send';
import { Box, Button, Dialog, DialogActions, DialogContent, DialogContentText, DialogTitle, Typography } from '@mui/material';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useId, useState } from 'react';
import { useNotify, usePermissions } from 'react-admin';
import { can } from '../authProvider';
import { draftKey, publishDigest } from './api';
import type { Draft } from './types';

interface Props {
  draft: Draft;
  unsaved: boolean;
  onPublished: (recipients: number) => void;
}

const plural = (n: number, one: string) => `${n} ${one}${n === 1 ? '' : 's'}`;

/** Publish, for reviewers and admins who did not save the digest (four eyes); others read who publishes it. */
export const PublishControl = ({ draft, unsaved, onPublished }: Props) => {
  const { permissions } = usePermissions();
  const notify = useNotify();
  const queryClient = useQueryClient();
  const [confirming, setConfirming] = useState(false);
  const reasonId = useId();
  const publish = useMutation({
    mutationFn: () => publishDigest(draft.week, draft.version ?? null),
    onSuccess: (recipients) => {
      setConfirming(false);
      notify(`Published: queued for ${plural(recipients, 'subscriber')}.`, { type: 'success' });
      onPublished(recipients);
      // The draft is now published: the page shows it read-only.
      queryClient.invalidateQueries({ queryKey: draftKey(draft.week) });
    },
    onError: (error: Error) => {
      setConfirming(false);
      notify(error.message, { type: 'error' });
    },
  });
  if (!can.review(permissions)) {
    return (
      <Typography variant="body2" color="text.secondary" sx={{ flexBasis: '100%' }}>
        A reviewer or an admin publishes the digest once it is saved (someone other than who assembled it).
      </Typography>
    );
  }
  const reason =
    draft.status === 'NEW'
      ? 'Save the digest first: subscribers get it as saved.'
      : draft.assembledByYou
        ? 'You saved this digest: a different reviewer or admin must publish it (four eyes).'
        : unsaved
          ? 'You have unsaved changes: save or undo them first, since subscribers get the digest as saved.'
          : null;
  return (
    <>
      <Button variant="contained" color="success" startIcon={<SendIcon />} disabled={!!reason || publish.isPending}
        aria-describedby={reason ? reasonId : undefined} onClick={() => setConfirming(true)}>
        Publish
      </Button>
      {reason && (
        <Box sx={{ flexBasis: '100%' }}>
          <Typography id={reasonId} variant="body2" color="text.secondary" data-testid="publish-reason">
            {reason}
          </Typography>
        </Box>
      )}
      <Dialog open={confirming} onClose={() => setConfirming(false)} aria-labelledby="publish-title">
        <DialogTitle id="publish-title">Publish the digest of {draft.week}?</DialogTitle>
        <DialogContent>
          <DialogContentText>
            “{draft.title}” becomes public at /digest/{draft.week} and is emailed, as saved, to every confirmed subscriber (one email each,
            from the mail queue). Once published it no longer changes.
          </DialogContentText>
        </DialogContent>
        <DialogActions>
          <Button onClick={() => setConfirming(false)}>Cancel</Button>
          <Button variant="contained" color="success" disabled={publish.isPending} onClick={() => publish.mutate()}>
            Publish and send
          </Button>
        </DialogActions>
      </Dialog>
    </>
  );
};
