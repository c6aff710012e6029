import { claimStatuses } from '../../db/schema/columns.ts';
import { roles } from '../../db/schema/people.ts';
import { linkStatuses, sourceKinds } from '../../db/schema/sources.ts';
import { benchmarkCategories, benchmarkUnits, modelStatuses, publicationStates } from '../../db/schema/catalog.ts';
import { priceKinds } from '../../db/schema/claims.ts';
import { evidenceStatuses } from '../../db/schema/evidence.ts';
import { snippetLanguages } from '../domain/snippet.ts';
import { builder } from './builder.ts';

export const SourceKind = builder.enumType('SourceKind', { values: sourceKinds });
export const LinkStatus = builder.enumType('LinkStatus', {
  values: linkStatuses,
  description: 'Result of the last link check of a source URL.',
});
export const ModelStatus = builder.enumType('ModelStatus', { values: modelStatuses });
export const PublicationState = builder.enumType('PublicationState', { values: publicationStates });
export const PriceKind = builder.enumType('PriceKind', { values: priceKinds });
export const BenchmarkCategory = builder.enumType('BenchmarkCategory', { values: benchmarkCategories });
export const BenchmarkUnit = builder.enumType('BenchmarkUnit', { values: benchmarkUnits });
export const ClaimStatus = builder.enumType('ClaimStatus', {
  values: claimStatuses,
  description: 'Workflow of a sourced number: only VERIFIED numbers are public.',
});
export const Role = builder.enumType('Role', { values: roles });
export const SnippetLanguage = builder.enumType('SnippetLanguage', { values: snippetLanguages });
export const OrderDirection = builder.enumType('OrderDirection', { values: ['ASC', 'DESC'] as const });
export const EvidenceStatus = builder.enumType('EvidenceStatus', {
  values: evidenceStatuses,
  description:
    'Whether the number is in its cited page: FOUND (in the captured text where the quote or locator points), NOT_FOUND (captured, not there), PAGE_CHANGED (a later capture no longer holds it), UNREACHABLE (the last capture failed), UNCHECKABLE (no text to search), UNCHECKED (never captured).',
});
