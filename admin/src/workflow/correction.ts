import type { RaRecord } from 'react-admin';

/** Statuses whose number can still be changed in place (by its author, or while it waits for review). */
export const editableStatuses = new Set(['DRAFT', 'PENDING_REVIEW', 'REJECTED']);

/** A number that is public (or was): read-only, corrected by a new entry. */
export const isSettled = (record: RaRecord | undefined) => !!record?.status && !editableStatuses.has(record.status);

const citationOf = (record: RaRecord) => ({
  sourceId: record.citation?.source?.id ?? record.citation?.sourceId ?? null,
  locator: record.citation?.locator ?? null,
  quote: record.citation?.quote ?? null,
  retrievedAt: record.citation?.retrievedAt ?? null,
});

/** What a correction of each kind of number starts from: the same model, benchmark or kind, setting and citation. */
const copied: Record<string, (record: RaRecord) => Record<string, unknown>> = {
  scores: (record) => ({
    modelId: record.model?.id ?? record.modelId,
    benchmarkId: record.benchmark?.id ?? record.benchmarkId,
    value: record.value,
    conditions: record.conditions ?? null,
    metric: record.metric ?? null,
    runBy: record.runBy ?? null,
    uncertainty: record.uncertainty ?? null,
  }),
  prices: (record) => ({
    modelId: record.model?.id ?? record.modelId,
    kind: record.kind,
    usdPerMillionTokens: record.usdPerMillionTokens,
    tierMinTokens: record.tierMinTokens,
    effectiveFrom: record.effectiveFrom,
  }),
};

/** The create page's address, its form pre-filled from a published number (react-admin reads `?source=`). */
export function correctionPath(resource: 'scores' | 'prices', record: RaRecord) {
  const values = { ...copied[resource]!(record), citation: citationOf(record), correcting: { id: record.id, value: resource === 'prices' ? record.usdPerMillionTokens : record.value } };
  return `/${resource}/create?source=${encodeURIComponent(JSON.stringify(values))}`;
}

/**
 * What verifying really did: a number shows in the public API only once its model (and, for a score,
 * its benchmark) is published too.
 */
export function verifiedMessage(record: RaRecord | undefined) {
  const waiting = [
    record?.model?.publication && record.model.publication !== 'PUBLISHED' ? 'the model' : null,
    record?.benchmark?.publication && record.benchmark.publication !== 'PUBLISHED' ? 'the benchmark' : null,
  ].filter(Boolean);
  if (waiting.length === 0) return 'Verified: the number is now public.';
  return `Verified — becomes public when ${waiting.join(' and ')} ${waiting.length > 1 ? 'are' : 'is'} published.`;
}
