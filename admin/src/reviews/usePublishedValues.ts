import { useQueries } from '@tanstack/react-query';
import type { Identifier, RaRecord } from 'react-admin';
import { PublishedBeside } from '../dataProvider/documents';
import { graphql } from '../dataProvider/graphqlClient';

/** What the public sees now in the place a pending number would take (its model, benchmark and setting; price kind and tier; fact). */
export type Published =
  | { state: 'loading' }
  | { state: 'error'; message: string }
  | { state: 'none' }
  | { state: 'found'; value: unknown; verifiedAt: string | null; sourceTitle: string | null; effectiveFrom?: string };

interface VerifiedNode {
  __typename: 'Score' | 'Price' | 'ModelFact';
  id: string;
  value?: number;
  factValue?: string;
  setting?: string | null;
  kind?: string;
  tierMinTokens?: number;
  usdPerMillionTokens?: number;
  effectiveFrom?: string;
  fact?: string;
  verifiedAt: string | null;
  citation: { source: { title: string } | null } | null;
}

/** The API's filter for the verified entries among which the record's published value is. */
function filterOf(record: RaRecord): Record<string, unknown> | null {
  const model = record.model?.id;
  if (!model) return null;
  if (record.resource === 'scores') return record.benchmark?.id ? { kind: 'SCORE', status: 'VERIFIED', model, benchmark: record.benchmark.id } : null;
  if (record.resource === 'prices') return { kind: 'PRICE', status: 'VERIFIED', model, priceKind: record.kind };
  if (record.resource === 'modelFacts') return { kind: 'MODEL_FACT', status: 'VERIFIED', model };
  return null;
}

const today = () => new Date().toISOString().slice(0, 10);

/** The verified entry in the record's place: same setting; same tier (the price in force, or the one of the same start date); same fact. */
function pick(record: RaRecord, nodes: VerifiedNode[]): VerifiedNode | undefined {
  if (record.resource === 'scores') return nodes.find((node) => (node.setting ?? '') === (record.setting ?? ''));
  if (record.resource === 'modelFacts') return nodes.find((node) => node.fact === record.fact);
  const tier = nodes.filter((node) => node.tierMinTokens === record.tierMinTokens).sort((a, b) => String(b.effectiveFrom).localeCompare(String(a.effectiveFrom)));
  return tier.find((node) => node.effectiveFrom === record.effectiveFrom) ?? tier.find((node) => String(node.effectiveFrom) <= today()) ?? tier[0];
}

/** For each record, the value verified before it in its place, fetched once per model and benchmark (or price kind) on the page. */
export function usePublishedValues(records: RaRecord[]): Map<Identifier, Published> {
  const filters = new Map<string, Record<string, unknown>>();
  const keyOf = new Map<Identifier, string>();
  for (const record of records) {
    const filter = filterOf(record);
    if (!filter) continue;
    const key = JSON.stringify(filter);
    filters.set(key, filter);
    keyOf.set(record.id, key);
  }
  const keys = [...filters.keys()];
  const results = useQueries({
    queries: keys.map((key) => ({
      queryKey: ['reviews', 'publishedBeside', key],
      queryFn: async () => (await graphql<{ entries: { edges: { node: VerifiedNode }[] } }>(PublishedBeside, { filter: filters.get(key) })).entries.edges.map((edge) => edge.node),
    })),
  });
  const byKey = new Map(keys.map((key, index) => [key, results[index]!]));
  const published = new Map<Identifier, Published>();
  for (const record of records) {
    const result = byKey.get(keyOf.get(record.id) ?? '');
    if (!result) continue;
    if (result.error) published.set(record.id, { state: 'error', message: (result.error as Error).message });
    else if (!result.data) published.set(record.id, { state: 'loading' });
    else {
      const node = pick(record, result.data);
      published.set(
        record.id,
        node
          ? {
              state: 'found',
              value: node.__typename === 'Price' ? node.usdPerMillionTokens : node.__typename === 'ModelFact' ? node.factValue : node.value,
              verifiedAt: node.verifiedAt,
              sourceTitle: node.citation?.source?.title ?? null,
              effectiveFrom: node.effectiveFrom,
            }
          : { state: 'none' },
      );
    }
  }
  return published;
}
