import { Box, Chip, Paper, Stack, Table, TableBody, TableCell, TableHead, TableRow, Typography } from '@mui/material';
import type { Delivery } from '../dataProvider/resources/webhooks';
import { kindName } from './changeKinds';
import { deliveryStatus } from './deliveryStatuses';
import { when } from './WebhookState';

const StatusChip = ({ delivery }: { delivery: Delivery }) => {
  const status = deliveryStatus(delivery.status);
  return <Chip size="small" color={status.color} label={status.name} />;
};

const Change = ({ delivery }: { delivery: Delivery }) => (
  <>
    <Typography variant="body2" sx={{ overflowWrap: 'anywhere' }}>
      {delivery.change?.summary ?? 'A change readers cannot see (not sent)'}
    </Typography>
    <Typography variant="caption" color="text.secondary">
      {delivery.change ? `${kindName(delivery.change.kind)} · ` : ''}
      {delivery.messageId}
    </Typography>
  </>
);

const httpStatus = (delivery: Delivery) => (delivery.lastStatusCode === null ? (delivery.attempts ? 'No answer' : '—') : `HTTP ${delivery.lastStatusCode}`);
const attempts = (delivery: Delivery) => `${delivery.attempts} attempt${delivery.attempts === 1 ? '' : 's'}`;
const latency = (delivery: Delivery) => (delivery.latencyMs === null ? '—' : `${delivery.latencyMs} ms`);

/** When it was tried, delivered, or will be tried again. */
const Times = ({ delivery }: { delivery: Delivery }) => (
  <Typography variant="caption" component="div" sx={{ whiteSpace: 'nowrap' }}>
    {delivery.lastAttemptAt && <div>Last attempt {when(delivery.lastAttemptAt)}</div>}
    {delivery.deliveredAt && <div>Delivered {when(delivery.deliveredAt)}</div>}
    {delivery.nextAttemptAt && <div>Next attempt {when(delivery.nextAttemptAt)}</div>}
    {!delivery.lastAttemptAt && !delivery.nextAttemptAt && <div>Queued {when(delivery.createdAt)}</div>}
  </Typography>
);

/** Wide screens: one row per delivery; the table scrolls inside its box, never the page. */
export const DeliveryTable = ({ deliveries }: { deliveries: Delivery[] }) => (
  <Box sx={{ overflowX: 'auto' }}>
    <Table size="small" aria-label="Delivery log">
      <TableHead>
        <TableRow>
          <TableCell>Change</TableCell>
          <TableCell>Status</TableCell>
          <TableCell align="right">Attempts</TableCell>
          <TableCell>HTTP status</TableCell>
          <TableCell>Last error</TableCell>
          <TableCell>Times</TableCell>
          <TableCell align="right">Latency</TableCell>
        </TableRow>
      </TableHead>
      <TableBody>
        {deliveries.map((delivery) => (
          <TableRow key={delivery.id} data-testid="delivery">
            <TableCell sx={{ minWidth: 220 }}><Change delivery={delivery} /></TableCell>
            <TableCell><StatusChip delivery={delivery} /></TableCell>
            <TableCell align="right">{delivery.attempts}</TableCell>
            <TableCell sx={{ whiteSpace: 'nowrap' }}>{httpStatus(delivery)}</TableCell>
            <TableCell sx={{ minWidth: 140, maxWidth: 280, overflowWrap: 'break-word' }}>{delivery.lastError ?? '—'}</TableCell>
            <TableCell><Times delivery={delivery} /></TableCell>
            <TableCell align="right" sx={{ whiteSpace: 'nowrap' }}>{latency(delivery)}</TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  </Box>
);

/** Phones: one card per delivery, everything stacked. */
export const DeliveryCards = ({ deliveries }: { deliveries: Delivery[] }) => (
  <Stack spacing={1} component="ul" aria-label="Delivery log" sx={{ listStyle: 'none', p: 0, m: 0 }}>
    {deliveries.map((delivery) => (
      <Paper key={delivery.id} component="li" variant="outlined" sx={{ p: 1 }} data-testid="delivery">
        <Change delivery={delivery} />
        <Stack direction="row" spacing={1} sx={{ alignItems: 'center', flexWrap: 'wrap', my: 0.5 }}>
          <StatusChip delivery={delivery} />
          <Typography variant="body2">
            {httpStatus(delivery)} · {attempts(delivery)} · {latency(delivery)}
          </Typography>
        </Stack>
        {delivery.lastError && (
          <Typography variant="body2" color="error" sx={{ overflowWrap: 'anywhere' }}>
            {delivery.lastError}
          </Typography>
        )}
        <Times delivery={delivery} />
      </Paper>
    ))}
  </Stack>
);
