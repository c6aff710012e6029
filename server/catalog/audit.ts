import type { Transaction } from '../../db/client.ts';
import { auditEvents } from '../../db/schema/index.ts';

export type Diff = Record<string, { before: unknown; after: unknown }>;

export interface AuditEventInput {
  actorId: number | null;
  action: string;
  entityType: string;
  entityId: string | number;
  diff: Diff;
  requestId: string | null;
}

export async function appendAuditEvent(tx: Transaction, event: AuditEventInput): Promise<void> {
  await tx.insert(auditEvents).values({ ...event, entityId: String(event.entityId) });
}

// Columns that never appear in a diff: bookkeeping, and secrets (their change is still recorded).
const ignored = new Set(['updatedAt', 'version', 'normalizedUrl']);
const secret = new Set(['passwordHash']);

/** The fields that differ between two snapshots of a row, as `{ field: { before, after } }`. */
export function diffRows(before: Record<string, unknown> | null, after: Record<string, unknown> | null): Diff {
  const diff: Diff = {};
  const keys = new Set([...Object.keys(before ?? {}), ...Object.keys(after ?? {})]);
  for (const key of keys) {
    if (ignored.has(key)) continue;
    const was = before?.[key] ?? null;
    const now = after?.[key] ?? null;
    if (sameValue(was, now)) continue;
    diff[key] = secret.has(key) ? { before: was === null ? null : '(secret)', after: now === null ? null : '(secret, changed)' } : { before: was, after: now };
  }
  return diff;
}

function sameValue(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}
