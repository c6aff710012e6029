import { CreateScore, RejectScore, RetireScore, ScoreEntries, ScoreNode, ScoresOfModel, UpdateScore, VerifyScore } from '../documents';
import { claimHandler } from './claims';
import { slugsOf } from './lookup';

export const scores = claimHandler({
  type: 'Score',
  key: 'score',
  documents: {
    node: ScoreNode,
    entries: ScoreEntries,
    ofModel: ScoresOfModel,
    create: CreateScore,
    update: UpdateScore,
    verify: VerifyScore,
    reject: RejectScore,
    retire: RetireScore,
  },
  entriesField: 'scoreEntries',
  editable: ['value', 'setting', 'note'],
  async createInput(data) {
    const [model, benchmark] = await slugsOf([data.modelId, data.benchmarkId]);
    return { model, benchmark, value: data.value, setting: data.setting || null, note: data.note || null };
  },
});
