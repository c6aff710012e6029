import { eq } from 'drizzle-orm';
import { z } from 'zod';
import { benchmarks, modelFactKinds, priceKinds } from '../../db/schema/index.ts';
import { createClaim, lockClaim, updateLockedClaim, type ClaimKind, type ClaimRow } from './claims.ts';
import { evaluateClaim } from '../evidence/evaluate.ts';
import { runByValues, type SourceKind } from '../../db/schema/index.ts';
import { conditionColumns, conditionsSchema, runByOfSource, uncertaintyColumns, uncertaintySchema, versionProblem } from './scoreConditions.ts';
import { anyDay, boundedNumber, citationInput, mayBeEmptyText, optionalText, pastDay, text, yearInRange, yearRangeMessage } from './inputs.ts';
import { References } from './references.ts';
import type { Write } from './write.ts';

// Entering and correcting sourced numbers: scores, prices and model facts. Every one needs a
// citation; the database refuses a row without a source and a locator, these rules say why first.
// Reviewing them (submit, verify, reject, retire) is claims.ts.

// Required, with the methodology as the message when it is missing (null arrives from forms).
const citation = z.preprocess((value) => (value === null ? undefined : value), citationInput);
const note = optionalText(2000);
const modelSlug = text(100);
const finite = boundedNumber();
const today = () => new Date().toISOString().slice(0, 10);

// A score's conditions, who ran it and its uncertainty (scoreConditions.ts); a bare `setting` label is
// read by the database's setting grammar instead.
const scoreDetails = {
  conditions: conditionsSchema.nullish(),
  metric: mayBeEmptyText(100)
    .refine((value) => !/[·,;]/.test(value), 'Cannot contain "·", "," or ";" (they separate the parts of the setting).')
    .nullish(),
  runBy: z.enum(runByValues).nullish(),
  uncertainty: uncertaintySchema.nullish(),
};
export const scoreSchema = z.object({
  model: modelSlug,
  benchmark: text(100),
  value: finite,
  setting: mayBeEmptyText(200).nullish(),
  ...scoreDetails,
  citation,
  note,
  submitForReview: z.boolean().nullish(),
});
export const scorePatchSchema = z.object({
  value: finite.nullish(),
  setting: mayBeEmptyText(200).nullish(),
  ...scoreDetails,
  citation: citationInput.nullish(),
  note,
});

type ScoreDetails = Pick<z.output<typeof scoreSchema>, 'setting' | 'conditions' | 'metric' | 'runBy' | 'uncertainty'>;

/** The condition, who-ran-it and uncertainty columns a score input sets (problems reported on `refs`). */
function scoreDetailColumns(refs: References, benchmark: { name: string; versions: string[] } | null, input: ScoreDetails, sourceKind?: SourceKind | null) {
  const values: Record<string, unknown> = {};
  if (input.conditions) {
    Object.assign(values, conditionColumns(input.conditions, input.metric));
    const problem = benchmark && versionProblem(benchmark, values.benchmarkVersion as string | null);
    if (problem) refs.add('conditions.benchmarkVersion', problem);
    if (input.setting != null && input.setting !== values.setting) {
      refs.add('setting', `Give the conditions or a setting label, not both: the conditions make the label "${values.setting}".`);
    }
  } else if (input.setting != null) {
    // Read by the database (scores_read_setting): the conditions it names, or the label kept as text and flagged.
    values.setting = input.setting;
  }
  if (input.runBy) values.runBy = input.runBy;
  else if (sourceKind !== undefined) values.runBy = runByOfSource(sourceKind);
  if (input.uncertainty !== undefined) Object.assign(values, uncertaintyColumns(input.uncertainty));
  return values;
}

/**
 * An uncertainty must fit the benchmark and the value it is about: a standard error no wider than the
 * scale, an interval within the scale that holds the value (a board ranks by these; 1e308 broke it).
 */
function uncertaintyProblems(
  refs: References,
  benchmark: { name: string; scaleMin: number; scaleMax: number } | null,
  value: number,
  uncertainty: { stderr: number | null; intervalLow: number | null; intervalHigh: number | null },
) {
  if (!benchmark) return;
  const range = benchmark.scaleMax - benchmark.scaleMin;
  if (uncertainty.stderr !== null && uncertainty.stderr > range) {
    refs.add('uncertainty.stderr', `A standard error wider than ${benchmark.name}'s whole scale (${range}) says nothing.`);
  }
  const { intervalLow: low, intervalHigh: high } = uncertainty;
  if (low === null || high === null) return;
  if (low < benchmark.scaleMin || high > benchmark.scaleMax) {
    refs.add('uncertainty.low', `The interval must lie within ${benchmark.name}'s scale (${benchmark.scaleMin} to ${benchmark.scaleMax}).`);
  } else if (value < low || value > high) {
    refs.add('uncertainty.low', `The interval ${low} to ${high} does not hold the value ${value}.`);
  }
}

