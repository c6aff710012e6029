import CloseIcon from '@mui/icons-material/Close';
import { Button, Tooltip } from '@mui/material';
import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import { useDataProvider, useNotify, useRecordContext, useRefresh, useResourceContext } from 'react-admin';
import type { SourcedDataProvider } from '../dataProvider';
import { ReasonDialog } from '../workflow/ReasonDialog';
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
  const { canReview, reason: refused } = useReviewRules(record);
  const { mutate, isPending } = useMutation({
    mutationFn: (reason: string) => dataProvider.reject(resource!, record!, reason),
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
            data-action="reject" data-refusal={refused ?? undefined}
            onClick={(event) => {
              event.stopPropagation();
              setOpen(true);
            }}>
            Reject
          </Button>
        </span>
      </Tooltip>
      <ReasonDialog open={open} title="Reject this number" text="Say what does not match the source; the editor who entered it will read this."
        action="Reject" color="error" pending={isPending} onClose={() => setOpen(false)} onConfirm={(reason) => mutate(reason)} />
    </>
  );
};
