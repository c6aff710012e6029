import { and, eq, getTableColumns, inArray, sql, type SQL } from 'drizzle-orm';
import type { Database, Transaction } from '../../db/client.ts';
import { auditEvents, sources } from '../../db/schema/index.ts';
import { claimKinds, type ClaimKind } from './claimKinds.ts';
import { NotAuthorizedError, NotFoundError, ValidationError } from '../errors.ts';
import type { Context } from '../context.ts';

// Four eyes means two people. Who may be the second person for an entity:
// - a claim (a score, price or fact) is verified, or rejected, by someone other than whoever entered it
//   (created_by, also checked by the database). It is verified by nobody who changed it since (its
//   value, setting, citation…) or changed what it cites (the source's URL, publisher, kind…) after it
//   was entered: changes are recorded in the audit trail and, for revisions, under their proposer; a
//   pending one counts too, as its approval would re-point the number after it was verified;
// - a revision is approved by someone other than its proposer;
// - a catalog entry is published by nobody who created or edited it.

function claimOf(kind: string) {
  const claim = claimKinds[kind as ClaimKind];
  if (!claim) throw new Error(`${kind} is not a kind of claim`);
  return claim;
}

/** Who would be the second person for an entity, and what for. */
export interface SecondPerson {
  doing: 'verify' | 'reject' | 'approve' | 'publish';
  /** The audit entity type: a claim kind (verify, reject), 'Revision' (approve), a catalog entry's (publish). */
  entityType: string;
  entityId: number;
  viewerId: number;
  /** Whoever entered it, as the row records (a claim's createdById, a revision's proposedById). */
  enteredById?: number | null;
}

const refusals = {
  verify: (label: string) => `Nobody verifies their own entry: another reviewer must verify this ${label}.`,
  verifyChanged: (label: string) =>
    `Nobody verifies their own entry: you changed this ${label} or the source it cites, so another reviewer must verify it.`,
  reject: () => 'You cannot review your own entry; retire it instead if it should go.',
  approve: () => 'Nobody approves their own change: another reviewer must approve it.',
  publish: () => 'Nobody publishes their own entry: you created or edited it, so another reviewer must publish it.',
};

/**
 * Refuses anyone who may not be the second person for the entity (the rule above): first whoever
 * changed it (a query: for verify and publish), then whoever entered it (`enteredById`).
 */
export async function requireSecondPerson(db: Database | Transaction, of: SecondPerson): Promise<void> {
  await requireUnchangedBy(db, of);
  requireOtherThanEnterer(of);
}

/** The half of the rule the row itself answers: not whoever entered it. No query. */
export function requireOtherThanEnterer(of: SecondPerson): void {
  if (of.enteredById == null || of.enteredById !== of.viewerId) return;
  if (of.doing === 'verify') throw new NotAuthorizedError(refusals.verify(claimOf(of.entityType).label));
  throw new NotAuthorizedError(refusals[of.doing]());
}

/** The half of the rule the history answers: for a verification, a change of the claim or its source; for publishing, a creation or edit. */
export async function requireUnchangedBy(db: Database | Transaction, of: SecondPerson): Promise<void> {
  if (of.doing === 'verify' && (await changedBy(db, of.entityType, of.viewerId, [of.entityId])).has(of.entityId)) {
    throw changedRefusal(of);
  }
  if (of.doing === 'publish') {
    const [own] = await db
      .select({ id: auditEvents.id })
      .from(auditEvents)
      .where(
        and(
          eq(auditEvents.entityType, of.entityType),
          eq(auditEvents.entityId, String(of.entityId)),
          eq(auditEvents.actorId, of.viewerId),
          inArray(auditEvents.action, ['CREATE', 'UPDATE']),
        ),
      )
      .limit(1);
    if (own) throw new NotAuthorizedError(refusals.publish());
  }
}

/** The refusal of a verification by someone who changed the claim or its source. */
export function changedRefusal(of: SecondPerson): NotAuthorizedError {
  return new NotAuthorizedError(refusals.verifyChanged(claimOf(of.entityType).label));
}

/**
 * SQL true unless `of.viewerId` changed the claim row of the statement (its table's columns) or its
 * source: a verification's UPDATE carries it, so the check reads the history as it is once the locks
 * are held, without a statement of its own.
 */
