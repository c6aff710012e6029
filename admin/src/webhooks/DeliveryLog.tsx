import { Alert, Box, Button, MenuItem, Stack, TextField, Typography, useMediaQuery, type Theme } from '@mui/material';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useRecordContext } from 'react-admin';
import { webhookDeliveries, type DeliveryStatus } from '../dataProvider/resources/webhooks';
import { DeliveryCards, DeliveryTable } from './DeliveryItems';
import { deliveryStatuses } from './deliveryStatuses';

/** The API gives the newest deliveries only, at most this many (no cursor for older ones). */
const mostRows = 200;

/**
 * One webhook's delivery log, newest first, filtered by status on the server. It is read again every
 * few seconds, so an admin fixing a receiver sees the retries land without reloading.
 */
export const DeliveryLog = () => {
  const record = useRecordContext();
  const narrow = useMediaQuery((theme: Theme) => theme.breakpoints.down('sm'));
  const [status, setStatus] = useState<DeliveryStatus | ''>('');
  const [first, setFirst] = useState(50);
  const { data, error, isPending } = useQuery({
    queryKey: ['webhooks', 'deliveries', record?.id, status, first],
    queryFn: () => webhookDeliveries(record!.id, status || null, first),
    enabled: !!record,
    refetchInterval: 5_000,
  });
  return (
    <Box component="section" aria-labelledby="delivery-log-title" sx={{ mt: 3 }}>
      <Stack direction="row" useFlexGap spacing={2} sx={{ alignItems: 'center', justifyContent: 'space-between', flexWrap: 'wrap', mb: 1 }}>
        <Typography variant="h6" id="delivery-log-title">
          Delivery log
        </Typography>
        <TextField select size="small" label="Status" value={status} onChange={(event) => setStatus(event.target.value as DeliveryStatus | '')} sx={{ width: 200 }}
          slotProps={{ select: { displayEmpty: true }, inputLabel: { shrink: true } }}>
          <MenuItem value="">All</MenuItem>
          {deliveryStatuses.map((one) => (
            <MenuItem key={one.id} value={one.id}>
              {one.name}
            </MenuItem>
          ))}
        </TextField>
      </Stack>
      {error && <Alert severity="error">{(error as Error).message}</Alert>}
      {!error && !isPending && data?.length === 0 && (
        <Typography color="text.secondary">{status ? 'No delivery has this status.' : 'No delivery yet: each public change of its kinds is sent here, newest first.'}</Typography>
      )}
      {data && data.length > 0 && (narrow ? <DeliveryCards deliveries={data} /> : <DeliveryTable deliveries={data} />)}
      {data?.length === first && first < mostRows && (
        <Button sx={{ mt: 1 }} onClick={() => setFirst(mostRows)}>
          Show older deliveries
        </Button>
      )}
      {data?.length === mostRows && (
        <Typography variant="caption" color="text.secondary" component="p" sx={{ mt: 1 }}>
          The newest {mostRows} deliveries are shown; older ones are kept but the API does not list them.
        </Typography>
      )}
    </Box>
  );
};
