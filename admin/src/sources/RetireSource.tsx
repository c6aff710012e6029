import BlockIcon from '@mui/icons-material/Block';
import { Alert, Button } from '@mui/material';
import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import { useDataProvider, useNotify, useRecordContext, useRefresh } from 'react-admin';
import type { SourcedDataProvider } from '../dataProvider';
import { ReasonDialog } from '../workflow/ReasonDialog';

/**
 * A source that should no longer be cited (gone for good, unreliable, replaced) is retired, never
 * deleted: the numbers citing it keep their citation and history, and no new number can cite it.
 */
export const RetireSource = () => {
  const record = useRecordContext();
  const dataProvider = useDataProvider<SourcedDataProvider>();
  const notify = useNotify();
  const refresh = useRefresh();
  const [open, setOpen] = useState(false);
  const { mutate, isPending } = useMutation({
    mutationFn: (reason: string) => dataProvider.retire('sources', record!, reason),
    onSuccess: () => {
      notify('Source retired: the numbers citing it keep it; new ones cannot cite it.', { type: 'info' });
      setOpen(false);
      refresh();
    },
    onError: (error: Error) => notify(error.message, { type: 'error' }),
  });
  if (!record) return null;
  if (record.retiredAt) {
    return (
      <Alert severity="warning" data-testid="source-retired" sx={{ mb: 2 }}>
        Retired on {new Date(record.retiredAt).toLocaleDateString()}: {record.retirementReason} New numbers cannot cite it.
      </Alert>
    );
  }
  return (
    <>
      <Button color="warning" variant="outlined" size="small" startIcon={<BlockIcon />} onClick={() => setOpen(true)} sx={{ mb: 2 }}>
        Retire this source
      </Button>
      <ReasonDialog open={open} title="Retire this source"
        text={`The ${record.citationCount ?? 0} number(s) citing it keep their citation and history; no new number can cite it. Say why.`}
        action="Retire" color="warning" pending={isPending} onClose={() => setOpen(false)} onConfirm={(reason) => mutate(reason)} />
    </>
  );
};