export function unchangedBy(of: SecondPerson): SQL {
  return sql`not ${changedCondition(of.entityType, claimOf(of.entityType).table, of.viewerId)}`;
}

function changedCondition(kind: string, t: (typeof claimKinds)[ClaimKind]['table'], actorId: number): SQL {
  return sql`(exists (select 1 from audit_events a
               where a.entity_type = ${kind} and a.entity_id = ${t.id}::text and a.actor_id = ${actorId} and a.action = 'UPDATE')
      or exists (select 1 from audit_events a
               where a.entity_type = 'Source' and a.entity_id = ${t.sourceId}::text and a.actor_id = ${actorId}
                 and a.action in ('UPDATE', 'RETIRE') and a.at >= ${t.createdAt})
      or exists (select 1 from revisions r
               where r.entity_type = 'Source' and r.entity_id = ${t.sourceId}::text and r.proposed_by_id = ${actorId}
                 and (r.status = 'PENDING' or (r.status = 'APPROVED' and r.reviewed_at >= ${t.createdAt}))))`;
}

/** The ids among `ids` of claims of `kind` that `actorId` changed, or whose source they changed, after they were entered. */
export async function changedBy(db: Database | Transaction, kind: string, actorId: number, ids: number[]): Promise<Set<number>> {
  if (ids.length === 0) return new Set();
  const t = claimOf(kind).table;
  const rows: { id: number }[] = await (db.select({ id: t.id }).from(t) as any).where(and(inArray(t.id, ids), changedCondition(kind, t, actorId)));
  return new Set(rows.map((row) => Number(row.id)));
}

/**
 * Locks a claim for a review, in one statement: its cited source first, shared, then the claim (in
 * that order, as a source change takes them; the source shared, so verifications citing it still run
 * side by side). A change of either that commits meanwhile is seen by the statements after it; one
 * sent at the same time waits, then finds the source cited by a verified number and becomes a revision
 * for a second person. A claim re-pointed meanwhile has a new version: the version check refuses it.
 * (The source's lock is an uncorrelated EXISTS: PostgreSQL evaluates it before the claim's row reaches
 * the FOR UPDATE.)
 */
export async function lockForReview<Row = Record<string, unknown>>(tx: Transaction, kind: string, id: number): Promise<{ row: Row; citesRetiredSource: boolean }> {
  const t = claimOf(kind).table;
  // Claim and source locked in one statement, and the source's retirement read from the locked row:
  // a retirement committed while this waited is seen (PostgreSQL re-reads locked rows after the
  // wait; a subquery would keep what it saw before). NO KEY UPDATE, so entering another number
  // citing the source (a foreign-key KEY SHARE) does not wait; a retirement (FOR UPDATE) does.
  const [found] = await (tx.select({ ...getTableColumns(t), citesRetired: sql<boolean>`${sources.retiredAt} is not null` }).from(t) as any)
    .innerJoin(sources, eq(sources.id, t.sourceId))
    .where(eq(t.id, id))
    .for('no key update', { of: [t, sources] });
  if (!found) throw new NotFoundError();
  const { citesRetired: retired, ...row } = found;
  return { row: row as Row, citesRetiredSource: retired === true };
}

/** No number is verified on a page the catalog no longer cites (retireSource), whenever it was entered. */
export function requireLiveSource(citesRetiredSource: boolean): void {
  if (citesRetiredSource) {
    throw ValidationError.field('citation.sourceId', 'This number cites a retired source: cite the page where the number is published now, then verify it.');
  }
}

/**
 * Refuses a verification by someone who changed the claim or its source, with both locked first
 * (`lockForReview`). verifyClaim checks this itself; a caller that still runs this first is refused
 * alike, and only costs the locking statement twice (and this check once more).
 */
export async function requireOtherPerson(tx: Transaction, kind: string, id: number, viewerId: number): Promise<void> {
  await lockForReview(tx, kind, id);
  await requireUnchangedBy(tx, { doing: 'verify', entityType: kind, entityId: id, viewerId });
}

// canVerify on a list of claims: one query per kind and request, not one per row.
const pending = new WeakMap<Context, Map<string, { ids: Set<number>; result: Promise<Set<number>> }>>();

/** Whether the viewer changed this claim, batched with the other rows of the same response. */
export function viewerChanged(ctx: Context, kind: string, id: number): Promise<boolean> {
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
