import CameraAltIcon from '@mui/icons-material/CameraAlt';
import { Button } from '@mui/material';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useNotify } from 'react-admin';
import { CaptureSource } from '../dataProvider/documents';
import { graphql } from '../dataProvider/graphqlClient';

interface CaptureResult {
  __typename: string;
  message?: string;
  changed?: boolean;
}

/** Captures the source's page now; every check and list of captures is read again afterwards. */
export const CaptureButton = ({ sourceId, label = 'Capture the page now', onCaptured }: { sourceId: string; label?: string; onCaptured?: () => void }) => {
  const notify = useNotify();
  const queryClient = useQueryClient();
  const { mutate, isPending } = useMutation({
    mutationFn: async () => (await graphql<{ result: CaptureResult }>(CaptureSource, { id: sourceId })).result,
    onSuccess: (result) => {
      if (result.__typename === 'CaptureSourceSuccess') {
        notify(result.changed === false ? 'Captured: the page is the same as at the last capture.' : 'Captured: the page was saved and its numbers checked.', { type: 'success' });
      } else {
        notify(result.message ?? 'The page could not be captured.', { type: result.__typename === 'CaptureInProgressError' ? 'info' : 'error' });
      }
      queryClient.invalidateQueries({ queryKey: ['evidence'] });
      onCaptured?.();
    },
    onError: (error: Error) => notify(error.message, { type: 'error' }),
  });
  return (
    <Button size="small" variant="outlined" startIcon={<CameraAltIcon />} disabled={isPending}
      onClick={(event) => {
        event.stopPropagation();
        mutate();
      }}>
      {isPending ? 'Capturing…' : label}
    </Button>
  );
};
