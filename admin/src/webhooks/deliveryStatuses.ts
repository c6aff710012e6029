import type { ChipProps } from '@mui/material';
import type { DeliveryStatus } from '../dataProvider/resources/webhooks';

/** The WebhookDeliveryStatus enum of the API, in words, with what each means for the admin. */
export const deliveryStatuses: { id: DeliveryStatus; name: string; color: ChipProps['color'] }[] = [
  { id: 'PENDING', name: 'Pending', color: 'warning' },
  { id: 'DELIVERED', name: 'Delivered', color: 'success' },
  { id: 'FAILED', name: 'Failed', color: 'error' },
  { id: 'SKIPPED', name: 'Skipped', color: 'default' },
];

export const deliveryStatus = (id: string) => deliveryStatuses.find((status) => status.id === id) ?? { id, name: id, color: 'default' as const };
