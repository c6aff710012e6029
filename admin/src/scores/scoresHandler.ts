import { RejectScore, RetireScore, ScoreEntries, ScoresOfModel, VerifyScore, CreateScoreWithConditions, ScoreFormNode, UpdateScoreWithConditions } from '../dataProvider/documents';
import { runMutation } from '../dataProvider/operations';
import { claimHandler } from '../dataProvider/resources/claims';
import { withConflictDetails } from '../dataProvider/resources/conflicts';
import { citationChanged, citationInput, claimRecord } from '../dataProvider/resources/fields';
import { slugsOf } from '../dataProvider/resources/lookup';
import type { ResourceHandler } from '../dataProvider/types';
import { conditionsOf, metricOf, uncertaintyOf } from './conditions';

/** The API names the model and benchmark of an entry `model`/`benchmark`; the form's pickers hold ids. */
const formPaths = { model: 'modelId', benchmark: 'benchmarkId' };

const same = (a: unknown, b: unknown) => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);
const blank = (value: unknown) => (value === '' || value === undefined ? null : value);

const base = claimHandler({
  type: 'Score',
  key: 'score',
  documents: {
    node: ScoreFormNode,
    entries: ScoreEntries,
    ofModel: ScoresOfModel,
    create: CreateScoreWithConditions,
    update: UpdateScoreWithConditions,
    verify: VerifyScore,
    reject: RejectScore,
    retire: RetireScore,
  },
  entriesField: 'scoreEntries',
  editable: ['value', 'note'],
  // The setting label is made from the conditions by the API; it is never sent beside them.
  async createInput(data) {
    const [model, benchmark] = await slugsOf([data.modelId, data.benchmarkId]);
    return {
      model,
      benchmark,
      value: data.value,
      conditions: conditionsOf(data.conditions),
      metric: metricOf(data.metric),
      runBy: data.runBy || null,
      uncertainty: uncertaintyOf(data.uncertainty),
      note: data.note || null,
    };
  },
});

/**
 * Scores: the shared handler of sourced numbers, with a patch that sends the conditions (and the
 * metric, which the label is made with) whenever either changed, and the uncertainty as a whole.
 */
export const scores: ResourceHandler = {
  ...base,
  update(id, data, previousData) {
    const patch: Record<string, unknown> = {};
    for (const field of ['value', 'note', 'runBy']) {
      if (!same(blank(data[field]), blank(previousData[field]))) patch[field] = blank(data[field]);
    }
    const conditions = conditionsOf(data.conditions);
    const metric = metricOf(data.metric);
    // An unreadable label stays as written until the editor states at least one condition.
    const stated = previousData.settingParsed !== false || Object.values(conditions).some((v) => v !== null) || metric !== null;
    if (stated && (!same(conditions, conditionsOf(previousData.conditions)) || !same(metric, metricOf(previousData.metric)))) {
      patch.conditions = conditions;
      patch.metric = metric;
    }
    const uncertainty = uncertaintyOf(data.uncertainty);
    if (!same(uncertainty, uncertaintyOf(previousData.uncertainty))) patch.uncertainty = uncertainty;
    if (citationChanged(data.citation, previousData.citation)) patch.citation = citationInput(data.citation);
    return withConflictDetails(id, async () =>
      claimRecord(await runMutation({ document: UpdateScoreWithConditions, key: 'score', values: { id, expectedVersion: previousData.version, patch }, renames: formPaths })),
    );
  },
};
