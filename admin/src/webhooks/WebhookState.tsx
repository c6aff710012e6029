import { Alert, Chip, Stack, Typography } from '@mui/material';

// The API tells who disabled a webhook only by its reason's words: the worker writes "Disabled
// automatically: …" (server/webhooks/worker.ts); an admin's reason is free text.
const automaticPrefix = /^Disabled automatically:\s*/;

/** A webhook as the API lists it (DataTable renders give plain records). */
type Webhook = Record<string, any>;

export const isAutoDisabled = (record: Webhook | undefined) => !!record && !record.enabled && automaticPrefix.test(record.disabledReason ?? '');

export const when = (value: string | null | undefined) => (value ? new Date(value).toLocaleString() : '—');

/** Enabled, or Disabled with why. */
export const WebhookState = ({ record }: { record: Webhook }) => (
  <Stack spacing={0.5} sx={{ alignItems: 'flex-start' }}>
    <Chip size="small" color={record.enabled ? 'success' : 'error'} label={record.enabled ? 'Enabled' : 'Disabled'} />
    {!record.enabled && record.disabledReason && (
      <Typography variant="caption" color="text.secondary" sx={{ overflowWrap: 'anywhere' }}>
        {record.disabledReason}
      </Typography>
    )}
  </Stack>
);

/** The notice admins get instead of an email when the worker gave up on a webhook. */
export const AutoDisabledNotice = ({ record }: { record: Webhook }) => (
  <Alert severity="warning" data-testid="auto-disabled-notice" sx={{ mb: 2, overflowWrap: 'anywhere' }}>
    Deliveries to {record.url} failed for about a day, so it was disabled on {when(record.disabledAt)}:{' '}
    {String(record.disabledReason).replace(automaticPrefix, '')} Fix the receiver, then enable it: waiting deliveries are sent again, oldest first.
  </Alert>
);
