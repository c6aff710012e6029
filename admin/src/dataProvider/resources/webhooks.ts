import { HttpError, type Identifier, type RaRecord } from 'react-admin';
import { CreateWebhook, DeleteWebhook, DisableWebhook, EnableWebhook, WebhookDeliveries, Webhooks } from '../documents/webhooks';
import { graphql } from '../graphqlClient';
import { listFromArray } from '../lists';
import { runMutation } from '../operations';
import type { ResourceHandler } from '../types';

async function allWebhooks(): Promise<RaRecord[]> {
  const data = await graphql<{ webhooks: RaRecord[] }>(Webhooks);
  return data.webhooks;
}

/**
 * Webhooks (admins only): tens of rows, returned whole. The API has no `webhook(id:)` nor a node for
 * one, so opening one reads the list. They are not edited: `update` only disables or enables
 * (`{ enabled, reason }`); a new address or kinds means a new webhook (and a new secret).
 */
export const webhooks: ResourceHandler = {
  async getList(params) {
    return listFromArray(await allWebhooks(), params, ['url', 'description']);
  },
  async getOne(id) {
    return (await allWebhooks()).find((webhook) => String(webhook.id) === String(id)) ?? null;
  },
  async getMany(ids) {
    const wanted = new Set(ids.map(String));
    return (await allWebhooks()).filter((webhook) => wanted.has(String(webhook.id)));
  },
  /** The answer holds the signing secret: the create page shows it once. */
  create: (data) =>
    runMutation({
      document: CreateWebhook,
      key: 'webhook',
      values: { input: { url: String(data.url ?? '').trim(), kinds: data.kinds ?? [], description: data.description?.trim() || null } },
    }),
  async update(id, data, previousData) {
    if (data.enabled === previousData.enabled) throw new HttpError('A webhook cannot be changed: delete it and create another.', 501);
    return data.enabled
      ? runMutation({ document: EnableWebhook, key: 'webhook', values: { id } })
      : runMutation({ document: DisableWebhook, key: 'webhook', values: { id, reason: data.disabledReason?.trim() || null } });
  },
  async delete(id, previousData) {
    await runMutation<Identifier>({ document: DeleteWebhook, key: 'deletedId', values: { id } });
    return previousData ?? { id };
  },
};

export type DeliveryStatus = 'PENDING' | 'DELIVERED' | 'FAILED' | 'SKIPPED';

export interface Delivery {
  id: string;
  messageId: string;
  status: DeliveryStatus;
  attempts: number;
  lastStatusCode: number | null;
  lastError: string | null;
  lastAttemptAt: string | null;
  nextAttemptAt: string | null;
  deliveredAt: string | null;
  latencyMs: number | null;
  createdAt: string;
  change: { id: string; kind: string; summary: string; at: string } | null;
}

/** The newest `first` deliveries of one webhook (at most 200: the API has no older pages). */
export async function webhookDeliveries(webhook: Identifier, status: DeliveryStatus | null, first: number): Promise<Delivery[]> {
  const data = await graphql<{ webhookDeliveries: Delivery[] }>(WebhookDeliveries, { webhook, status, first });
  return data.webhookDeliveries;
}
