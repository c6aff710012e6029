import { AuditReferences } from '../dataProvider/documents';
import { graphql } from '../dataProvider/graphqlClient';

/** What an id in the audit trail stands for: a name to show, the app's page for it, its web address. */
export interface Reference {
  type: string;
  label: string;
  /** The app's route, e.g. `/models/TW9kZWw6MQ==` (the id is never shown, only linked). */
  path?: string;
  /** A source's address. */
  url?: string;
}

export type References = Record<string, Reference>;

/** The audit trail stores row ids (`modelId: 1`); the API names records by global ID. */
export const globalId = (type: string, rowId: string | number) => btoa(`${type}:${rowId}`);

/** The type of the record a field of a diff points at, e.g. `sourceId` → Source. */
export const referenceFields: Record<string, string> = {
  modelId: 'Model',
  similarModelId: 'Model',
  benchmarkId: 'Benchmark',
  sourceId: 'Source',
  paperSourceId: 'Source',
  providerId: 'Provider',
  familyId: 'ModelFamily',
};

/** The app's resource for each type of record (facts are edited on their model's page). */
const routes: Record<string, string> = {
  Model: 'models',
  Benchmark: 'benchmarks',
  Provider: 'providers',
  ModelFamily: 'families',
  Source: 'sources',
  Score: 'scores',
  Price: 'prices',
  User: 'users',
};

export const recordPath = (type: string, id: string) => (routes[type] ? `/${routes[type]}/${encodeURIComponent(id)}` : undefined);

/** Types `nodes(ids:)` can name for a reviewer (accounts are named by the actor's email instead). */
const named = new Set(['Model', 'Benchmark', 'Provider', 'ModelFamily', 'Source', 'Score', 'Price', 'ModelFact']);

const typeOf = (id: string) => {
  try {
    return atob(id).split(':')[0] ?? '';
  } catch {
    return '';
  }
};

const words = (text: string) => text.replace(/_/g, ' ').toLowerCase();

function labelOf(node: any): string {
  switch (node.__typename) {
    case 'Source':
      return node.title || node.url;
    case 'Score':
      return `${node.model?.name ?? 'a model'} on ${node.benchmark?.name ?? 'a benchmark'}: ${node.value}${node.setting ? ` (${node.setting})` : ''}`;
    case 'Price':
      return `${node.model?.name ?? 'a model'}, ${words(node.kind)} price: $${node.usdPerMillionTokens} / 1M tokens`;
    case 'ModelFact':
      return `${node.model?.name ?? 'a model'}, ${words(node.fact)}: ${node.factValue}`;
    default:
      return node.name ?? node.slug ?? node.__typename;
  }
}

/** The global IDs an event refers to: the changed record, and what its fields point at. */
export function referencedIds(event: { entityId?: string; entityType?: string; diff?: Record<string, { before?: unknown; after?: unknown }> | null }): string[] {
  const ids: string[] = [];
  if (event.entityId) ids.push(event.entityId);
  for (const [field, change] of Object.entries(event.diff ?? {})) {
    const type = field === 'supersededById' ? event.entityType : referenceFields[field];
    if (!type) continue;
    for (const value of [change?.before, change?.after]) if (typeof value === 'number' || (typeof value === 'string' && /^\d+$/.test(value))) ids.push(globalId(type, value));
  }
  return ids;
}

/**
 * Names the given ids, 100 a request. A record the API no longer shows (or a kind it cannot name)
 * keeps no name: the trail then says what kind of record it was, never its id.
 */
export async function resolveReferences(ids: string[]): Promise<References> {
  const wanted = [...new Set(ids)].filter((id) => named.has(typeOf(id)));
  const references: References = {};
  for (let start = 0; start < wanted.length; start += 100) {
    const chunk = wanted.slice(start, start + 100);
    try {
      const { nodes } = await graphql<{ nodes: (any | null)[] }>(AuditReferences, { ids: chunk });
      for (const node of nodes) {
        if (!node) continue;
        const path = node.__typename === 'ModelFact' ? recordPath('Model', node.model?.id) : recordPath(node.__typename, node.id);
        references[node.id] = { type: node.__typename, label: labelOf(node), path, url: node.url };
      }
    } catch {
      // Names are a convenience: the trail still reads without them.
    }
  }
  return references;
}

const kinds: Record<string, string> = { ModelFamily: 'family', ModelFact: 'fact', CatalogImport: 'catalog import', User: 'account', SiteText: 'site text' };

/** "model", "family", "catalog import": what a type of record is called in a sentence. */
export const kindOf = (type: string | undefined) => (type ? (kinds[type] ?? type.toLowerCase()) : 'record');
