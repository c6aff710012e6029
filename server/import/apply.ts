import { eq, inArray } from 'drizzle-orm';
import { diffRows } from '../catalog/audit.ts';
import { databaseErrorAsValidation, postgresErrorOf } from '../catalog/databaseErrors.ts';
import { bumpVersion } from '../catalog/versioned.ts';
import { auditEvents, type scores, type ClaimStatus } from '../../db/schema/index.ts';
import type { Citation, ClaimPlan, ClaimTable, PlanItem } from './plan.ts';
import type { AuditDiff, ImportContext, ModelRun, Tx } from './state.ts';
import type { Count, Problem } from './summary.ts';

// The apply step: a plan written in savepoints (a row the database refuses is reported, the rest
// kept), and the audit events that say what the run changed.

/** Which field of the file a refused row came from, by the constraint that refused it. */
const constraintFields: Record<string, string> = {
  models_slug_check: 'id (the file name)',
  models_slug_key: 'id (the file name)',
  models_context_window_check: 'limit.context',
  models_max_output_check: 'limit.output',
  models_status_check: 'status',
};

/** A database refusal as a report line: the field it concerns and the rule, never raw driver text. */
export function refusal(error: unknown, path: string, field: string | undefined): Problem {
  const pg = postgresErrorOf(error);
  const mapped = pg?.constraint ? constraintFields[pg.constraint] : undefined;
  const validation = databaseErrorAsValidation(error);
  const rule = validation?.fieldErrors[0]?.message;
  const own = pg && pg.code === 'P0001' ? ((error as { cause?: { message?: string } }).cause?.message ?? '').split('\n')[0] : '';
  const what = pg?.constraint ?? (pg ? `error ${pg.code}` : 'error');
  const reason = rule ?? (own || (pg ? 'a value is outside what the database allows' : (error as Error).message.split('\n')[0]));
  return { path, field: mapped ?? field, reason: `refused by the database (${what}): ${reason}` };
}

/** A refusal that skipped a whole row and what hangs on it: `what` says which ("model not imported"). */
export const refusalOfRow = (error: unknown, path: string, field: string | undefined, what: string): Problem => ({
  ...refusal(error, path, field),
  reason: `${what}: ${refusal(error, '', undefined).reason}`,
});

/** The audit diff of an imported row (server/catalog/audit.ts `diffRows`), tagged with the run. */
export function diffOf(before: Record<string, unknown> | null, after: Record<string, unknown>, runId: string) {
  return { run: { before: null, after: runId }, ...diffRows(before, after) };
}

/** An IMPORT audit event of the run (no person acted: actorId is null). */
export async function recordImport(tx: Tx, ctx: ImportContext, entityType: string, entityId: number | string, diff: AuditDiff) {
  await tx.insert(auditEvents).values({ actorId: null, action: 'IMPORT', entityType, entityId: String(entityId), diff, requestId: ctx.requestId });
}

function claimColumns(citation: Citation, status: ClaimStatus) {
  return { ...citation, status, origin: 'IMPORT' as const, verifiedAt: status === 'VERIFIED' ? new Date().toISOString() : null };
}

/** A plan item as a row of its table: the kind's own columns, then the citation and status. */
export const claimRow = <T extends Record<string, unknown>>(item: PlanItem, columns: T) => ({ ...columns, ...claimColumns(item.claim.citation, item.status) });

async function writeItems<T extends ClaimTable>(tx: Tx, table: T, items: PlanItem[], toRow: (item: PlanItem) => T['$inferInsert']) {
  const t = table as typeof scores;
  const oldIds = items.flatMap((item) => (item.supersedes ? [item.supersedes.id] : []));
  // Frees the one-live-claim-per-source and one-published-value slots before the new values take them.
  if (oldIds.length) await tx.update(t).set({ status: 'SUPERSEDED', ...bumpVersion(t) }).where(inArray(t.id, oldIds));
  const inserted = await tx
    .insert(t)
    .values(items.map(toRow) as (typeof scores.$inferInsert)[])
    .returning({ id: t.id });
  for (const [index, item] of items.entries()) {
    if (item.supersedes) await tx.update(t).set({ supersededById: inserted[index]!.id }).where(eq(t.id, item.supersedes.id));
  }
}

/** Withdraws the claims the file no longer states (kept as history, RETIRED). */
async function retireClaims(tx: Tx, table: ClaimTable, plan: ClaimPlan, count: Count, audit: AuditDiff) {
  if (!plan.retire.length) return;
  const t = table as typeof scores;
  await tx
    .update(t)
    .set({ status: 'RETIRED', ...bumpVersion(t) })
    .where(inArray(t.id, plan.retire.map((claim) => claim.id)));
  count.retired += plan.retire.length;
  for (const claim of plan.retire) audit[`retired ${claim.key} (claim ${claim.id})`] = { before: claim.value, after: null };
}

/** All items in one savepoint; if the database refuses one, each in its own, reporting the refused. */
async function writeInSavepoints<T extends ClaimTable>(tx: Tx, table: T, items: PlanItem[], run: ModelRun, toRow: (item: PlanItem) => T['$inferInsert']): Promise<PlanItem[]> {
  if (!items.length) return [];
  try {
    await tx.transaction((savepoint) => writeItems(savepoint, table, items, toRow));
    return items;
  } catch (error) {
    if (!postgresErrorOf(error)) throw error;
  }
  const written: PlanItem[] = [];
  for (const item of items) {
    try {
      await tx.transaction((savepoint) => writeItems(savepoint, table, [item], toRow));
      written.push(item);
    } catch (rowError) {
      if (!postgresErrorOf(rowError)) throw rowError;
      run.skipped.push(refusal(rowError, item.claim.path, item.claim.field));
    }
  }
  return written;
}

/**
 * Writes a plan: all rows at once in a savepoint; if the database refuses one, row by row, each in
 * its own savepoint, so a refused row is reported with its field and the others are kept. Counts
 * only what was written.
 */
export async function applyPlan<T extends ClaimTable>(
  tx: Tx,
  table: T,
  plan: ClaimPlan,
  run: ModelRun,
  count: Count,
  audit: AuditDiff,
  toRow: (item: PlanItem) => T['$inferInsert'],
) {
  count.unchanged += plan.unchanged;
  await retireClaims(tx, table, plan, count, audit);
  for (const item of await writeInSavepoints(tx, table, plan.items, run, toRow)) {
    if (item.supersedes) count.updated++;
    else count.created++;
    if (item.status === 'PENDING_REVIEW') run.heldForReview++;
    audit[`${item.claim.field} (${item.claim.path})`] = { before: item.supersedes?.value ?? null, after: item.claim.value };
  }
}
