import type { sources } from '../../db/schema/index.ts';
import { citeRule } from '../catalog/inputs.ts';
import { builder } from './builder.ts';
import { Source } from './source.ts';

type SourceRow = typeof sources.$inferSelect;

export interface CitationData {
  locator: string;
  retrievedAt: string;
  source: SourceRow;
}

/**
 * The selection a claim row (score, price) needs to build its `citation` field; the source is
 * planned from the fields asked under `citation.source`, so it joins the page's one statement.
 */
export const citationSelection = (_args: unknown, _ctx: unknown, nestedSelection: (query: object, path: string[]) => unknown) => ({
  columns: { locator: true, retrievedAt: true },
  with: { source: nestedSelection({}, ['source']) },
});

export const Citation = builder.objectRef<CitationData>('Citation').implement({
  description: 'Where a number comes from: the source, where in it, and when it was read.',
  fields: (t) => ({
    source: t.field({ type: Source, resolve: (citation) => citation.source }),
    locator: t.exposeString('locator', { description: 'Where in the source the number appears (table, section, quote).' }),
    retrievedAt: t.field({ type: 'Date', resolve: (citation) => citation.retrievedAt }),
  }),
});

export function citationOf(row: { locator: string; retrievedAt: string; source: SourceRow }): CitationData {
  return { locator: row.locator, retrievedAt: row.retrievedAt, source: row.source };
}

export const CitationInput = builder.inputType('CitationInput', {
  description: `Where a number comes from. ${citeRule}`,
  fields: (t) => ({
    sourceId: t.id({ description: 'The Source (create it first with createSource).' }),
    locator: t.string({ description: 'Where in the source the number appears: a table, section or quote.' }),
    retrievedAt: t.field({ type: 'Date', description: "When it was read there; defaults to the source's retrieval date." }),
  }),
});
