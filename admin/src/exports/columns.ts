import { changeSummary, describeAction } from '../history/format';
import { kindOf } from '../history/references';
import type { Column } from './csv';

const words = (value: unknown) => (typeof value === 'string' && /^[A-Z][A-Z_]+$/.test(value) ? value.replace(/_/g, ' ').toLowerCase() : value);
const col = (label: string, value: (record: any) => unknown): Column => ({ label, value });

/** The citation every sourced number carries, as readable columns. */
const citation: Column[] = [
  col('Source', (r) => r.citation?.source?.title),
  col('Source URL', (r) => r.citation?.source?.url),
  col('Source kind', (r) => words(r.citation?.source?.kind)),
  col('Where in the source', (r) => r.citation?.locator),
  col('Quote', (r) => r.citation?.quote),
  col('Retrieved on', (r) => r.citation?.retrievedAt),
];

const workflow: Column[] = [
  col('Status', (r) => words(r.status)),
  col('Entered by', (r) => r.enteredBy?.email),
  col('Entered at', (r) => r.enteredAt),
  col('Verified by', (r) => r.verifiedBy?.email),
  col('Verified at', (r) => r.verifiedAt),
  col('Rejection reason', (r) => r.rejectionReason),
  col('Note', (r) => r.note),
];

/** Each list's export: names, addresses and states people read, never ids. */
export const exportColumns: Record<string, Column[]> = {
  prices: [
    col('Model', (r) => r.model?.name),
    col('Model slug', (r) => r.model?.slug),
    col('Kind', (r) => words(r.kind)),
    col('USD per 1M tokens', (r) => r.usdPerMillionTokens),
    col('From tokens', (r) => r.tierMinTokens),
    col('Effective from', (r) => r.effectiveFrom),
    ...workflow,
    ...citation,
  ],
  scores: [
    col('Model', (r) => r.model?.name),
    col('Model slug', (r) => r.model?.slug),
    col('Benchmark', (r) => r.benchmark?.name),
    col('Value', (r) => r.value),
    col('Unit', (r) => r.benchmark?.unit),
    col('Setting', (r) => r.setting),
    ...workflow,
    ...citation,
  ],
  modelFacts: [col('Model', (r) => r.model?.name), col('Fact', (r) => words(r.fact)), col('Value', (r) => r.value), ...workflow, ...citation],
  models: [
    col('Name', (r) => r.name),
    col('Slug', (r) => r.slug),
    col('Provider', (r) => r.provider?.name),
    col('Family', (r) => r.family?.name),
    col('Status', (r) => words(r.status)),
    col('Publication', (r) => words(r.publication)),
    col('Release date', (r) => r.releaseDate?.value),
    col('Context window', (r) => r.contextWindow?.value),
    col('Input USD per 1M tokens', (r) => r.prices?.find((p: any) => p.kind === 'INPUT' && !p.tierMinTokens)?.usdPerMillionTokens),
    col('Output USD per 1M tokens', (r) => r.prices?.find((p: any) => p.kind === 'OUTPUT' && !p.tierMinTokens)?.usdPerMillionTokens),
    col('Updated', (r) => r.updatedAt),
  ],
  sources: [
    col('Title', (r) => r.title),
    col('URL', (r) => r.url),
    col('Publisher', (r) => r.publisher),
    col('Kind', (r) => words(r.kind)),
    col('Published on', (r) => r.publishedAt),
    col('Retrieved on', (r) => r.retrievedAt),
    col('Link status', (r) => words(r.linkStatus)),
    col('HTTP status', (r) => r.linkHttpStatus),
    col('Link checked at', (r) => r.linkCheckedAt),
    col('Citations', (r) => r.citationCount),
    col('Archived copy', (r) => r.archivedUrl),
    col('Retired at', (r) => r.retiredAt),
    col('Retirement reason', (r) => r.retirementReason),
  ],
  providers: [
    col('Name', (r) => r.name),
    col('Slug', (r) => r.slug),
    col('Website', (r) => r.website),
    col('Docs', (r) => r.docsUrl),
    col('Publication', (r) => words(r.publication)),
    col('API base URL', (r) => r.api?.baseUrl),
    col('npm package', (r) => r.api?.npmPackage),
    col('Python package', (r) => r.api?.pythonPackage),
  ],
  families: [
    col('Name', (r) => r.name),
    col('Slug', (r) => r.slug),
    col('Provider', (r) => r.provider?.name),
    col('Publication', (r) => words(r.publication)),
    col('Description', (r) => r.description),
  ],
  benchmarks: [
    col('Name', (r) => r.name),
    col('Slug', (r) => r.slug),
    col('Category', (r) => words(r.category)),
    col('Unit', (r) => r.unit),
    col('Scale min', (r) => r.scaleMin),
    col('Scale max', (r) => r.scaleMax),
    col('Higher is better', (r) => (r.higherIsBetter == null ? '' : r.higherIsBetter ? 'yes' : 'no')),
    col('Published scores', (r) => r.publishedScoreCount),
    col('Publication', (r) => words(r.publication)),
    col('Homepage', (r) => r.homepage),
  ],
  users: [
    col('Email', (r) => r.email),
    col('Name', (r) => r.name),
    col('Role', (r) => words(r.role)),
    col('Disabled', (r) => (r.disabled ? 'yes' : 'no')),
    col('Created', (r) => r.createdAt),
  ],
  auditEvents: [
    col('When', (r) => r.at),
    col('Who', (r) => r.actor?.email ?? (r.action === 'IMPORT' ? 'catalog:import' : 'system')),
    col('Did', (r) => describeAction(r.action)),
    col('Record type', (r) => kindOf(r.entityType)),
    col('Record', (r) => r.references?.[r.entityId]?.label ?? r.diff?.name?.after ?? r.diff?.title?.after ?? ''),
    col('Changes', (r) => changeSummary(r.diff)),
  ],
};

const internal = /(^id$|Id$|^__typename$|^version$|^references$|^resource$)/;

/** A list without its own columns: every plain field but ids, nested names flattened ("provider name"). */
export function fallbackColumns(sample: Record<string, unknown> | undefined): Column[] {
  if (!sample) return [];
  return Object.entries(sample).flatMap(([key, value]) => {
    if (internal.test(key)) return [];
    if (value && typeof value === 'object' && !Array.isArray(value)) {
      const label = (value as Record<string, unknown>).name !== undefined ? 'name' : (value as Record<string, unknown>).email !== undefined ? 'email' : undefined;
      return label ? [col(`${key} ${label}`, (r) => r[key]?.[label])] : [];
    }
    return [col(key, (r) => r[key])];
  });
}
