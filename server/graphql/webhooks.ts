import { encodeGlobalID } from '@pothos/plugin-relay';
import { and, desc, eq, inArray, sql, type SQL } from 'drizzle-orm';
import { z } from 'zod';
import { changeKinds, webhookDeliveries, webhookDeliveryStatuses, webhooks } from '../../db/schema/index.ts';
import { readChanges, type ChangeRow } from '../changes/log.ts';
import { diffRows } from '../catalog/audit.ts';
import { rowIdOf } from '../catalog/ids.ts';
import { httpUrl, optionalText, parseInput } from '../catalog/inputs.ts';
import { write } from '../catalog/write.ts';
import { NotFoundError, ValidationError } from '../errors.ts';
import { destination } from '../sources/outbound.ts';
import { newSecret } from '../webhooks/signing.ts';
import { builder } from './builder.ts';
import { Change, ChangeKindEnum } from './changes.ts';
import { writeErrors } from './errors.ts';
import { payload } from './payload.ts';

// Webhooks (admins only): public changes POSTed to a URL, signed the Standard Webhooks way, from the
// outbox server/webhooks/worker.ts sends. The secret is shown once, by createWebhook.

type WebhookRow = typeof webhooks.$inferSelect & { revealSecret?: boolean };
type DeliveryRow = typeof webhookDeliveries.$inferSelect & { change: ChangeRow | null };

const date = (value: string | null) => (value === null ? null : new Date(value));

export const Webhook = builder.objectRef<WebhookRow>('Webhook').implement({
  description: 'Where public changes are sent. Disabled ones keep their deliveries waiting.',
  fields: (t) => ({
    id: t.id({ resolve: (row) => encodeGlobalID('Webhook', row.id) }),
    url: t.exposeString('url'),
    kinds: t.field({ type: [ChangeKindEnum], description: 'The kinds sent; empty: every kind.', resolve: (row) => row.kinds as never }),
    description: t.exposeString('description', { nullable: true }),
    secret: t.string({
      nullable: true,
      description: 'The signing secret ("whsec_" + base64): given once, in createWebhook\'s answer; null everywhere else.',
      resolve: (row) => (row.revealSecret ? row.secret : null),
    }),
    enabled: t.exposeBoolean('enabled'),
    disabledReason: t.exposeString('disabledReason', {
      nullable: true,
      description: 'Why it is disabled: by an admin, or automatically after about a day of failed deliveries.',
    }),
    disabledAt: t.field({ type: 'DateTime', nullable: true, resolve: (row) => date(row.disabledAt) }),
    consecutiveFailures: t.exposeInt('consecutiveFailures'),
    lastSuccessAt: t.field({ type: 'DateTime', nullable: true, resolve: (row) => date(row.lastSuccessAt) }),
    lastFailureAt: t.field({ type: 'DateTime', nullable: true, resolve: (row) => date(row.lastFailureAt) }),
    createdAt: t.field({ type: 'DateTime', resolve: (row) => new Date(row.createdAt) }),
  }),
});

const WebhookDeliveryStatus = builder.enumType('WebhookDeliveryStatus', {
  description: 'PENDING: not acknowledged yet (retried); DELIVERED: answered 2xx; FAILED: given up (the webhook was disabled); SKIPPED: not a public change.',
  values: webhookDeliveryStatuses,
});

const WebhookDelivery = builder.objectRef<DeliveryRow>('WebhookDelivery').implement({
  description: 'One change sent (or to be sent) to one webhook, with the outcome of its last attempt.',
  fields: (t) => ({
    id: t.id({ description: 'Also the delivery\'s webhook-id header, as msg_<number>.', resolve: (row) => encodeGlobalID('WebhookDelivery', row.id) }),
    messageId: t.string({ description: 'The webhook-id header of its requests.', resolve: (row) => `msg_${row.id}` }),
    webhookId: t.id({ resolve: (row) => encodeGlobalID('Webhook', row.webhookId) }),
    change: t.field({ type: Change, nullable: true, description: 'The change sent (null when it is not public).', resolve: (row) => row.change }),
    status: t.field({ type: WebhookDeliveryStatus, resolve: (row) => row.status }),
    attempts: t.exposeInt('attempts'),
    lastStatusCode: t.exposeInt('lastStatusCode', { nullable: true, description: 'The HTTP status of the last attempt (null: no answer).' }),
    lastError: t.exposeString('lastError', { nullable: true }),
    lastAttemptAt: t.field({ type: 'DateTime', nullable: true, resolve: (row) => date(row.lastAttemptAt) }),
    nextAttemptAt: t.field({ type: 'DateTime', nullable: true, resolve: (row) => (row.status === 'PENDING' ? new Date(row.nextAttemptAt) : null) }),
    deliveredAt: t.field({ type: 'DateTime', nullable: true, resolve: (row) => date(row.deliveredAt) }),
    latencyMs: t.exposeInt('latencyMs', { nullable: true, description: 'From the change to the receiver\'s 2xx.' }),
    createdAt: t.field({ type: 'DateTime', resolve: (row) => new Date(row.createdAt) }),
  }),
});

