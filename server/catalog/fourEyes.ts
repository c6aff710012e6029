import { sql } from 'drizzle-orm';
import { rowsOf, type Database, type Transaction } from '../../db/client.ts';
import { NotAuthorizedError } from '../errors.ts';
import type { Context } from '../context.ts';
import type { ClaimKind } from './claims.ts';
import { lockRow } from './versioned.ts';
import { claimKinds } from './claims.ts';

// Four eyes means two people: whoever entered a number, or changed it since (its value, setting,
// citation…), or changed what it cites (the source's URL, publisher, kind…) after it was entered, is
// not the second person. Entering is recorded on the row (created_by, checked by the database);
// changes are recorded in the audit trail and, for revisions, under their proposer: a pending one
// counts too, as its approval would re-point the number after it was verified.

const claimTableNames: Record<ClaimKind, string> = { Score: 'scores', Price: 'prices', ModelFact: 'model_facts' };

/** The ids among `ids` of claims of `kind` that `actorId` changed, or whose source they changed, after they were entered. */
export async function changedBy(db: Database | Transaction, kind: ClaimKind, actorId: number, ids: number[]): Promise<Set<number>> {
  if (ids.length === 0) return new Set();
  const result = await db.execute(sql`select c.id from ${sql.raw(claimTableNames[kind])} c
    where c.id in (${sql.join(ids.map((id) => sql`${id}`), sql`, `)}) and (
      exists (select 1 from audit_events a
               where a.entity_type = ${kind} and a.entity_id = c.id::text and a.actor_id = ${actorId} and a.action = 'UPDATE')
      or exists (select 1 from audit_events a
               where a.entity_type = 'Source' and a.entity_id = c.source_id::text and a.actor_id = ${actorId}
                 and a.action in ('UPDATE', 'RETIRE') and a.at >= c.created_at)
      or exists (select 1 from revisions r
               where r.entity_type = 'Source' and r.entity_id = c.source_id::text and r.proposed_by_id = ${actorId}
                 and (r.status = 'PENDING' or (r.status = 'APPROVED' and r.reviewed_at >= c.created_at))))`);
  return new Set(rowsOf<{ id: number }>(result).map((row) => Number(row.id)));
}

/**
 * Refuses a verification by someone who changed the claim or its source. The cited source and then the
 * claim are locked first (in that order, as a source change takes them; the source shared, so
 * verifications citing it still run side by side): a change of either that commits meanwhile is seen,
 * and one sent at the same time waits, then finds the source cited by a verified number and becomes a
 * revision for a second person. A claim re-pointed meanwhile has a new version: verifyClaim refuses it.
 */
export async function requireOtherPerson(tx: Transaction, kind: ClaimKind, id: number, viewerId: number): Promise<void> {
  await tx.execute(sql`select 1 from sources where id = (select source_id from ${sql.raw(claimTableNames[kind])} where id = ${id}) for share`);
  await lockRow(tx, claimKinds[kind].table, id);
  if ((await changedBy(tx, kind, viewerId, [id])).has(id)) {
    throw new NotAuthorizedError(
      `Nobody verifies their own entry: you changed this ${claimKinds[kind].label} or the source it cites, so another reviewer must verify it.`,
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
