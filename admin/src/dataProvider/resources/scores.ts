import { claimHandler } from './claims';
import { scoreFields } from './fields';
import { slugsOf } from './lookup';

export const scores = claimHandler({
  type: 'Score',
  key: 'score',
  fields: scoreFields,
  entriesField: 'scoreEntries',
  editable: ['value', 'setting', 'note'],
  async createInput(data) {
    const [model, benchmark] = await slugsOf([data.modelId, data.benchmarkId]);
    return { model, benchmark, value: data.value, setting: data.setting || null, note: data.note || null };
  },
});
