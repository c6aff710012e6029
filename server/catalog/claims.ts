import { and, eq, ne, sql, type SQL } from 'drizzle-orm';
import { modelFacts, prices, scores, type ClaimStatus } from '../../db/schema/index.ts';
import { ConflictError, NotAuthorizedError, ValidationError } from '../errors.ts';
import type { Viewer } from '../context.ts';
import { refreshSimilaritiesAround } from '../../db/similarity.ts';
import { diffRows } from './audit.ts';
import type { Write } from './write.ts';
import { lockRow, updateVersioned } from './versioned.ts';

/** The three kinds of sourced number, with what makes two claims compete for the same published slot. */
export const claimKinds = {
  Score: {
    table: scores,
    label: 'score',
    sameSlot: (row: typeof scores.$inferSelect) =>
      and(eq(scores.modelId, row.modelId), eq(scores.benchmarkId, row.benchmarkId), eq(scores.setting, row.setting)),
  },
  Price: {
    table: prices,
    label: 'price',
    sameSlot: (row: typeof prices.$inferSelect) =>
      and(
        eq(prices.modelId, row.modelId),
        eq(prices.kind, row.kind),
        eq(prices.tierMinTokens, row.tierMinTokens),
        eq(prices.effectiveFrom, row.effectiveFrom),
      ),
  },
  ModelFact: {
    table: modelFacts,
    label: 'fact',
    sameSlot: (row: typeof modelFacts.$inferSelect) => and(eq(modelFacts.modelId, row.modelId), eq(modelFacts.fact, row.fact)),
  },
} as const;

export type ClaimKind = keyof typeof claimKinds;
type ClaimTable = (typeof claimKinds)[ClaimKind]['table'];
export type ClaimRow = { id: number; status: ClaimStatus; version: number; createdById: number | null } & Record<string, unknown>;

const open: ClaimStatus[] = ['DRAFT', 'PENDING_REVIEW'];
const isReviewer = (viewer: Viewer) => viewer.role === 'REVIEWER' || viewer.role === 'ADMIN';

function table(kind: ClaimKind): ClaimTable {
  return claimKinds[kind].table;
}

function requireStatus(kind: ClaimKind, row: ClaimRow, allowed: ClaimStatus[], doing: string) {
  if (!allowed.includes(row.status)) {
    throw new ConflictError(
      row.version,
      `This ${claimKinds[kind].label} is ${row.status}; only ${allowed.join(' or ')} entries can be ${doing}.`,
    );
  }
}

function checkVersion(row: ClaimRow, expectedVersion: number | null | undefined, kind?: ClaimKind) {
  if (expectedVersion != null && row.version !== expectedVersion) throw new ConflictError(row.version).about(kind, row.id);
}

/** Inserts a new claim (a draft, or straight into the review queue) with its audit event. */
export async function createClaim(write: Write, kind: ClaimKind, values: Record<string, unknown>, submit: boolean) {
  const [row] = await (write.tx.insert(table(kind)) as any)
    .values({ ...values, status: submit ? 'PENDING_REVIEW' : 'DRAFT', origin: 'EDITOR', createdById: write.viewer.id })
    .returning();
  await write.audit({ action: 'CREATE', entityType: kind, entityId: row.id, diff: diffRows(null, row) });
  return row as ClaimRow;
}

/**
 * Edits an open or rejected claim in place (a rejected one goes back to DRAFT). A verified number is
 * never edited: a correction is a new claim that supersedes it when verified, so history stays.
 */
export async function updateClaim(write: Write, kind: ClaimKind, id: number, expectedVersion: number, values: Record<string, unknown>) {
  const current = (await lockRow(write.tx, table(kind), id)) as ClaimRow;
  if (!['DRAFT', 'PENDING_REVIEW', 'REJECTED'].includes(current.status)) {
    throw new ValidationError([
      {
        path: '',
        message: `A ${current.status} ${claimKinds[kind].label} is not edited in place: enter the corrected value as a new entry; once verified it supersedes this one, which stays in the history.`,
      },
    ]);
  }
  const reopened = current.status === 'REJECTED' ? { status: 'DRAFT', rejectionReason: null } : {};
  const { before, after } = await updateVersioned(write.tx, table(kind), id, expectedVersion, { ...values, ...reopened }, kind);
  await write.audit({ action: 'UPDATE', entityType: kind, entityId: id, diff: diffRows(before, after) });
  return after as ClaimRow;
}

