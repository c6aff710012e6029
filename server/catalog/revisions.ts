import { and, eq, sql } from 'drizzle-orm';
import { rowsOf, type Transaction } from '../../db/client.ts';
import { benchmarks, modelFamilies, models, providers, revisions, siteTexts, sources, type RevisableEntity } from '../../db/schema/index.ts';
import { modelsAround, refreshSimilaritiesAround } from './similarity.ts';
import { ConflictError, NotAuthorizedError, ValidationError } from '../errors.ts';
import { isReviewer } from '../auth/viewer.ts';
import { diffRows, type Diff } from './audit.ts';
import type { Write } from './write.ts';
import { claimKinds, forgetEvidenceCiting, moveOnClaimsCiting } from './claims.ts';
import { requireSecondPerson } from './fourEyes.ts';
import { bumpVersion, lockRow, updateLocked } from './versioned.ts';
import { isPublished, isPublishedRow, isVerified } from './visibility.ts';

// Four eyes for what is already public. A change to a published provider, family, model or
// benchmark, to a source a verified number cites, or to the methodology is not applied: it is stored
// as a pending revision against the version it was proposed on. A second person (a reviewer who did
// not propose it) approves it, and it applies only if the entity is still at that version.

export const revisable = {
  Provider: { table: providers, label: 'provider' },
  ModelFamily: { table: modelFamilies, label: 'family' },
  Model: { table: models, label: 'model' },
  Benchmark: { table: benchmarks, label: 'benchmark' },
  Source: { table: sources, label: 'source' },
} as const;
export type RevisableKind = keyof typeof revisable;
type RevisionRow = typeof revisions.$inferSelect;

/** The answer of an update whose change waits for a second person (a result, not a failure to hide). */
export class RevisionPending extends Error {
  constructor(readonly revision: RevisionRow) {
    super(
      'Sent for review: this is public, so the change applies once a second person (a reviewer who did not propose it) approves it. Nothing public has changed yet.',
    );
    this.name = 'RevisionPending';
  }
}


/**
 * Whether the public sees the row now. Catalog entries: published. Sources: cited by a verified
 * number (public as soon as its model is published) or the paper of a published benchmark.
 */
export async function isPublic(tx: Transaction, kind: RevisableKind, row: Record<string, unknown>): Promise<boolean> {
  if (kind !== 'Source') return isPublishedRow(row as { publication: string });
  const id = Number(row.id);
  const cited = Object.values(claimKinds).map(({ tableName }) => sql`exists (select 1 from ${sql.raw(tableName)} where source_id = ${id} and ${isVerified(sql`status`)})`);
  cited.push(sql`exists (select 1 from benchmarks where paper_source_id = ${id} and ${isPublished(sql`publication`)})`);
  const result = await tx.execute(sql`select (${sql.join(cited, sql` or `)}) as cited`);
  return rowsOf<{ cited: boolean }>(result)[0]?.cited === true;
}

/** Columns set with every change of a kind, whoever applies it (not part of what reviewers approve). */
function bookkeeping(kind: RevisableKind, changes: Record<string, unknown>): Record<string, unknown> {
  if (kind === 'Model') return { curated: true };
  // A new URL has not been checked yet.
  if (kind === 'Source' && 'url' in changes) return { linkStatus: 'UNCHECKED', linkHttpStatus: null, linkCheckedAt: null };
  return {};
}

/** The fields of `values` that differ from the row, as `{ field: { before, after } }`. */
function changedFields(row: Record<string, unknown>, values: Record<string, unknown>): Diff {
  const before: Record<string, unknown> = {};
  for (const key of Object.keys(values)) before[key] = row[key] ?? null;
  return diffRows(before, values);
}

/** Applies a change to an entity this transaction has locked (`current`), at `version`. */
/**
 * A public model or family stays under a published provider (and family): refuses moving it elsewhere.
 * The parents are locked (shared) until the transaction ends, so a retirement of one of them waits
 * for this change and then counts it (entries.ts checkRetirable), or commits first and is seen here.
 */
export async function requirePublishedParents(w: Write, values: { providerId?: unknown; familyId?: unknown }) {
  const problems: { path: string; message: string }[] = [];
  if (values.providerId) {
    const [provider] = await w.tx.select({ publication: providers.publication }).from(providers).where(eq(providers.id, Number(values.providerId))).for('share');
    if (!isPublishedRow(provider)) problems.push({ path: 'provider', message: 'This provider is not published: publish it first.' });
  }
  if (values.familyId) {
    const [family] = await w.tx.select({ publication: modelFamilies.publication }).from(modelFamilies).where(eq(modelFamilies.id, Number(values.familyId))).for('share');
    if (!isPublishedRow(family)) problems.push({ path: 'family', message: 'This family is not published: publish it first.' });
  }
  if (problems.length) throw new ValidationError(problems);
}

