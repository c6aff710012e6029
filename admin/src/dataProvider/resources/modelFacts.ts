import type { Identifier, RaRecord } from 'react-admin';
import { CreateModelFact, FactEntries, FactNode, FactsOfModel, RejectModelFact, RetireModelFact, UpdateModelFact, VerifyModelFact } from '../documents';
import { claimHandler } from './claims';
import { slugsOf } from './lookup';

export const modelFacts = claimHandler({
  type: 'ModelFact',
  key: 'fact',
  documents: {
    node: FactNode,
    entries: FactEntries,
    ofModel: FactsOfModel,
    create: CreateModelFact,
    update: UpdateModelFact,
    verify: VerifyModelFact,
    reject: RejectModelFact,
    retire: RetireModelFact,
  },
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
