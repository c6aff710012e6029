export type Diff = Record<string, { before?: unknown; after?: unknown }>;

export interface AuditEventRecord {
  id: string;
  at: string;
  action: string;
  entityType?: string;
  entityId?: string;
  diff?: Diff | null;
  actor?: { id: string; email: string } | null;
}

/** Bookkeeping columns nobody edits: kept in the trail, left out of what people read. */
const hidden = new Set([
  'id',
  'createdAt',
  'updatedAt',
  'version',
  'settingParsed',
  'origin',
  'createdById',
  'verifiedById',
  'evidenceSnapshotId',
  'run',
  'passwordHash',
]);

export const isShown = (field: string) => !hidden.has(field);

const names: Record<string, string> = {
  modelId: 'model',
  similarModelId: 'similar model',
  benchmarkId: 'benchmark',
  sourceId: 'source',
  paperSourceId: 'paper',
  providerId: 'provider',
  familyId: 'family',
  supersededById: 'superseded by',
  usdPerMillionTokens: 'USD / 1M tokens',
  tierMinTokens: 'from tokens',
  passAtK: 'pass@k',
  apiModelId: 'API model id',
  url: 'URL',
  archivedUrl: 'archived URL',
  docsUrl: 'docs URL',
  runBy: 'run by',
};

/** "usdPerMillionTokens" → "USD / 1M tokens", "rejectionReason" → "rejection reason". */
export function fieldName(field: string): string {
  if (names[field]) return names[field];
  return field.replace(/([a-z0-9])([A-Z])/g, '$1 $2').replace(/_/g, ' ').toLowerCase();
}

/** A value as text: "—" for none, lists joined, objects as `key: value` pairs. */
export function plain(value: unknown): string {
  if (value === null || value === undefined || value === '') return '—';
  if (typeof value === 'boolean') return value ? 'yes' : 'no';
  if (Array.isArray(value)) return value.length ? value.map(plain).join(', ') : '—';
  if (typeof value === 'object') return Object.entries(value as Record<string, unknown>).map(([key, inner]) => `${fieldName(key)}: ${plain(inner)}`).join(', ');
  return String(value);
}

const verbs: Record<string, string> = {
  CREATE: 'created',
  UPDATE: 'changed',
  SUBMIT: 'submitted for review',
  VERIFY: 'verified',
  REJECT: 'rejected',
  RETIRE: 'retired',
  SUPERSEDE: 'superseded',
  IMPORT: 'imported',
  PUBLISH: 'published',
  PROPOSE: 'proposed a change to',
  APPROVE: 'approved a change to',
  CAPTURE: 'captured',
  LOGIN: 'signed in',
  LOGOUT: 'signed out',
};

export const describeAction = (action: string) => verbs[action] ?? action.replace(/_/g, ' ').toLowerCase();

/** Every action the trail knows, for the filter. */
export const auditActions = [
  'CREATE', 'UPDATE', 'SUBMIT', 'VERIFY', 'REJECT', 'RETIRE', 'PUBLISH', 'PROPOSE', 'APPROVE', 'IMPORT', 'CAPTURE',
  'ENABLE', 'DISABLE', 'DELETE', 'RESEND', 'SUBSCRIBE', 'CONFIRM', 'UNSUBSCRIBE', 'LOGIN', 'LOGOUT',
].map((id) => ({ id, name: id.charAt(0) + id.slice(1).toLowerCase() }));

/** The record's fields after each event, oldest first: version n is every change up to event n. */
export function versionsOf(events: AuditEventRecord[]): { event: AuditEventRecord; state: Record<string, unknown>; number: number }[] {
  const oldestFirst = [...events].sort((a, b) => (a.at === b.at ? 0 : a.at < b.at ? -1 : 1));
  let state: Record<string, unknown> = {};
  return oldestFirst.map((event, index) => {
    state = { ...state };
    for (const [field, change] of Object.entries(event.diff ?? {})) if (change && 'after' in change) state[field] = change.after;
    return { event, state, number: index + 1 };
  });
}

/** The fields whose values differ between two versions (shown ones only). */
export function differingFields(a: Record<string, unknown>, b: Record<string, unknown>): string[] {
  const fields = new Set([...Object.keys(a), ...Object.keys(b)]);
  return [...fields].filter((field) => isShown(field) && JSON.stringify(a[field] ?? null) !== JSON.stringify(b[field] ?? null));
}

/** The change in words, on one line (for exports): "value 68.1 → 69.1; status pending review → verified". */
export function changeSummary(diff: Diff | null | undefined): string {
  return Object.entries(diff ?? {})
    .filter(([field]) => isShown(field))
    .map(([field, change]) =>
      change?.before == null || change.before === '' ? `${fieldName(field)} ${plain(change?.after)}` : `${fieldName(field)} ${plain(change.before)} → ${plain(change?.after)}`,
    )
    .join('; ');
}
