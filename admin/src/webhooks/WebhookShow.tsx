import { Box } from '@mui/material';
import {
  DeleteWithConfirmButton,
  FunctionField,
  Labeled,
  NumberField,
  Show,
  TextField,
  TopToolbar,
  useRecordContext,
  type RaRecord,
} from 'react-admin';
import { kindsText } from './changeKinds';
import { DeliveryLog } from './DeliveryLog';
import { AutoDisabledNotice, WebhookState, isAutoDisabled, when } from './WebhookState';
import { WebhookToggle } from './WebhookToggle';

const Title = () => {
  const record = useRecordContext();
  return <span>Webhook {record ? `to ${record.url}` : ''}</span>;
};

const Actions = () => (
  <TopToolbar sx={{ flexWrap: 'wrap', alignItems: 'center' }}>
    <WebhookToggle />
    <DeleteWithConfirmButton
      mutationMode="pessimistic"
      confirmTitle="Delete this webhook?"
      confirmContent="Nothing more is sent to it, and its delivery log is deleted with it. A receiver that still needs changes needs a new webhook (and its new secret)."
      successMessage="Webhook deleted, with its delivery log."
    />
  </TopToolbar>
);

/** Its settings and state; a webhook the worker gave up on says so first. */
const Details = () => {
  const record = useRecordContext();
  if (!record) return null;
  return (
    <>
      {isAutoDisabled(record) && <AutoDisabledNotice record={record} />}
      <Box sx={{ display: 'grid', gap: 2, gridTemplateColumns: { xs: '1fr', md: 'repeat(3, minmax(0, 1fr))' } }}>
        <Labeled label="URL">
          <TextField source="url" sx={{ overflowWrap: 'anywhere' }} />
        </Labeled>
        <Labeled label="Kinds">
          <FunctionField render={(one: RaRecord) => kindsText(one.kinds)} />
        </Labeled>
        <Labeled label="Description">
          <TextField source="description" emptyText="—" />
        </Labeled>
        <Labeled label="State">
          <FunctionField render={(one: RaRecord) => <WebhookState record={one} />} />
        </Labeled>
        <Labeled label="Failures in a row">
          <NumberField source="consecutiveFailures" data-testid="consecutive-failures" />
        </Labeled>
        <Labeled label="Created">
          <FunctionField render={(one: RaRecord) => when(one.createdAt)} />
        </Labeled>
        <Labeled label="Last success">
          <FunctionField render={(one: RaRecord) => when(one.lastSuccessAt)} />
        </Labeled>
        <Labeled label="Last failure">
          <FunctionField render={(one: RaRecord) => when(one.lastFailureAt)} />
        </Labeled>
      </Box>
    </>
  );
};

/** Read again every few seconds, like its delivery log: failures and successes move on their own. */
export const WebhookShow = () => (
  <Show actions={<Actions />} title={<Title />} queryOptions={{ refetchInterval: 5_000 }}>
    <Box sx={{ p: 2 }}>
      <Details />
      <DeliveryLog />
    </Box>
  </Show>
);