const usd = z
  .number()
  .refine(Number.isFinite, 'Must be a finite number.')
  .min(0, 'A price cannot be negative.')
  .max(1e7, 'Too large.')
  // Stored to the millionth: a seventh decimal would be rounded away unseen, so it is refused.
  .refine((value) => !Number.isFinite(value) || Number(value.toFixed(6)) === value, 'At most 6 decimal places (prices are kept to a millionth of a dollar per 1M tokens).');
const tier = z.number().int().min(0, 'Cannot be negative.').max(1e9, 'Too large.');
export const priceSchema = z.object({
  model: modelSlug,
  kind: z.enum(priceKinds),
  usdPerMillionTokens: usd,
  tierMinTokens: tier.nullish(),
  effectiveFrom: anyDay,
  citation,
  note,
  submitForReview: z.boolean().nullish(),
});
export const pricePatchSchema = z.object({
  usdPerMillionTokens: usd.nullish(),
  tierMinTokens: tier.nullish(),
  effectiveFrom: anyDay.nullish(),
  citation: citationInput.nullish(),
  note,
});

/** A fact's value in the form the database stores, checked for its kind (dates not in the future). */
export const factValue = (fact: string, value: string): string | null => {
  const trimmed = value.trim();
  if (fact === 'RELEASE_DATE' || fact === 'KNOWLEDGE_CUTOFF') {
    if (!/^\d{4}-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?$/.test(trimmed)) return 'Use YYYY-MM or YYYY-MM-DD.';
    if (!yearInRange(trimmed)) return yearRangeMessage;
    if (trimmed.length === 10 && !pastDay.safeParse(trimmed).success) return 'Not a real date, or in the future.';
    if (trimmed > today()) return 'Cannot be in the future.';
    return null;
  }
  if (!/^[1-9]\d{0,9}$/.test(trimmed) || Number(trimmed) > 2_147_483_647) return 'A positive whole number of tokens.';
  return null;
};
const factSchema = z
  .object({ fact: z.enum(modelFactKinds), value: z.string().max(20, 'Too long.'), citation, note })
  .superRefine((input, ctx) => {
    const problem = factValue(input.fact, input.value);
    if (problem) ctx.addIssue({ code: 'custom', path: ['value'], message: problem });
  });
export const modelFactSchema = z.object({ model: modelSlug, submitForReview: z.boolean().nullish() }).and(factSchema);
export const modelFactPatchSchema = z.object({ value: z.string().max(20, 'Too long.').nullish(), citation: citationInput.nullish(), note });
/** Facts given with a new model, checked like single facts (createModel). */
export const modelFactsSchema = z.array(factSchema).max(20, 'At most 20 facts at once.');

type CitationValue = z.output<typeof citationInput>;

/** The source id, locator and retrieval date columns of a citation. */
async function citationColumns(refs: References, path: string, value: CitationValue) {
  const source = await refs.source(`${path}.sourceId`, value.sourceId);
  return {
    columns: { sourceId: source?.id ?? 0, locator: value.locator, quote: value.quote ?? null, retrievedAt: value.retrievedAt ?? source?.retrievedAt ?? today() },
    sourceKind: source?.kind ?? null,
  };
}

function scaleProblem(benchmark: { name: string; scaleMin: number; scaleMax: number }, value: number) {
  return value < benchmark.scaleMin || value > benchmark.scaleMax
    ? `${benchmark.name} scores lie between ${benchmark.scaleMin} and ${benchmark.scaleMax}.`
    : null;
}

/** The rows of the facts given with a new model, their citations checked (every problem reported at once). */
export async function factRows(refs: References, modelId: number, facts: z.output<typeof modelFactsSchema>) {
  const rows = [];
  for (const [index, fact] of facts.entries()) {
    const { columns: cited } = await citationColumns(refs, `facts.${index}.citation`, fact.citation!);
    rows.push({ modelId, fact: fact.fact, value: fact.value.trim(), note: fact.note ?? null, ...cited });
  }
  return rows;
}

export async function createScore(w: Write, input: z.output<typeof scoreSchema>) {
  const refs = new References(w.tx);
  const modelId = await refs.model('model', input.model);
  const benchmark = await refs.benchmark('benchmark', input.benchmark);
  const { columns: cited, sourceKind } = await citationColumns(refs, 'citation', input.citation!);
  const outside = benchmark && scaleProblem(benchmark, input.value);
  if (outside) refs.add('value', outside);
  const details = scoreDetailColumns(refs, benchmark, input, sourceKind);
  if (input.uncertainty) uncertaintyProblems(refs, benchmark, input.value, uncertaintyColumns(input.uncertainty));
  refs.check();
  const values = { modelId, benchmarkId: benchmark!.id, value: input.value, setting: input.setting ?? '', note: input.note ?? null, ...details, ...cited };
  return checked(w, 'Score', await createClaim(w, 'Score', values, input.submitForReview ?? false), benchmark!.scaleMax);
}

