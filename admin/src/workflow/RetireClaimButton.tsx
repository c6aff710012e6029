import ArchiveIcon from '@mui/icons-material/Archive';
import { Button, Tooltip } from '@mui/material';
import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import { useDataProvider, useGetIdentity, useNotify, usePermissions, useRecordContext, useRefresh } from 'react-admin';
import { can } from '../authProvider';
import type { SourcedDataProvider } from '../dataProvider';
import { ReasonDialog } from './ReasonDialog';

/**
 * Withdraws a number without a replacement (it stays in the history), after a confirmation with a
 * reason. An open entry: its author or a reviewer; a published one: reviewers only, as the API has it.
 */
export const RetireClaimButton = ({ resource }: { resource: string }) => {
  const record = useRecordContext();
  const { permissions } = usePermissions();
  const { identity } = useGetIdentity();
  const dataProvider = useDataProvider<SourcedDataProvider>();
  const notify = useNotify();
  const refresh = useRefresh();
  const [open, setOpen] = useState(false);
  const { mutate, isPending } = useMutation({
    mutationFn: (reason: string) => dataProvider.retire(resource, record!, reason),
    onSuccess: () => {
      notify(record?.status === 'VERIFIED' ? 'Withdrawn: the number no longer shows in the public API; it stays in the history.' : 'Withdrawn: it stays in the history.', { type: 'info' });
      setOpen(false);
      refresh();
    },
    onError: (error: Error) => notify(error.message, { type: 'error' }),
  });
  if (!record || record.status === 'RETIRED' || record.status === 'SUPERSEDED') return null;
  const why = can.review(permissions)
    ? undefined
    : record.status === 'VERIFIED'
      ? 'Only reviewers withdraw a published number'
      : identity && record.enteredBy?.id !== identity.id
        ? 'Only its author or a reviewer withdraws an open entry'
        : undefined;
  return (
    <>
      <Tooltip title={why ?? 'Withdraw it without a replacement; it stays in the history'}>
        <span>
          <Button size="small" color="warning" startIcon={<ArchiveIcon />} disabled={!!why || isPending} onClick={() => setOpen(true)}>
            Retire
          </Button>
        </span>
      </Tooltip>
      {open && (
        <ReasonDialog open title="Retire this number"
          text={record.status === 'VERIFIED'
            ? 'It no longer shows in the public API and nothing replaces it (to change its value, enter a correction instead). It stays in the history. Say why.'
            : 'It leaves the review queue and stays in the history. Say why.'}
          action="Retire" color="warning" pending={isPending} onClose={() => setOpen(false)} onConfirm={(reason) => mutate(reason)} />
      )}
    </>
  );
};
