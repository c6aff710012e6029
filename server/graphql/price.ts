import { rowIdOf } from '../catalog/ids.ts';
import { citeRule, expectedVersion, parseInput } from '../catalog/inputs.ts';
import { createPrice, pricePatchSchema, priceSchema, updatePrice } from '../catalog/numbers.ts';
import { write } from '../catalog/write.ts';
import { builder } from './builder.ts';
import { Citation, CitationInput, citationOf, citationSelection } from './citation.ts';
import { rejectClaimField, retireClaimField, verifyClaimField } from './claimWorkflow.ts';
import { PriceKind } from './enums.ts';
import { versionedWriteErrors, writeErrors } from './errors.ts';
import { payload, versionArgs } from './payload.ts';

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

// Entering a price, correcting it, and its review (server/catalog/numbers.ts and claims.ts).

const CreatePriceInput = builder.inputType('CreatePriceInput', {
  fields: (t) => ({
    model: t.string({ required: true, description: 'Model slug.' }),
    kind: t.field({ type: PriceKind, required: true }),
    usdPerMillionTokens: t.float({ required: true, description: 'USD per 1M tokens; not negative.' }),
    tierMinTokens: t.int({ description: 'Long-context tier: applies above this many prompt tokens (default 0).' }),
    effectiveFrom: t.field({ type: 'Date', required: true }),
    citation: t.field({ type: CitationInput, description: `Required. ${citeRule}` }),
    note: t.string(),
    submitForReview: t.boolean(),
  }),
});
const UpdatePriceInput = builder.inputType('UpdatePriceInput', {
  fields: (t) => ({
    usdPerMillionTokens: t.float(),
    tierMinTokens: t.int(),
    effectiveFrom: t.field({ type: 'Date' }),
    citation: t.field({ type: CitationInput }),
    note: t.string(),
  }),
});

builder.mutationField('createPrice', (t) =>
  t.field({
    type: payload('CreatePriceSuccess', 'price', Price),
    description: `Enters a price (USD per 1M tokens from a date) as a draft. ${citeRule}`,
    authScopes: { editor: true },
    errors: { types: writeErrors, directResult: true },
    args: { input: t.arg({ type: CreatePriceInput, required: true }) },
    resolve: async (_root, args, ctx) => {
      const input = parseInput(priceSchema, args.input);
      return { price: await write(ctx, (w) => createPrice(w, input)) };
    },
  }),
);

builder.mutationField('updatePrice', (t) =>
  t.field({
    type: payload('UpdatePriceSuccess', 'price', Price),
    authScopes: { editor: true },
    errors: { types: versionedWriteErrors, directResult: true },
    args: { ...versionArgs(t), patch: t.arg({ type: UpdatePriceInput, required: true }) },
    resolve: async (_root, args, ctx) => {
      const patch = parseInput(pricePatchSchema, args.patch);
      const { id } = rowIdOf(String(args.id), 'Price');
      const version = parseInput(expectedVersion, args.expectedVersion);
      return { price: await write(ctx, (w) => updatePrice(w, id, version, patch)) };
    },
  }),
);

const price = { type: Price, field: 'price' };
builder.mutationField('verifyPrice', (t) => verifyClaimField(t, 'Price', { ...price, success: 'VerifyPriceSuccess' }));
builder.mutationField('rejectPrice', (t) => rejectClaimField(t, 'Price', { ...price, success: 'RejectPriceSuccess' }));
builder.mutationField('retirePrice', (t) => retireClaimField(t, 'Price', { ...price, success: 'RetirePriceSuccess' }));
