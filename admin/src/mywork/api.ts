import { MyRejectedCount, MyWorkEntries, RejectionOf } from '../dataProvider/documents';
import { graphql } from '../dataProvider/graphqlClient';
import { claimRecord } from '../dataProvider/resources/fields';
import { factKinds } from '../models/modelChoices';
import { priceKinds } from '../prices/priceKinds';

export type WorkState = 'REJECTED' | 'DRAFT' | 'PENDING_REVIEW' | 'VERIFIED';

/** One of the signed-in person's entries, as the lists of "My work" show it. */
export interface WorkEntry {
  id: string;
  resource: 'scores' | 'prices' | 'modelFacts';
  status: WorkState;
  version: number;
  /** "o4-mini · SWE-bench Verified (pass@1, no tools)" */
  what: string;
  /** "68.1 %", "$1.10 / 1M tokens", "200,000" */
  value: string;
  rawValue: string;
  model: { id: string; slug: string; name: string };
  rejectionReason?: string | null;
  enteredAt?: string | null;
  verifiedAt?: string | null;
  verifiedBy?: string | null;
  locator?: string | null;
  sourceTitle?: string | null;
  record: Record<string, any>;
}

const tokens = (value: unknown) => (/^\d+$/.test(String(value)) ? Number(value).toLocaleString('en-US') : String(value));

function describe(record: Record<string, any>): Pick<WorkEntry, 'what' | 'value' | 'rawValue'> {
  const model = record.model?.name ?? 'A model';
  if (record.resource === 'scores') {
    const setting = record.setting ? ` (${record.setting})` : '';
    const unit = record.benchmark?.unit === 'PERCENT' ? ' %' : '';
    return { what: `${model} · ${record.benchmark?.name ?? 'a benchmark'}${setting}`, value: `${record.value}${unit}`, rawValue: String(record.value) };
  }
  if (record.resource === 'prices') {
    const kind = priceKinds.find((k) => k.id === record.kind)?.name ?? record.kind;
    const tier = record.tierMinTokens ? `, prompts over ${tokens(record.tierMinTokens)} tokens` : '';
    return { what: `${model} · ${kind} price${tier}, from ${record.effectiveFrom}`, value: `$${record.usdPerMillionTokens} / 1M tokens`, rawValue: String(record.usdPerMillionTokens) };
  }
  const fact = factKinds.find((k) => k.id === record.fact);
  return { what: `${model} · ${fact?.name ?? record.fact}`, value: fact?.kind === 'tokens' ? tokens(record.value) : String(record.value), rawValue: String(record.value) };
}

export function workEntry(node: any): WorkEntry {
  const record = claimRecord(node) as Record<string, any>;
  return {
    id: record.id,
    resource: record.resource,
    status: record.status,
    version: record.version,
    ...describe(record),
    model: record.model,
    rejectionReason: record.rejectionReason,
    enteredAt: record.enteredAt,
    verifiedAt: record.verifiedAt,
    verifiedBy: record.verifiedBy?.email ?? null,
    locator: record.citation?.locator,
    sourceTitle: record.citation?.source?.title ?? record.citation?.source?.url,
    record,
  };
}

/**
 * The newest `keep` of the signed-in person's entries in one state, newest first, and how many there
 * are. The API lists them oldest first (and takes `last` only with a cursor): pages of 100 up to the end.
 */
export async function myEntries(status: WorkState, keep = 50): Promise<{ total: number; entries: WorkEntry[] }> {
  let nodes: any[] = [];
  let after: string | null = null;
  let total = 0;
  for (let page = 0; page < 50; page++) {
    const data: { myEntries: { totalCount: number; pageInfo: { hasNextPage: boolean; endCursor: string | null }; edges: { node: any }[] } } =
      await graphql(MyWorkEntries, { status, first: 100, after });
    total = data.myEntries.totalCount;
    nodes = [...nodes, ...data.myEntries.edges.map((edge) => edge.node)].slice(-keep);
    if (!data.myEntries.pageInfo.hasNextPage) break;
    after = data.myEntries.pageInfo.endCursor;
  }
  const entries = nodes.map(workEntry).reverse();
  if (status === 'VERIFIED') entries.sort((a, b) => String(b.verifiedAt ?? '').localeCompare(String(a.verifiedAt ?? '')));
  return { total, entries };
}

export async function rejectedCount(): Promise<number> {
  return (await graphql<{ myEntries: { totalCount: number } }>(MyRejectedCount)).myEntries.totalCount;
}

/** Who rejected an entry and when (its latest REJECT event, which its author may read). */
export async function rejectionOf(id: string): Promise<{ by: string | null; at: string } | null> {
  const data = await graphql<{ auditEvents: { edges: { node: { at: string; actor: { email: string } | null } }[] } }>(RejectionOf, { entityId: id });
  const event = data.auditEvents.edges[0]?.node;
  return event ? { by: event.actor?.email ?? null, at: event.at } : null;
}

export const myWorkKey = ['myWork'] as const;
