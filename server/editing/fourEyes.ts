import { and, eq, inArray } from 'drizzle-orm';
import type { Database } from '../../db/client.ts';
import { auditEvents } from '../../db/schema/index.ts';
import { NotAuthorizedError } from '../errors.ts';
import type { Context } from '../schema/builder.ts';
import type { ClaimKind } from './claims.ts';
import type { Transaction } from './transaction.ts';
import { lockRow } from './versioned.ts';
import { claimKinds } from './claims.ts';

// Four eyes means two people: whoever entered a number, or changed it since (its value, setting,
// citation…), is not the second person. Entering is recorded on the row (created_by, checked by the
// database); changes are recorded in the audit trail, which is where they are looked up.

/** The ids among `ids` of claims of `kind` that `actorId` changed after they were entered. */
export async function changedBy(db: Database | Transaction, kind: ClaimKind, actorId: number, ids: number[]): Promise<Set<number>> {
  if (ids.length === 0) return new Set();
  const rows = await db
    .selectDistinct({ entityId: auditEvents.entityId })
    .from(auditEvents)
    .where(
      and(
        eq(auditEvents.entityType, kind),
        eq(auditEvents.actorId, actorId),
        eq(auditEvents.action, 'UPDATE'),
        inArray(auditEvents.entityId, ids.map(String)),
      ),
    );
  return new Set(rows.map((row) => Number(row.entityId)));
}

/** Refuses a verification by someone who changed the claim (the row is locked first, so no edit slips in). */
export async function requireOtherPerson(tx: Transaction, kind: ClaimKind, id: number, viewerId: number): Promise<void> {
  await lockRow(tx, claimKinds[kind].table, id);
  if ((await changedBy(tx, kind, viewerId, [id])).has(id)) {
    throw new NotAuthorizedError(
      `Nobody verifies their own entry: you changed this ${claimKinds[kind].label}, so another reviewer must verify it.`,
    );
  }
}

// canVerify on a list of claims: one query per kind and request, not one per row.
const pending = new WeakMap<Context, Map<ClaimKind, { ids: Set<number>; result: Promise<Set<number>> }>>();

/** Whether the viewer changed this claim, batched with the other rows of the same response. */
export function viewerChanged(ctx: Context, kind: ClaimKind, id: number): Promise<boolean> {
  const viewer = ctx.viewer;
  if (!viewer) return Promise.resolve(false);
  let byKind = pending.get(ctx);
  if (!byKind) pending.set(ctx, (byKind = new Map()));
  let batch = byKind.get(kind);
  if (!batch) {
    const ids = new Set<number>();
    const result = new Promise<void>((resolve) => setImmediate(resolve)).then(() => {
      byKind!.delete(kind);
      return changedBy(ctx.db, kind, viewer.id, [...ids]);
    });
    batch = { ids, result };
    byKind.set(kind, batch);
  }
  batch.ids.add(id);
  return batch.result.then((changed) => changed.has(id));
}
