import { and, eq, inArray, ne, sql, type SQL } from 'drizzle-orm';
import type { Transaction } from '../../db/client.ts';
import type { ClaimStatus } from '../../db/schema/index.ts';
import { claimKinds, type ClaimKind } from './claimKinds.ts';
import { ConflictError, NotAuthorizedError, ValidationError } from '../errors.ts';
import { isReviewer } from '../auth/viewer.ts';
import { refreshSimilaritiesAround } from './similarity.ts';
import { diffRows, type Diff } from './audit.ts';
import type { Write } from './write.ts';
import {
  changedRefusal,
  lockForReview,
  requireLiveSource,
  requireOtherThanEnterer,
  requireSecondPerson,
  requireUnchangedBy,
  unchangedBy,
  type SecondPerson,
} from './fourEyes.ts';
import { bumpVersion, lockRow, updateLocked } from './versioned.ts';

type ClaimTable = (typeof claimKinds)[ClaimKind]['table'];
export type ClaimRow = { id: number; status: ClaimStatus; version: number; createdById: number | null } & Record<string, unknown>;

const open: ClaimStatus[] = ['DRAFT', 'PENDING_REVIEW'];

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
  return updateLockedClaim(write, kind, await lockClaim(write.tx, kind, id), expectedVersion, values);
}

/** updateClaim of a claim this transaction already locked (lockClaim), e.g. to derive `values` from it. */
export async function updateLockedClaim(write: Write, kind: ClaimKind, current: ClaimRow, expectedVersion: number, values: Record<string, unknown>) {
  if (!['DRAFT', 'PENDING_REVIEW', 'REJECTED'].includes(current.status)) {
    throw new ValidationError([
      {
        path: '',
        message: `A ${current.status} ${claimKinds[kind].label} is not edited in place: enter the corrected value as a new entry; once verified it supersedes this one, which stays in the history.`,
      },
    ]);
  }
  const reopened = current.status === 'REJECTED' ? { status: 'DRAFT', rejectionReason: null } : {};
  return changeClaim(write, kind, current, expectedVersion, { ...values, ...reopened }, { action: 'UPDATE' });
}

export async function submitClaim(write: Write, kind: ClaimKind, id: number, expectedVersion?: number | null) {
  const current = await lockClaim(write.tx, kind, id);
  checkVersion(current, expectedVersion, kind);
  requireStatus(kind, current, ['DRAFT', 'REJECTED'], 'submitted for review');
  return changeClaim(write, kind, current, current.version, { status: 'PENDING_REVIEW', rejectionReason: null }, { action: 'SUBMIT' });
}

/**
 * A second person confirms the number against its source: it becomes VERIFIED (public when its model
 * is) and the value it replaces in the same slot becomes SUPERSEDED, kept as history. The four-eyes
 * rule is fourEyes.ts's; its checks come in this order: whoever changed the claim or its source, the
 * version, the status, whoever entered it. The first is read with the verifying UPDATE (after the
 * locks, so a change committed meanwhile counts) unless another check already refuses.
 */
/**
 * Evidence that speaks against the number, or a capture that could not confirm it (a page padded past
 * what is read, made unreadable or unreachable must not pass for silent): verifying it anyway takes a
 * typed reason, kept in the trail. UNCHECKED (never captured) leaves the reviewer's own reading.
 */
const contradictingEvidence = ['NOT_FOUND', 'PAGE_CHANGED', 'UNCHECKABLE', 'UNREACHABLE'];

export async function verifyClaim(write: Write, kind: ClaimKind, id: number, expectedVersion: number, evidenceOverride: string | null = null) {
  const { tx, viewer } = write;
  const { row: current, citesRetiredSource } = await lockForReview<ClaimRow>(tx, kind, id);
  const secondPerson: SecondPerson = { doing: 'verify', entityType: kind, entityId: id, viewerId: viewer.id, enteredById: current.createdById };
  try {
    checkVersion(current, expectedVersion, kind);
    requireStatus(kind, current, open, 'verified');
    requireOtherThanEnterer(secondPerson);
    requireLiveSource(citesRetiredSource);
    requireOverrideWhenContradicted(kind, current, evidenceOverride);
  } catch (refusal) {
    await requireUnchangedBy(tx, secondPerson);
    throw refusal;
  }
  const t = table(kind);
  const slot = (claimKinds[kind].sameSlot as (row: ClaimRow) => SQL | undefined)(current);
  const [replaced] = await (tx.update(t) as any)
    .set({ status: 'SUPERSEDED', supersededById: id, ...bumpVersion(t) })
    .where(and(slot, eq(t.status, 'VERIFIED'), ne(t.id, id)))
    .returning();
  const supersedes: Diff = replaced
    ? { supersedes: { before: null, after: { id: replaced.id, value: replaced.value ?? replaced.usdPerMillionTokens } } }
    : {};
  const after = await changeClaim(
    write,
    kind,
    current,
    current.version,
    { status: 'VERIFIED', verifiedById: viewer.id, verifiedAt: sql`now()`, rejectionReason: null, evidenceOverride: contradicted(current) ? evidenceOverride : null },
    { action: 'VERIFY', diff: supersedes, where: unchangedBy(secondPerson), refused: () => changedRefusal(secondPerson) },
  );
  // A verified price or score moves the model's "compare with" suggestions (price and score closeness).
  if (kind !== 'ModelFact') await refreshSimilaritiesAround(tx, Number(current.modelId));
  return after;
}

