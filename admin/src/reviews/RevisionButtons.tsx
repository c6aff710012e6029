import CheckIcon from '@mui/icons-material/Check';
import CloseIcon from '@mui/icons-material/Close';
import { Button, Stack, Tooltip } from '@mui/material';
import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import { useDataProvider, useGetIdentity, useNotify, useRefresh, type RaRecord } from 'react-admin';
import type { SourcedDataProvider } from '../dataProvider';
import { ReasonDialog } from '../workflow/ReasonDialog';

/** Approve (a second person lets the change through) or reject with a reason, for one pending revision. */
export const RevisionButtons = ({ revision }: { revision: RaRecord }) => {
  const dataProvider = useDataProvider<SourcedDataProvider>();
  const notify = useNotify();
  const refresh = useRefresh();
  const { identity } = useGetIdentity();
  const [rejecting, setRejecting] = useState(false);
  const done = (message: string) => () => {
    notify(message, { type: 'info' });
    setRejecting(false);
    refresh();
  };
  const failed = (error: Error) => notify(error.message, { type: 'error' });
  const approve = useMutation({ mutationFn: () => dataProvider.verify('revisions', revision), onSuccess: done('Approved: the change is public now.'), onError: failed });
  const reject = useMutation({
    mutationFn: (reason: string) => dataProvider.reject('revisions', revision, reason),
    onSuccess: done('Rejected; the proposer sees your reason.'),
    onError: failed,
  });
  const own = !!identity && revision.proposedBy === identity.fullName;
  const refusal = own
    ? 'You proposed this change: a different reviewer must approve it (four eyes).'
    : !revision.canApprove
      ? 'Only reviewers and admins who did not propose it can approve.'
      : revision.stale
        ? 'The record changed since this was proposed: reject it, and propose the change again.'
        : null;
  return (
    <Stack direction="column" spacing={0.5} sx={{ whiteSpace: 'nowrap', alignItems: 'stretch' }}>
      <Tooltip title={refusal ?? 'Checked: let this change through to the public record'}>
        <span>
          <Button size="small" color="success" variant="contained" startIcon={<CheckIcon />} disabled={!!refusal || approve.isPending}
            onClick={() => approve.mutate()}>
            Approve
          </Button>
        </span>
      </Tooltip>
      <Button size="small" color="error" variant="outlined" startIcon={<CloseIcon />} disabled={!revision.canApprove && !own}
        onClick={() => setRejecting(true)}>
        {own ? 'Withdraw' : 'Reject'}
      </Button>
      <ReasonDialog open={rejecting} title={own ? 'Withdraw this change' : 'Reject this change'}
        text="Say why; whoever proposed it will read this." action={own ? 'Withdraw' : 'Reject'} color="error"
        pending={reject.isPending} onClose={() => setRejecting(false)} onConfirm={(reason) => reject.mutate(reason)} />
    </Stack>
  );
};