export async function createPrice(w: Write, input: z.output<typeof priceSchema>) {
  const refs = new References(w.tx);
  const modelId = await refs.model('model', input.model);
  const { columns: cited } = await citationColumns(refs, 'citation', input.citation!);
  refs.check();
  const { kind, usdPerMillionTokens, effectiveFrom } = input;
  const values = { modelId, kind, usdPerMillionTokens, tierMinTokens: input.tierMinTokens ?? 0, effectiveFrom, note: input.note ?? null, ...cited };
  return checked(w, 'Price', await createClaim(w, 'Price', values, input.submitForReview ?? false));
}

export async function createModelFact(w: Write, input: z.output<typeof modelFactSchema>) {
  const refs = new References(w.tx);
  const modelId = await refs.model('model', input.model);
  const { columns: cited } = await citationColumns(refs, 'citation', input.citation!);
  refs.check();
  const values = { modelId, fact: input.fact, value: input.value.trim(), note: input.note ?? null, ...cited };
  return checked(w, 'ModelFact', await createClaim(w, 'ModelFact', values, input.submitForReview ?? false));
}

/** Edits a claim with the columns `values` derives from the current row; every problem reported at once. */
async function updateNumber(
  w: Write,
  kind: ClaimKind,
  id: number,
  version: number,
  values: (refs: References, current: ClaimRow) => Promise<Record<string, unknown>>,
) {
  const refs = new References(w.tx);
  // Locked once: the values are derived from the row the update then applies to.
  const current = await lockClaim(w.tx, kind, id);
  const changes = await values(refs, current);
  refs.check();
  return checked(w, kind, await updateLockedClaim(w, kind, current, version, changes));
}

/**
 * A number just entered or corrected is checked against its source's latest capture in the same
 * transaction, so the editor learns before review whether the page says it.
 */
async function checked(w: Write, kind: ClaimKind, row: ClaimRow, scaleMax?: number): Promise<ClaimRow> {
  const evidence = await evaluateClaim(w.tx, kind, row, scaleMax);
  return evidence ? { ...row, ...evidence } : row;
}

/** The note and citation columns of a patch, shared by the three kinds. */
async function noteAndCitation(refs: References, patch: { note?: string | null; citation?: CitationValue | null }) {
  const values: Record<string, unknown> = {};
  if (patch.note !== undefined) values.note = patch.note;
  if (patch.citation) Object.assign(values, (await citationColumns(refs, 'citation', patch.citation)).columns);
  return values;
}

export const updateScore = (w: Write, id: number, version: number, patch: z.output<typeof scorePatchSchema>) =>
  updateNumber(w, 'Score', id, version, async (refs, current) => {
    const values: Record<string, unknown> = {};
    const [benchmark] = await w.tx.select().from(benchmarks).where(eq(benchmarks.id, current.benchmarkId as number));
    if (patch.value != null) {
      const outside = benchmark && scaleProblem(benchmark, patch.value);
      if (outside) refs.add('value', outside);
      values.value = patch.value;
    }
    Object.assign(values, scoreDetailColumns(refs, benchmark ?? null, patch));
    if (patch.uncertainty !== undefined || patch.value != null) {
      const now = { ...current, ...values } as Record<string, unknown>;
      const number = (key: string) => (now[key] === null || now[key] === undefined ? null : Number(now[key]));
      uncertaintyProblems(refs, benchmark ?? null, Number(now.value), { stderr: number('stderr'), intervalLow: number('intervalLow'), intervalHigh: number('intervalHigh') });
    }
    return { ...values, ...(await noteAndCitation(refs, patch)) };
  });

export const updatePrice = (w: Write, id: number, version: number, patch: z.output<typeof pricePatchSchema>) =>
  updateNumber(w, 'Price', id, version, async (refs) => {
    const values: Record<string, unknown> = {};
    if (patch.usdPerMillionTokens != null) values.usdPerMillionTokens = patch.usdPerMillionTokens;
    if (patch.tierMinTokens != null) values.tierMinTokens = patch.tierMinTokens;
    if (patch.effectiveFrom != null) values.effectiveFrom = patch.effectiveFrom;
    return { ...values, ...(await noteAndCitation(refs, patch)) };
  });

export const updateModelFact = (w: Write, id: number, version: number, patch: z.output<typeof modelFactPatchSchema>) =>
  updateNumber(w, 'ModelFact', id, version, async (refs, current) => {
    const values: Record<string, unknown> = {};
    if (patch.value != null) {
      const problem = factValue(String(current.fact), patch.value);
      if (problem) refs.add('value', problem);
      values.value = patch.value.trim();
    }
    return { ...values, ...(await noteAndCitation(refs, patch)) };
  });