const contradicted = (row: ClaimRow) => contradictingEvidence.includes(String(row.evidenceStatus));

function requireOverrideWhenContradicted(kind: ClaimKind, row: ClaimRow, override: string | null) {
  if (!contradicted(row) || override) return;
  const said = row.evidenceExplanation ? ` (${String(row.evidenceExplanation)})` : '';
  throw ValidationError.field(
    'evidenceOverride',
    `The captured source does not confirm this ${claimKinds[kind].label}: its evidence is ${String(row.evidenceStatus)}${said}. To verify it anyway, say why it is right in evidenceOverride; the reason is kept in the audit trail.`,
  );
}

export async function rejectClaim(write: Write, kind: ClaimKind, id: number, reason: string, expectedVersion: number) {
  const current = await lockClaim(write.tx, kind, id);
  checkVersion(current, expectedVersion, kind);
  requireStatus(kind, current, open, 'rejected');
  await requireSecondPerson(write.tx, { doing: 'reject', entityType: kind, entityId: id, viewerId: write.viewer.id, enteredById: current.createdById });
  return changeClaim(write, kind, current, current.version, { status: 'REJECTED', rejectionReason: reason }, { action: 'REJECT' });
}

/**
 * Withdraws a claim without a replacement. Open and rejected entries: any editor. A verified number is
 * public, so withdrawing it takes a reviewer.
 */
export async function retireClaim(write: Write, kind: ClaimKind, id: number, reason: string, expectedVersion?: number | null) {
  const current = await lockClaim(write.tx, kind, id);
  checkVersion(current, expectedVersion, kind);
  requireStatus(kind, current, ['DRAFT', 'PENDING_REVIEW', 'REJECTED', 'VERIFIED'], 'retired');
  if (current.status === 'VERIFIED' && !isReviewer(write.viewer)) {
    throw new NotAuthorizedError('Only a reviewer can withdraw a published number.');
  }
  if (!isReviewer(write.viewer) && current.createdById !== write.viewer?.id) {
    throw new NotAuthorizedError('An editor withdraws only their own entries; a reviewer withdraws someone else’s.');
  }
  const diff = { reason: { before: null, after: reason } };
  return changeClaim(write, kind, current, current.version, { status: 'RETIRED' }, { action: 'RETIRE', diff });
}

/**
 * A changed source changes the citation of every number citing it still open to review: their versions
 * move on, so a reviewer who loaded one before the change gets a ConflictError, not a verification of
 * a citation they never saw. One UPDATE per kind of claim.
 */
export async function moveOnClaimsCiting(tx: Transaction, sourceId: number): Promise<void> {
  for (const { table: t } of Object.values(claimKinds)) {
    await (tx.update(t) as any)
      .set(bumpVersion(t))
      .where(and(eq(t.sourceId, sourceId), inArray(t.status, ['DRAFT', 'PENDING_REVIEW', 'REJECTED'])));
  }
}

/** The numbers still in play citing a source go back to UNCHECKED (its address changed); their last confirmation stays. */
export async function forgetEvidenceCiting(tx: Transaction, sourceId: number): Promise<void> {
  for (const { table: t } of Object.values(claimKinds)) {
    await (tx.update(t) as any)
      .set({
        evidenceStatus: 'UNCHECKED',
        evidenceExcerpt: null,
        evidenceSnapshotId: null,
        evidenceCheckedAt: sql`now()`,
        evidenceExplanation: "The source's address changed; the page at the new address has not been captured yet.",
        // Confirmed at the old address: not a confirmation of what the new one says.
        lastConfirmedAt: null,
      })
      .where(and(eq(t.sourceId, sourceId), inArray(t.status, ['DRAFT', 'PENDING_REVIEW', 'VERIFIED'])));
  }
}

export const lockClaim = (tx: Transaction, kind: ClaimKind, id: number) => lockRow(tx, table(kind), id) as Promise<ClaimRow>;

/** Applies `values` to a claim locked by this transaction, at `version`, with its one audit event. */
async function changeClaim(
  write: Write,
  kind: ClaimKind,
  current: ClaimRow,
  version: number,
  values: Record<string, unknown>,
  event: { action: string; diff?: Diff; where?: SQL; refused?: () => Error },
) {
  const { before, after } = await updateLocked(write.tx, table(kind), current as any, version, values, {
    entityType: kind,
    where: event.where,
    refused: event.refused,
  });
  await write.audit({ action: event.action, entityType: kind, entityId: current.id, diff: { ...diffRows(before, after), ...event.diff } });
  return after as ClaimRow;
}

export { claimKinds, claimKindOfEntry, type ClaimKind, type EntryKind } from './claimKinds.ts';
