import type { sources, sourceSnapshots } from '../../db/schema/index.ts';
import type { EvidenceStatus as EvidenceStatusValue } from '../../db/schema/evidence.ts';
import { citeRule } from '../catalog/inputs.ts';
import { textFragmentUrl } from '../evidence/valueMatch.ts';
import { builder } from './builder.ts';
import { EvidenceStatus } from './enums.ts';
import { Source } from './source.ts';
import { SourceSnapshot, snapshotById } from './snapshot.ts';

type SourceRow = typeof sources.$inferSelect;
type SnapshotRow = typeof sourceSnapshots.$inferSelect;

/** The citation columns of a claim row (score, price, fact), evidence included. */
export interface CitationData {
  locator: string;
  retrievedAt: string;
  quote: string | null;
  evidenceStatus: EvidenceStatusValue;
  evidenceCheckedAt: string | null;
  evidenceExcerpt: string | null;
  evidenceExplanation: string | null;
  evidenceSnapshotId: number | null;
  evidenceSnapshot?: SnapshotRow | null;
  lastConfirmedAt: string | null;
  source: SourceRow;
}

/** The claim columns a citation is built from (the planned selections below and the fact relations use it). */
export const citationColumns = {
  locator: true,
  retrievedAt: true,
  quote: true,
  evidenceStatus: true,
  evidenceCheckedAt: true,
  evidenceExcerpt: true,
  evidenceExplanation: true,
  evidenceSnapshotId: true,
  lastConfirmedAt: true,
} as const;

/**
 * The selection a claim row (score, price) needs to build its `citation` field; the source is
 * planned from the fields asked under `citation.source`, so it joins the page's one statement.
 */
export const citationSelection = (_args: unknown, _ctx: unknown, nestedSelection: (query: object, path: string[]) => unknown) => ({
  columns: citationColumns,
  // The source's address is always read: quoteUrl is built from it. The evidence snapshot is read
  // only when asked for (snapshotById, batched per request).
  with: { source: nestedSelection({ columns: { url: true } }, ['source']) },
});

// PostgreSQL's text form of a timestamp ("2026-11-25 09:25:13.845+00") is not what DateTime accepts as is.
const instant = (value: string | null | undefined) => (value ? new Date(value) : null);

interface EvidenceData {
  citation: CitationData;
}

export const Evidence = builder.objectRef<EvidenceData>('Evidence').implement({
  description: 'The check of a number against a capture of its cited page.',
  fields: (t) => ({
    status: t.field({ type: EvidenceStatus, resolve: ({ citation }) => citation.evidenceStatus }),
    checkedAt: t.field({ type: 'DateTime', nullable: true, resolve: ({ citation }) => instant(citation.evidenceCheckedAt) }),
    excerpt: t.string({
      nullable: true,
      description: 'The captured text around the number where it was found (null when it was not).',
      resolve: ({ citation }) => citation.evidenceExcerpt,
    }),
    explanation: t.string({
      nullable: true,
      description: 'Where the number was found, or why it was not, in one sentence.',
      resolve: ({ citation }) => citation.evidenceExplanation,
    }),
    snapshot: t.field({
      type: SourceSnapshot,
      nullable: true,
      description: 'The capture the number was checked against.',
      resolve: ({ citation }, _args, ctx) =>
        citation.evidenceSnapshot !== undefined ? citation.evidenceSnapshot : snapshotById(ctx, citation.evidenceSnapshotId),
    }),
  }),
});

export const Citation = builder.objectRef<CitationData>('Citation').implement({
  description: 'Where a number comes from: the source, where in it, and when it was read; with its evidence.',
  fields: (t) => ({
    source: t.field({ type: Source, resolve: (citation) => citation.source }),
    locator: t.exposeString('locator', { description: 'Where in the source the number appears (table, section, key path).' }),
    quote: t.string({ nullable: true, description: 'The exact words around the number in the source.', resolve: (citation) => citation.quote }),
    retrievedAt: t.field({ type: 'Date', resolve: (citation) => citation.retrievedAt }),
    lastConfirmedAt: t.field({
      type: 'DateTime',
      nullable: true,
      description: 'When a capture of the source last held the number.',
      resolve: (citation) => instant(citation.lastConfirmedAt),
    }),
    evidence: t.field({ type: Evidence, resolve: (citation) => ({ citation }) }),
    quoteUrl: t.string({
      description: 'The live page, opened at the quote (or the excerpt found) where the browser supports text fragments.',
      resolve: (citation) => {
        const words = citation.quote ?? null;
        return words ? textFragmentUrl(citation.source.url, words) : citation.source.url;
      },
    }),
  }),
});

export function citationOf(row: Omit<CitationData, 'evidenceSnapshot'> & { evidenceSnapshot?: SnapshotRow | null }): CitationData {
  return {
    locator: row.locator,
    retrievedAt: row.retrievedAt,
    quote: row.quote ?? null,
    evidenceStatus: row.evidenceStatus ?? 'UNCHECKED',
    evidenceCheckedAt: row.evidenceCheckedAt ?? null,
    evidenceExcerpt: row.evidenceExcerpt ?? null,
    evidenceExplanation: row.evidenceExplanation ?? null,
    evidenceSnapshotId: row.evidenceSnapshotId ?? null,
    ...(row.evidenceSnapshot !== undefined ? { evidenceSnapshot: row.evidenceSnapshot } : {}),
    lastConfirmedAt: row.lastConfirmedAt ?? null,
    source: row.source,
  };
}

export const CitationInput = builder.inputType('CitationInput', {
  description: `Where a number comes from. ${citeRule}`,
  fields: (t) => ({
    sourceId: t.id({ description: 'The Source (create it first with createSource).' }),
    locator: t.string({ description: 'Where in the source the number appears: a table, section, page or key path.' }),
    quote: t.string({ description: 'Optional: the exact words around the number in the source, so the check can find it there.' }),
    retrievedAt: t.field({ type: 'Date', description: "When it was read there; defaults to the source's retrieval date." }),
  }),
});
