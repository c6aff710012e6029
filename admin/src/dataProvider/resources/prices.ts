import { claimHandler } from './claims';
import { priceFields } from './fields';
import { slugsOf } from './lookup';

export const prices = claimHandler({
  type: 'Price',
  key: 'price',
  fields: priceFields,
  entriesField: 'priceEntries',
  editable: ['usdPerMillionTokens', 'tierMinTokens', 'effectiveFrom', 'note'],
  async createInput(data) {
    const [model] = await slugsOf([data.modelId]);
    return {
      model,
      kind: data.kind,
      usdPerMillionTokens: data.usdPerMillionTokens,
      tierMinTokens: data.tierMinTokens ?? 0,
      effectiveFrom: data.effectiveFrom,
      note: data.note || null,
    };
  },
});
