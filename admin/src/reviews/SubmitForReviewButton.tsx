import SendIcon from '@mui/icons-material/Send';
import { Button } from '@mui/material';
import { useMutation } from '@tanstack/react-query';
import { useDataProvider, useNotify, useRecordContext, useRefresh } from 'react-admin';
import type { SourcedDataProvider } from '../dataProvider';

/** Moves a draft into the review queue. */
export const SubmitForReviewButton = ({ resource }: { resource: string }) => {
  const record = useRecordContext();
  const dataProvider = useDataProvider<SourcedDataProvider>();
  const notify = useNotify();
  const refresh = useRefresh();
  const { mutate, isPending } = useMutation({
    mutationFn: () => dataProvider.submitForReview(resource, record!),
    onSuccess: () => {
      notify('Submitted: a reviewer will check it against its source.', { type: 'info' });
      refresh();
    },
    onError: (error: Error) => notify(error.message, { type: 'error' }),
  });
  if (!record) return null;
  return (
    <Button size="small" variant="contained" startIcon={<SendIcon />} disabled={isPending} onClick={() => mutate()}>
      Submit for review
    </Button>
  );
};
