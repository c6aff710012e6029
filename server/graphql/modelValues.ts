import { builder } from './builder.ts';
import { Citation, type CitationData } from './citation.ts';

// The small value types of a model page: a cited date or count, the license, modalities, FAQ entries.

export const SourcedDate = builder.objectRef<{ value: string; citation: CitationData }>('SourcedDate').implement({
  description: 'A date with the citation it was taken from.',
  fields: (t) => ({
    value: t.field({ type: 'PartialDate', resolve: (fact) => fact.value }),
    citation: t.field({ type: Citation, resolve: (fact) => fact.citation }),
  }),
});

export const SourcedInt = builder.objectRef<{ value: number; citation: CitationData }>('SourcedInt').implement({
  description: 'A count (of tokens) with the citation it was taken from.',
  fields: (t) => ({
    value: t.exposeInt('value'),
    citation: t.field({ type: Citation, resolve: (fact) => fact.citation }),
  }),
});

export const License = builder.objectRef<{ licenseName: string; openWeights: boolean }>('License').implement({
  fields: (t) => ({
    name: t.exposeString('licenseName'),
    openWeights: t.exposeBoolean('openWeights', { description: 'Whether the weights can be downloaded.' }),
  }),
});

export const Modalities = builder.objectRef<{ inputModalities: string[]; outputModalities: string[] }>('Modalities').implement({
  fields: (t) => ({
    input: t.exposeStringList('inputModalities'),
    output: t.exposeStringList('outputModalities'),
  }),
});

export const FaqEntry = builder.objectRef<{ question: string; answer: string }>('FaqEntry').implement({
  fields: (t) => ({ question: t.exposeString('question'), answer: t.exposeString('answer') }),
});

/** The `asOf` argument of the public reads that answer what was public at the end of a past day. */
export const asOfDescription =
  'Answer as of the end of this day (UTC): what was public then (numbers verified and not yet withdrawn, prices in effect, models published). Today or earlier, not before the catalog began; default today.';
