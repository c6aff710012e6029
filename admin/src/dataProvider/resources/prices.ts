import { CreatePrice, PriceEntries, PriceNode, PricesOfModel, RejectPrice, RetirePrice, UpdatePrice, VerifyPrice } from '../documents';
import { claimHandler } from './claims';
import { slugsOf } from './lookup';

export const prices = claimHandler({
  type: 'Price',
  key: 'price',
  documents: {
    node: PriceNode,
    entries: PriceEntries,
    ofModel: PricesOfModel,
    create: CreatePrice,
    update: UpdatePrice,
    verify: VerifyPrice,
    reject: RejectPrice,
    retire: RetirePrice,
  },
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
