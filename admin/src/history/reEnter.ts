import { globalId } from './references';

const present = (value: unknown) => value !== null && value !== undefined && value !== '';

/** Only the fields that hold something: an empty one keeps the form's own default. */
const filled = (fields: Record<string, unknown>) => Object.fromEntries(Object.entries(fields).filter(([, value]) => present(value)));

/** A record's id from the version (a row id) or else from the record open now (its model does not change). */
const idOf = (type: string, rowId: unknown, current: unknown) => (present(rowId) ? globalId(type, String(rowId)) : current);

const citationOf = (state: Record<string, any>, record: Record<string, any>) =>
  filled({
    sourceId: idOf('Source', state.sourceId, record.citation?.sourceId ?? record.citation?.source?.id),
    locator: state.locator ?? record.citation?.locator,
    quote: state.quote,
  });

/**
 * The create form of a new entry holding an old version's value, model, benchmark or kind, conditions
 * and citation (react-admin reads `?source=` as the new record's defaults). Scores and prices only:
 * facts are proposed from their model's page. Undefined when the version has no value to re-enter.
 */
export function reEnterPath(entityType: string | undefined, state: Record<string, any>, record: Record<string, any>): string | undefined {
  let defaults: Record<string, unknown>;
  if (entityType === 'Score' && present(state.value)) {
    const conditions = filled({
      benchmarkVersion: state.benchmarkVersion,
      shots: state.shots,
      passAtK: state.passAtK,
      tools: state.tools,
      reasoningEffort: state.reasoningEffort,
      harness: state.harness,
    });
    defaults = filled({
      modelId: idOf('Model', state.modelId, record.modelId),
      benchmarkId: idOf('Benchmark', state.benchmarkId, record.benchmarkId),
      value: Number(state.value),
      metric: state.metric,
      runBy: state.runBy,
      note: state.note,
      ...(Object.keys(conditions).length ? { conditions } : {}),
    });
    defaults.citation = citationOf(state, record);
    return `/scores/create?source=${encodeURIComponent(JSON.stringify(defaults))}`;
  }
  if (entityType === 'Price' && present(state.usdPerMillionTokens)) {
    defaults = filled({
      modelId: idOf('Model', state.modelId, record.modelId ?? record.model?.id),
      kind: state.kind ?? record.kind,
      usdPerMillionTokens: Number(state.usdPerMillionTokens),
      tierMinTokens: present(state.tierMinTokens) ? Number(state.tierMinTokens) : record.tierMinTokens,
      effectiveFrom: state.effectiveFrom ?? record.effectiveFrom,
      note: state.note,
    });
    defaults.citation = citationOf(state, record);
    return `/prices/create?source=${encodeURIComponent(JSON.stringify(defaults))}`;
  }
  return undefined;
}
