import CheckIcon from '@mui/icons-material/Check';
import { Button, Tooltip } from '@mui/material';
import { useMutation } from '@tanstack/react-query';
import { useDataProvider, useNotify, useRecordContext, useRefresh, useResourceContext } from 'react-admin';
import type { SourcedDataProvider } from '../dataProvider';
import { useReviewRules } from '../workflow/useReviewRules';

/** Verifies a pending number; disabled, with the reason in a tooltip, for one's own entries. */
export const VerifyButton = ({ resource: given }: { resource?: string }) => {
  const record = useRecordContext();
  const contextResource = useResourceContext();
  const resource = given ?? record?.resource ?? contextResource;
  const dataProvider = useDataProvider<SourcedDataProvider>();
  const notify = useNotify();
  const refresh = useRefresh();
  const { canReview, reason } = useReviewRules(record);
  const { mutate, isPending } = useMutation({
    mutationFn: () => dataProvider.verify(resource!, record!),
    onSuccess: () => {
      notify('Verified: the number is now public.', { type: 'success' });
      refresh();
    },
    onError: (error: Error) => notify(error.message, { type: 'error' }),
  });
  if (!record) return null;
  return (
    <Tooltip title={reason ?? 'Checked against the source: publish it'}>
      <span>
        <Button size="small" color="success" variant="contained" startIcon={<CheckIcon />} disabled={!canReview || isPending}
          onClick={(event) => {
            event.stopPropagation();
            mutate();
          }}>
          Verify
        </Button>
      </span>
    </Tooltip>
  );
};
