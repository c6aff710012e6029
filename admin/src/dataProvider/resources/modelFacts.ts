import type { Identifier, RaRecord } from 'react-admin';
import { claimHandler } from './claims';
import { factFields } from './fields';
import { slugsOf } from './lookup';

export const modelFacts = claimHandler({
  type: 'ModelFact',
  key: 'fact',
  fields: factFields,
  entriesField: 'factEntries',
  editable: ['value', 'note'],
  async createInput(data) {
    const [model] = await slugsOf([data.modelId]);
    return { model, fact: data.fact, value: data.value, note: data.note || null };
  },
});

/** A new value for a quick fact, with its citation, sent straight to the review queue. */
export function proposeFact(modelId: Identifier, fact: string, values: { value: string; citation: Record<string, unknown> }): Promise<RaRecord> {
  return modelFacts.create!({ modelId, fact, value: values.value, citation: values.citation, submitForReview: true });
}