async function applyChange(w: Write, kind: RevisableKind, current: Record<string, unknown>, version: number, changes: Record<string, unknown>) {
  const id = Number(current.id);
  const moving = kind === 'Model' && ('familyId' in changes || 'providerId' in changes);
  const leaving = moving ? await modelsAround(w.tx, [id]) : [];
  // Approving a move of a public model or family: its new parents must still be published.
  if ((kind === 'Model' || kind === 'ModelFamily') && isPublishedRow(current as { publication: string })) await requirePublishedParents(w, changes);
  const table = revisable[kind].table;
  const result = await updateLocked(w.tx, table, current as typeof table.$inferSelect, version, { ...changes, ...bookkeeping(kind, changes) }, { entityType: kind });
  // Moved to another family or provider: its "compare with" suggestions change with it, and so do
  // those of the family it leaves.
  if (moving) await refreshSimilaritiesAround(w.tx, id, leaving);
  // A changed source changes the citation of every number still waiting for review (claims.ts).
  if (kind === 'Source') await moveOnClaimsCiting(w.tx, id);
  // A new address is a new page: what the old one said is no evidence for it.
  if (kind === 'Source' && 'url' in changes && changes.url !== current.url) {
    await forgetEvidenceCiting(w.tx, id);
    w.captureAfterCommit(id);
  }
  return result;
}

/**
 * Changes an entity: directly while the public does not see it, as a pending revision once it
 * does. Either way the version must be the one the editor loaded, and one audit event is written.
 */
export async function changeEntity(
  w: Write,
  kind: RevisableKind,
  id: number,
  expectedVersion: number,
  values: Record<string, unknown>,
  checkPublic?: (row: Record<string, unknown>) => Promise<void>,
): Promise<{ applied: Record<string, unknown> } | { pending: RevisionPending }> {
  const current = (await lockRow(w.tx, revisable[kind].table, id)) as Record<string, unknown>;
  if (current.version !== expectedVersion) throw new ConflictError(Number(current.version)).about(kind, id);
  if (!(await isPublic(w.tx, kind, current))) {
    const { before, after } = await applyChange(w, kind, current, expectedVersion, values);
    await w.audit({ action: 'UPDATE', entityType: kind, entityId: id, diff: diffRows(before, after) });
    return { applied: after };
  }
  await checkPublic?.(current);
  const diff = changedFields(current, values);
  const changes = Object.fromEntries(Object.keys(diff).map((key) => [key, values[key]]));
  if (Object.keys(changes).length === 0) throw ValidationError.field('', `This changes nothing in the ${revisable[kind].label}.`);
  await dryRun(w.tx, kind, id, changes);
  return { pending: await propose(w, kind, String(id), expectedVersion, changes, await readable(w.tx, diff)) };
}

// References read by reviewers as the slug or URL they name, not as row ids.
const named: Record<string, { field: string; table: typeof providers | typeof modelFamilies | typeof sources; column: string }> = {
  providerId: { field: 'provider', table: providers, column: 'slug' },
  familyId: { field: 'family', table: modelFamilies, column: 'slug' },
  paperSourceId: { field: 'paperSource', table: sources, column: 'url' },
};

async function readable(tx: Transaction, diff: Diff): Promise<Diff> {
  const result: Diff = {};
  for (const [field, change] of Object.entries(diff)) {
    const reference = named[field];
    if (!reference) {
      result[field] = change;
      continue;
    }
    const name = async (id: unknown) => {
      if (id == null) return null;
      const [row] = await (tx.select().from(reference.table) as any).where(eq(reference.table.id, Number(id)));
      return row?.[reference.column] ?? id;
    };
    result[reference.field] = { before: await name(change.before), after: await name(change.after) };
  }
  return result;
}

const probe = Symbol('dry run');

/**
 * Tries the change in a savepoint and rolls it back, so the database's rules (a taken slug, a scale
 * that excludes entered scores…) refuse a proposal now, naming the field, not at approval.
 */
async function dryRun(tx: Transaction, kind: RevisableKind, id: number, changes: Record<string, unknown>) {
  const table = revisable[kind].table;
  try {
    await tx.transaction(async (savepoint) => {
      await (savepoint.update(table) as any).set(changes).where(eq(table.id, id));
      throw probe;
    });
  } catch (error) {
    if (error !== probe) throw error;
  }
}