export async function submitClaim(write: Write, kind: ClaimKind, id: number, expectedVersion?: number | null) {
  const current = (await lockRow(write.tx, table(kind), id)) as ClaimRow;
  checkVersion(current, expectedVersion, kind);
  requireStatus(kind, current, ['DRAFT', 'REJECTED'], 'submitted for review');
  const { before, after } = await updateVersioned(write.tx, table(kind), id, current.version, {
    status: 'PENDING_REVIEW',
    rejectionReason: null,
  });
  await write.audit({ action: 'SUBMIT', entityType: kind, entityId: id, diff: diffRows(before, after) });
  return after as ClaimRow;
}

/**
 * A second person confirms the number against its source: it becomes VERIFIED (public when its model
 * is) and the value it replaces in the same slot becomes SUPERSEDED, kept as history.
 */
export async function verifyClaim(write: Write, kind: ClaimKind, id: number, expectedVersion: number) {
  const { tx, viewer } = write;
  const current = (await lockRow(tx, table(kind), id)) as ClaimRow;
  checkVersion(current, expectedVersion, kind);
  requireStatus(kind, current, open, 'verified');
  if (current.createdById === viewer.id) {
    throw new NotAuthorizedError(`Nobody verifies their own entry: another reviewer must verify this ${claimKinds[kind].label}.`);
  }
  const slot = (claimKinds[kind].sameSlot as (row: ClaimRow) => SQL | undefined)(current);
  const t = table(kind);
  const [replaced] = await (tx.select().from(t) as any)
    .where(and(slot, eq(t.status, 'VERIFIED'), ne(t.id, id)))
    .for('update');
  const diff = {};
  if (replaced) {
    await (tx.update(t) as any)
      .set({ status: 'SUPERSEDED', supersededById: id, version: sql`${t.version} + 1`, updatedAt: sql`now()` })
      .where(eq(t.id, replaced.id));
    Object.assign(diff, { supersedes: { before: null, after: { id: replaced.id, value: replaced.value ?? replaced.usdPerMillionTokens } } });
  }
  const { before, after } = await updateVersioned(tx, t, id, current.version, {
    status: 'VERIFIED',
    verifiedById: viewer.id,
    verifiedAt: sql`now()`,
    rejectionReason: null,
  });
  await write.audit({ action: 'VERIFY', entityType: kind, entityId: id, diff: { ...diffRows(before, after), ...diff } });
  // A verified price or score moves the model's "compare with" suggestions (price and score closeness).
  if (kind !== 'ModelFact') await refreshSimilaritiesAround(tx, Number(current.modelId));
  return after as ClaimRow;
}

export async function rejectClaim(write: Write, kind: ClaimKind, id: number, reason: string, expectedVersion: number) {
  const current = (await lockRow(write.tx, table(kind), id)) as ClaimRow;
  checkVersion(current, expectedVersion, kind);
  requireStatus(kind, current, open, 'rejected');
  if (current.createdById === write.viewer.id) {
    throw new NotAuthorizedError('You cannot review your own entry; retire it instead if it should go.');
  }
  const { before, after } = await updateVersioned(write.tx, table(kind), id, current.version, {
    status: 'REJECTED',
    rejectionReason: reason,
  });
  await write.audit({ action: 'REJECT', entityType: kind, entityId: id, diff: diffRows(before, after) });
  return after as ClaimRow;
}

/**
 * Withdraws a claim without a replacement. Open and rejected entries: any editor. A verified number is
 * public, so withdrawing it takes a reviewer.
 */
export async function retireClaim(write: Write, kind: ClaimKind, id: number, reason: string, expectedVersion?: number | null) {
  const current = (await lockRow(write.tx, table(kind), id)) as ClaimRow;
  checkVersion(current, expectedVersion, kind);
  requireStatus(kind, current, ['DRAFT', 'PENDING_REVIEW', 'REJECTED', 'VERIFIED'], 'retired');
  if (current.status === 'VERIFIED' && !isReviewer(write.viewer)) {
    throw new NotAuthorizedError('Only a reviewer can withdraw a published number.');
  }
  const { before, after } = await updateVersioned(write.tx, table(kind), id, current.version, { status: 'RETIRED' });
  await write.audit({
    action: 'RETIRE',
    entityType: kind,
    entityId: id,
    diff: { ...diffRows(before, after), reason: { before: null, after: reason } },
  });
  return after as ClaimRow;
}
