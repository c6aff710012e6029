import PublicIcon from '@mui/icons-material/Public';
import PublicOffIcon from '@mui/icons-material/PublicOff';
import { Box, Button, Tooltip, Typography } from '@mui/material';
import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import { useDataProvider, useNotify, usePermissions, useRecordContext, useRefresh, useResourceContext } from 'react-admin';
import { can } from '../authProvider';
import type { SourcedDataProvider } from '../dataProvider';
import { ReasonDialog } from './ReasonDialog';
import { StatusChip } from './StatusChip';

/** Where a catalog record stands (draft, published, retired) and, for reviewers, the way to change it. */
export const PublicationControl = () => {
  const record = useRecordContext();
  const resource = useResourceContext()!;
  const { permissions } = usePermissions();
  const dataProvider = useDataProvider<SourcedDataProvider>();
  const notify = useNotify();
  const refresh = useRefresh();
  const allowed = can.review(permissions);
  const [retiring, setRetiring] = useState(false);
  const { mutate, isPending } = useMutation({
    mutationFn: ({ action, reason }: { action: 'publish' | 'retire'; reason?: string }) =>
      action === 'publish' ? dataProvider.publish(resource, record!) : dataProvider.retire(resource, record!, reason),
    onSuccess: (_data, { action }) => {
      notify(action === 'publish' ? 'Published: it shows in the public API.' : 'Retired: it no longer shows in the public API; it stays here with its history.', { type: 'info' });
      setRetiring(false);
      refresh();
    },
    onError: (error: Error) => notify(error.message, { type: 'error' }),
  });
  if (!record) return null;
  const why = allowed ? undefined : 'Only reviewers and admins publish or retire';
  return (
    <Box sx={{ display: 'flex', alignItems: 'center', gap: 1.5, mb: 1, flexWrap: 'wrap' }} data-testid="publication">
      <Typography variant="body2" color="text.secondary">
        Publication:
      </Typography>
      <StatusChip source="publication" />
      {record.publication !== 'PUBLISHED' && (
        <Tooltip title={why ?? 'Show it (and its verified numbers) in the public API'}>
          <span>
            <Button size="small" startIcon={<PublicIcon />} disabled={!allowed || isPending} onClick={() => mutate({ action: 'publish' })}>
              Publish
            </Button>
          </span>
        </Tooltip>
      )}
      {record.publication === 'PUBLISHED' && (
        <Tooltip title={why ?? 'Take it off the public API; it stays here with its history'}>
          <span>
            <Button size="small" color="warning" startIcon={<PublicOffIcon />} disabled={!allowed || isPending} onClick={() => setRetiring(true)}>
              Retire
            </Button>
          </span>
        </Tooltip>
      )}
      {retiring && (
        <ReasonDialog open title={`Retire ${record.name ?? 'this record'}`}
          text="It leaves the public API (with the numbers shown under it) and stays here with its history. Say why; your reason is kept in its history and the audit trail."
          action="Retire" color="warning" pending={isPending} onClose={() => setRetiring(false)} onConfirm={(reason) => mutate({ action: 'retire', reason })} />
      )}
    </Box>
  );
};