async function propose(w: Write, kind: RevisableEntity, entityId: string, baseVersion: number, changes: Record<string, unknown>, diff: Diff) {
  const [revision] = await w.tx
    .insert(revisions)
    .values({ entityType: kind, entityId, baseVersion, changes, diff, proposedById: w.viewer.id })
    .returning();
  await w.audit({
    action: 'PROPOSE',
    entityType: 'Revision',
    entityId: revision!.id,
    diff: { entity: { before: null, after: `${kind}:${entityId}` }, baseVersion: { before: null, after: baseVersion }, ...diff },
  });
  return new RevisionPending(revision!);
}

/** The methodology is always public: a new text is always a revision. */
export async function proposeSiteText(w: Write, key: string, expectedVersion: number, body: string) {
  const [current] = await w.tx.select().from(siteTexts).where(eq(siteTexts.key, key)).for('update');
  const version = current?.version ?? 0;
  if (version !== expectedVersion && current) throw new ConflictError(version).about('SiteText', key);
  if (current?.body === body) throw ValidationError.field('body', 'This changes nothing in the text.');
  return propose(w, 'SiteText', key, version, { body }, { body: { before: current?.body ?? null, after: body } });
}

function requirePending(revision: RevisionRow, expectedVersion: number) {
  if (revision.version !== expectedVersion) throw new ConflictError(revision.version).about('Revision', revision.id);
  if (revision.status !== 'PENDING') {
    throw new ConflictError(revision.version, `This revision is already ${revision.status}.`).about('Revision', revision.id);
  }
}

const staleMessage = (label: string, base: number, now: number) =>
  `The ${label} changed since this revision was proposed (version ${base}, now ${now}): nothing was applied. Reject it and propose the change again on the current version.`;

/** A second person approves: the change applies to the version it was proposed on, or not at all. */
export async function approveRevision(w: Write, id: number, expectedVersion: number): Promise<RevisionRow> {
  const revision = await lockRow(w.tx, revisions, id);
  requirePending(revision, expectedVersion);
  await requireSecondPerson(w.tx, { doing: 'approve', entityType: 'Revision', entityId: id, viewerId: w.viewer.id, enteredById: revision.proposedById });
  const changes = revision.changes;
  let diff: Diff;
  if (revision.entityType === 'SiteText') {
    const [before] = await w.tx.select().from(siteTexts).where(eq(siteTexts.key, revision.entityId)).for('update');
    if ((before?.version ?? 0) !== revision.baseVersion) {
      throw new ConflictError(revision.version, staleMessage('text', revision.baseVersion, before!.version)).about('SiteText', revision.entityId);
    }
    const body = String(changes.body);
    const [after] = before
      ? await w.tx
          .update(siteTexts)
          .set({ body, ...bumpVersion(siteTexts) })
          .where(and(eq(siteTexts.key, revision.entityId), eq(siteTexts.version, revision.baseVersion)))
          .returning()
      : await w.tx.insert(siteTexts).values({ key: revision.entityId, body }).returning();
    diff = diffRows(before ?? null, after ?? null);
  } else {
    const kind = revision.entityType as RevisableKind;
    const entityId = Number(revision.entityId);
    const current = (await lockRow(w.tx, revisable[kind].table, entityId)) as Record<string, unknown> & { version: number };
    if (current.version !== revision.baseVersion) {
      throw new ConflictError(revision.version, staleMessage(revisable[kind].label, revision.baseVersion, current.version)).about(kind, entityId);
    }
    const { before, after } = await applyChange(w, kind, current, revision.baseVersion, changes);
    diff = diffRows(before, after);
  }
  const { after: approved } = await updateLocked(w.tx, revisions, revision, revision.version, {
    status: 'APPROVED',
    reviewedById: w.viewer.id,
    reviewedAt: sql`now()`,
  });
  // The event is the entity's: its history shows the change, who approved it, and whose it was.
  await w.audit({
    action: 'APPROVE',
    entityType: revision.entityType,
    entityId: revision.entityId,
    diff: { ...diff, revision: { before: null, after: { id: revision.id, proposedById: revision.proposedById } } },
  });
  return approved;
}

/** A reviewer turns a revision down with a reason; its proposer may also withdraw it that way. */
export async function rejectRevision(w: Write, id: number, reason: string, expectedVersion: number): Promise<RevisionRow> {
  const revision = await lockRow(w.tx, revisions, id);
  if (!isReviewer(w.viewer) && revision.proposedById !== w.viewer.id) {
    throw new NotAuthorizedError('Only a reviewer, or whoever proposed it, can reject a revision.');
  }
  requirePending(revision, expectedVersion);
  const { before, after } = await updateLocked(w.tx, revisions, revision, expectedVersion, {
    status: 'REJECTED',
    reviewedById: w.viewer.id,
    reviewedAt: sql`now()`,
    rejectionReason: reason,
  });
  await w.audit({ action: 'REJECT', entityType: 'Revision', entityId: id, diff: diffRows(before, after) });
  return after;
}
