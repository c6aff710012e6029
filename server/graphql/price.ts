import { builder } from './builder.ts';
import { citationOf, citationSelection, Citation } from './citation.ts';
import { PriceKind } from './enums.ts';

export const Price = builder.drizzleNode('prices', {
  name: 'Price',
  description: 'A published price in USD per 1M tokens, effective from a date.',
  id: { column: (price) => price.id },
  select: {},
  fields: (t) => ({
    model: t.relation('model'),
    kind: t.expose('kind', { type: PriceKind }),
    usdPerMillionTokens: t.exposeFloat('usdPerMillionTokens'),
    tierMinTokens: t.exposeInt('tierMinTokens', {
      description: 'Applies to prompts longer than this many tokens (0 for the base tier).',
    }),
    effectiveFrom: t.expose('effectiveFrom', { type: 'Date' }),
    citation: t.field({ type: Citation, select: citationSelection, resolve: citationOf }),
  }),
});