const CreateWebhookInput = builder.inputType('CreateWebhookInput', {
  fields: (t) => ({
    url: t.string({ required: true, description: 'http(s); private addresses are refused unless listed in SOURCE_FETCH_ALLOW_HOSTS.' }),
    kinds: t.field({ type: [ChangeKindEnum], description: 'The kinds to send; empty or absent: every kind.' }),
    description: t.string(),
  }),
});

const createSchema = z.object({
  url: httpUrl,
  kinds: z.array(z.enum(changeKinds)).max(changeKinds.length).nullish(),
  description: optionalText(500),
});

/** The destination rules of every delivery, at creation: a name resolving to a private address is refused (one that does not resolve yet is not). */
async function checkDestination(url: string): Promise<void> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const checked = await Promise.race([destination(url), new Promise<null>((resolve) => (timer = setTimeout(() => resolve(null), 3_000)))]).finally(() =>
    clearTimeout(timer),
  );
  if (checked && !checked.ok && (checked.error === 'REFUSED_ADDRESS' || checked.error === 'REFUSED_URL')) {
    throw ValidationError.field('url', `Use a public web address: ${checked.reason}.`);
  }
}

const auditable = (row: WebhookRow) => {
  const { revealSecret: _reveal, ...rest } = row;
  return { ...rest, secret: '(secret)' };
};

async function webhookById(ctx: { db: any }, globalId: string): Promise<WebhookRow> {
  const { id } = rowIdOf(globalId, 'Webhook');
  const [row] = await ctx.db.select().from(webhooks).where(eq(webhooks.id, id));
  if (!row) throw new NotFoundError('No Webhook has this id.');
  return row;
}

builder.queryFields((t) => ({
  webhooks: t.field({
    type: [Webhook],
    description: 'Every webhook, newest first, with its state (a disabled one says why). Admins only.',
    authScopes: { admin: true },
    resolve: (_root, _args, ctx) => ctx.db.select().from(webhooks).orderBy(desc(webhooks.id)),
  }),
  webhookDeliveries: t.field({
    type: [WebhookDelivery],
    description: 'The delivery log, newest first: each change sent to a webhook, its attempts and last HTTP status. Admins only.',
    authScopes: { admin: true },
    args: {
      webhook: t.arg.id({ description: 'Only this webhook\'s.' }),
      status: t.arg({ type: WebhookDeliveryStatus }),
      first: t.arg.int({ defaultValue: 50, validate: z.number().int().min(1).max(200) }),
    },
    resolve: async (_root, args, ctx) => {
      const where: SQL[] = [];
      if (args.webhook) where.push(eq(webhookDeliveries.webhookId, rowIdOf(String(args.webhook), 'Webhook').id));
      if (args.status) where.push(eq(webhookDeliveries.status, args.status));
      const rows = await ctx.db
        .select()
        .from(webhookDeliveries)
        .where(where.length ? and(...where) : undefined)
        .orderBy(desc(webhookDeliveries.id))
        .limit(args.first ?? 50);
      const ids = [...new Set(rows.map((row) => row.changeId))];
      const changes = ids.length ? await readChanges(ctx.db, { ids }, ids.length) : [];
      const byId = new Map(changes.map((change) => [change.id, change]));
      return rows.map((row) => ({ ...row, change: byId.get(row.changeId) ?? null }));
    },
  }),
}));

const CreateWebhookSuccess = payload('CreateWebhookSuccess', 'webhook', Webhook);
const DisableWebhookSuccess = payload('DisableWebhookSuccess', 'webhook', Webhook);
const EnableWebhookSuccess = payload('EnableWebhookSuccess', 'webhook', Webhook);
const DeleteWebhookSuccess = builder.objectRef<{ deletedId: string }>('DeleteWebhookSuccess').implement({
  fields: (t) => ({ deletedId: t.exposeID('deletedId') }),
});

builder.mutationFields((t) => ({
  createWebhook: t.field({
    type: CreateWebhookSuccess,
    description: 'Sends public changes of the given kinds (empty: all) to a URL from now on, signed with a new secret shown only in this answer. Admins only.',
    authScopes: { admin: true },
    errors: { types: writeErrors, directResult: true },
    args: { input: t.arg({ type: CreateWebhookInput, required: true }) },
    resolve: async (_root, args, ctx) => {
      const input = parseInput(createSchema, args.input);
      await checkDestination(input.url);
      const webhook = await write(ctx, async ({ tx, audit }) => {
        const [row] = await tx
          .insert(webhooks)
          .values({ url: input.url, kinds: [...new Set(input.kinds ?? [])], description: input.description ?? null, secret: newSecret(), createdBy: ctx.viewer!.id })
          .returning();
        await audit({ action: 'CREATE', entityType: 'Webhook', entityId: row!.id, diff: diffRows(null, auditable(row!)) });
        return row!;
      });
      return { webhook: { ...webhook, revealSecret: true } };
    },
  }),
  disableWebhook: t.field({
    type: DisableWebhookSuccess,
    description: 'Stops deliveries; those due wait (nothing is dropped) until the webhook is enabled again. Admins only.',
    authScopes: { admin: true },
    errors: { types: writeErrors, directResult: true },
    args: { id: t.arg.id({ required: true }), reason: t.arg.string() },
    resolve: async (_root, args, ctx) => {
      const reason = parseInput(optionalText(500), args.reason);
      const before = await webhookById(ctx, String(args.id));
      const webhook = await write(ctx, async ({ tx, audit }) => {
        const [after] = await tx
          .update(webhooks)
          .set({ enabled: false, disabledAt: sql`now()` as never, disabledReason: reason ?? `Disabled by ${ctx.viewer!.email}.` })
          .where(eq(webhooks.id, before.id))
          .returning();
        if (!after) throw new NotFoundError('No Webhook has this id.');
        await audit({ action: 'DISABLE', entityType: 'Webhook', entityId: before.id, diff: diffRows(auditable(before), auditable(after)) });
        return after;
      });
      return { webhook };
    },
  }),
  enableWebhook: t.field({
    type: EnableWebhookSuccess,
    description: 'Resumes deliveries, oldest first, including any given up on (sent again from a first attempt). Admins only.',
    authScopes: { admin: true },
    errors: { types: writeErrors, directResult: true },
    args: { id: t.arg.id({ required: true }) },
    resolve: async (_root, args, ctx) => {
      const before = await webhookById(ctx, String(args.id));
      await checkDestination(before.url);
      const webhook = await write(ctx, async ({ tx, audit }) => {
        const [after] = await tx
          .update(webhooks)
          .set({ enabled: true, disabledAt: null, disabledReason: null, consecutiveFailures: 0 })
          .where(eq(webhooks.id, before.id))
          .returning();
        if (!after) throw new NotFoundError('No Webhook has this id.');
        await tx
          .update(webhookDeliveries)
          .set({ status: 'PENDING', attempts: 0, nextAttemptAt: sql`now()` as never })
          .where(and(eq(webhookDeliveries.webhookId, before.id), inArray(webhookDeliveries.status, ['FAILED'])));
        await audit({ action: 'ENABLE', entityType: 'Webhook', entityId: before.id, diff: diffRows(auditable(before), auditable(after)) });
        return after;
      });
      return { webhook };
    },
  }),
  deleteWebhook: t.field({
    type: DeleteWebhookSuccess,
    description: 'Deletes a webhook and its delivery log; nothing more is sent to it. Admins only.',
    authScopes: { admin: true },
    errors: { types: writeErrors, directResult: true },
    args: { id: t.arg.id({ required: true }) },
    resolve: async (_root, args, ctx) => {
      const before = await webhookById(ctx, String(args.id));
      await write(ctx, async ({ tx, audit }) => {
        const deleted = await tx.delete(webhooks).where(eq(webhooks.id, before.id)).returning({ id: webhooks.id });
        if (!deleted.length) throw new NotFoundError('No Webhook has this id.');
        await audit({ action: 'DELETE', entityType: 'Webhook', entityId: before.id, diff: diffRows(auditable(before), null) });
      });
      return { deletedId: encodeGlobalID('Webhook', before.id) };
    },
  }),
}));
