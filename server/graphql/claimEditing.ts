import { eq } from 'drizzle-orm';
import { z } from 'zod';
import { benchmarks as benchmarksTable, modelFactKinds, modelFacts, priceKinds, prices, scores } from '../../db/schema/index.ts';
import { createClaim, updateClaim, type ClaimKind, type ClaimRow } from '../catalog/claims.ts';
import { rowIdOf } from '../catalog/ids.ts';
import { anyDay, boundedNumber, citationInput, citeRule, expectedVersion, mayBeEmptyText, optionalText, parseInput, pastDay, text, yearInRange, yearRangeMessage } from '../catalog/inputs.ts';
import { References } from '../catalog/references.ts';
import { write, type Write } from '../catalog/write.ts';
import { builder } from './builder.ts';
import { ModelFact, ModelFactKind } from './claim.ts';
import { PriceKind } from './enums.ts';
import { versionedWriteErrors, writeErrors } from './errors.ts';
import { payload } from './payload.ts';
import { Price } from './price.ts';
import { Score } from './score.ts';

// Creating and editing sourced numbers. Every one needs a citation; the database refuses a row
// without a source and a locator, the API says why first.

export const CitationInput = builder.inputType('CitationInput', {
  description: `Where a number comes from. ${citeRule}`,
  fields: (t) => ({
    sourceId: t.id({ description: 'The Source (create it first with createSource).' }),
    locator: t.string({ description: 'Where in the source the number appears: a table, section or quote.' }),
    retrievedAt: t.field({ type: 'Date', description: "When it was read there; defaults to the source's retrieval date." }),
  }),
});

// Required, with the methodology as the message when it is missing (null arrives from forms).
const citation = z.preprocess((value) => (value === null ? undefined : value), citationInput);
const setting = mayBeEmptyText(200).nullish();
const note = optionalText(2000);
const modelSlug = text(100);

const CreateScoreInput = builder.inputType('CreateScoreInput', {
  fields: (t) => ({
    model: t.string({ required: true, description: 'Model slug, e.g. "o4-mini".' }),
    benchmark: t.string({ required: true, description: 'Benchmark slug, e.g. "gpqa-diamond".' }),
    value: t.float({ required: true, description: "Within the benchmark's scale." }),
    setting: t.string({ description: 'How it was obtained, e.g. "pass@1, no tools"; empty when none applies.' }),
    citation: t.field({ type: CitationInput, description: `Required. ${citeRule}` }),
    note: t.string(),
    submitForReview: t.boolean({ description: 'Put it straight into the review queue instead of keeping a draft.' }),
  }),
});
const UpdateScoreInput = builder.inputType('UpdateScoreInput', {
  description: 'Only the fields given change.',
  fields: (t) => ({
    value: t.float(),
    setting: t.string(),
    citation: t.field({ type: CitationInput }),
    note: t.string(),
  }),
});

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

export const ModelFactInput = builder.inputType('ModelFactInput', {
  fields: (t) => ({
    fact: t.field({ type: ModelFactKind, required: true }),
    value: t.string({ required: true, description: 'Dates as YYYY-MM or YYYY-MM-DD; token counts as whole numbers.' }),
    citation: t.field({ type: CitationInput, description: `Required. ${citeRule}` }),
    note: t.string(),
  }),
});
const CreateModelFactInput = builder.inputType('CreateModelFactInput', {
  fields: (t) => ({
    model: t.string({ required: true, description: 'Model slug.' }),
    fact: t.field({ type: ModelFactKind, required: true }),
    value: t.string({ required: true }),
    citation: t.field({ type: CitationInput, description: `Required. ${citeRule}` }),
    note: t.string(),
    submitForReview: t.boolean(),
  }),
});
const UpdateModelFactInput = builder.inputType('UpdateModelFactInput', {
  fields: (t) => ({ value: t.string(), citation: t.field({ type: CitationInput }), note: t.string() }),
});

const finite = boundedNumber();
const createScoreSchema = z.object({
  model: modelSlug,
  benchmark: text(100),
  value: finite,
  setting,
  citation,
  note,
  submitForReview: z.boolean().nullish(),
});
const updateScoreSchema = z.object({ value: finite.nullish(), setting, citation: citationInput.nullish(), note });

const usd = z.number().refine(Number.isFinite, 'Must be a finite number.').min(0, 'A price cannot be negative.').max(1e7, 'Too large.');
const tier = z.number().int().min(0, 'Cannot be negative.').max(1e9, 'Too large.');
const createPriceSchema = z.object({
  model: modelSlug,
  kind: z.enum(priceKinds),
  usdPerMillionTokens: usd,
  tierMinTokens: tier.nullish(),
  effectiveFrom: anyDay,
  citation,
  note,
  submitForReview: z.boolean().nullish(),
});
const updatePriceSchema = z.object({
  usdPerMillionTokens: usd.nullish(),
  tierMinTokens: tier.nullish(),
  effectiveFrom: anyDay.nullish(),
  citation: citationInput.nullish(),
  note,
});

const today = () => new Date().toISOString().slice(0, 10);
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
const createFactSchema = z.object({ model: modelSlug, submitForReview: z.boolean().nullish() }).and(factSchema);
const updateFactSchema = z.object({ value: z.string().max(20, 'Too long.').nullish(), citation: citationInput.nullish(), note });

type CitationValue = z.output<typeof citationInput>;

/** The source id, locator and retrieval date columns of a citation. */
export async function citationColumns(refs: References, path: string, value: CitationValue) {
  const source = await refs.source(`${path}.sourceId`, value.sourceId);
  return { sourceId: source?.id ?? 0, locator: value.locator, retrievedAt: value.retrievedAt ?? source?.retrievedAt ?? today() };
}

function scaleProblem(benchmark: { name: string; scaleMin: number; scaleMax: number }, value: number) {
  return value < benchmark.scaleMin || value > benchmark.scaleMax
    ? `${benchmark.name} scores lie between ${benchmark.scaleMin} and ${benchmark.scaleMax}.`
    : null;
}

async function createFact(w: Write, modelId: number, input: z.output<typeof factSchema>, submit: boolean, refs: References, path = '') {
  const cited = await citationColumns(refs, `${path}citation`, input.citation!);
  refs.check();
  return createClaim(w, 'ModelFact', { modelId, fact: input.fact, value: input.value.trim(), note: input.note ?? null, ...cited }, submit);
}

/** Facts given with a new model, checked like single facts (used by createModel). */
export const modelFactsSchema = z.array(factSchema).max(20, 'At most 20 facts at once.');
export async function factRows(refs: References, modelId: number, facts: z.output<typeof modelFactsSchema>) {
  const rows = [];
  for (const [index, fact] of facts.entries()) {
    const cited = await citationColumns(refs, `facts.${index}.citation`, fact.citation!);
    rows.push({ modelId, fact: fact.fact, value: fact.value.trim(), note: fact.note ?? null, ...cited });
  }
  return rows;
}


async function updateKind(kind: ClaimKind, ctx: any, args: { id: string | number; expectedVersion: number }, values: (w: Write, refs: References, current: ClaimRow) => Promise<Record<string, unknown>>) {
  const { id } = rowIdOf(String(args.id), kind);
  const version = parseInput(expectedVersion, args.expectedVersion);
  return write(ctx, async (w) => {
    const refs = new References(w.tx);
    const [current] = (await (w.tx.select().from(claimTable(kind)) as any).where(idIs(kind, id))) as ClaimRow[];
    if (!current) return updateClaim(w, kind, id, version, {});
    const changes = await values(w, refs, current);
    refs.check();
    return updateClaim(w, kind, id, version, changes);
  });
}

const claimTable = (kind: ClaimKind) => ({ Score: scores, Price: prices, ModelFact: modelFacts })[kind];
const idIs = (kind: ClaimKind, id: number) => eq(claimTable(kind).id, id);

builder.mutationFields((t) => ({
  createScore: t.field({
    type: payload('CreateScoreSuccess', 'score', Score),
    description: `Enters a benchmark score as a draft (or straight for review). ${citeRule}`,
    authScopes: { editor: true },
    errors: { types: writeErrors, directResult: true },
    args: { input: t.arg({ type: CreateScoreInput, required: true }) },
    resolve: async (_root, args, ctx) => {
      const input = parseInput(createScoreSchema, args.input);
      const score = await write(ctx, async (w) => {
        const refs = new References(w.tx);
        const modelId = await refs.model('model', input.model);
        const benchmark = await refs.benchmark('benchmark', input.benchmark);
        const cited = await citationColumns(refs, 'citation', input.citation!);
        const outside = benchmark && scaleProblem(benchmark, input.value);
        if (outside) refs.add('value', outside);
        refs.check();
        return createClaim(
          w,
          'Score',
          { modelId, benchmarkId: benchmark!.id, value: input.value, setting: input.setting ?? '', note: input.note ?? null, ...cited },
          input.submitForReview ?? false,
        );
      });
      return { score };
    },
  }),
  updateScore: t.field({
    type: payload('UpdateScoreSuccess', 'score', Score),
    description: 'Edits a draft, pending or rejected score (a rejected one goes back to draft).',
    authScopes: { editor: true },
    errors: { types: versionedWriteErrors, directResult: true },
    args: { id: t.arg.id({ required: true }), expectedVersion: t.arg.int({ required: true, description: 'The version you loaded; a newer one answers ConflictError.' }), patch: t.arg({ type: UpdateScoreInput, required: true }) },
    resolve: async (_root, args, ctx) => {
      const patch = parseInput(updateScoreSchema, args.patch);
      const score = await updateKind('Score', ctx, args, async (w, refs, current) => {
        const values: Record<string, unknown> = {};
        if (patch.value != null) {
          const [benchmark] = await w.tx.select().from(benchmarksTable).where(eq(benchmarksTable.id, current.benchmarkId as number));
          const outside = benchmark && scaleProblem(benchmark, patch.value);
          if (outside) refs.add('value', outside);
          values.value = patch.value;
        }
        if (patch.setting != null) values.setting = patch.setting;
        if (patch.note !== undefined) values.note = patch.note;
        if (patch.citation) Object.assign(values, await citationColumns(refs, 'citation', patch.citation));
        return values;
      });
      return { score };
    },
  }),
  createPrice: t.field({
    type: payload('CreatePriceSuccess', 'price', Price),
    description: `Enters a price (USD per 1M tokens from a date) as a draft. ${citeRule}`,
    authScopes: { editor: true },
    errors: { types: writeErrors, directResult: true },
    args: { input: t.arg({ type: CreatePriceInput, required: true }) },
    resolve: async (_root, args, ctx) => {
      const input = parseInput(createPriceSchema, args.input);
      const price = await write(ctx, async (w) => {
        const refs = new References(w.tx);
        const modelId = await refs.model('model', input.model);
        const cited = await citationColumns(refs, 'citation', input.citation!);
        refs.check();
        return createClaim(
          w,
          'Price',
          {
            modelId,
            kind: input.kind,
            usdPerMillionTokens: input.usdPerMillionTokens,
            tierMinTokens: input.tierMinTokens ?? 0,
            effectiveFrom: input.effectiveFrom,
            note: input.note ?? null,
            ...cited,
          },
          input.submitForReview ?? false,
        );
      });
      return { price };
    },
  }),
  updatePrice: t.field({
    type: payload('UpdatePriceSuccess', 'price', Price),
    authScopes: { editor: true },
    errors: { types: versionedWriteErrors, directResult: true },
    args: { id: t.arg.id({ required: true }), expectedVersion: t.arg.int({ required: true, description: 'The version you loaded; a newer one answers ConflictError.' }), patch: t.arg({ type: UpdatePriceInput, required: true }) },
    resolve: async (_root, args, ctx) => {
      const patch = parseInput(updatePriceSchema, args.patch);
      const price = await updateKind('Price', ctx, args, async (_w, refs) => {
        const values: Record<string, unknown> = {};
        if (patch.usdPerMillionTokens != null) values.usdPerMillionTokens = patch.usdPerMillionTokens;
        if (patch.tierMinTokens != null) values.tierMinTokens = patch.tierMinTokens;
        if (patch.effectiveFrom != null) values.effectiveFrom = patch.effectiveFrom;
        if (patch.note !== undefined) values.note = patch.note;
        if (patch.citation) Object.assign(values, await citationColumns(refs, 'citation', patch.citation));
        return values;
      });
      return { price };
    },
  }),
  createModelFact: t.field({
    type: payload('CreateModelFactSuccess', 'fact', ModelFact),
    description: `Enters a fact about a model (release date, knowledge cutoff, context window, max output tokens). ${citeRule}`,
    authScopes: { editor: true },
    errors: { types: writeErrors, directResult: true },
    args: { input: t.arg({ type: CreateModelFactInput, required: true }) },
    resolve: async (_root, args, ctx) => {
      const input = parseInput(createFactSchema, args.input);
      const fact = await write(ctx, async (w) => {
        const refs = new References(w.tx);
        const modelId = await refs.model('model', input.model);
        return createFact(w, modelId, input, input.submitForReview ?? false, refs);
      });
      return { fact };
    },
  }),
  updateModelFact: t.field({
    type: payload('UpdateModelFactSuccess', 'fact', ModelFact),
    authScopes: { editor: true },
    errors: { types: versionedWriteErrors, directResult: true },
    args: { id: t.arg.id({ required: true }), expectedVersion: t.arg.int({ required: true, description: 'The version you loaded; a newer one answers ConflictError.' }), patch: t.arg({ type: UpdateModelFactInput, required: true }) },
    resolve: async (_root, args, ctx) => {
      const patch = parseInput(updateFactSchema, args.patch);
      const fact = await updateKind('ModelFact', ctx, args, async (_w, refs, current) => {
        const values: Record<string, unknown> = {};
        if (patch.value != null) {
          const problem = factValue(String(current.fact), patch.value);
          if (problem) refs.add('value', problem);
          values.value = patch.value.trim();
        }
        if (patch.note !== undefined) values.note = patch.note;
        if (patch.citation) Object.assign(values, await citationColumns(refs, 'citation', patch.citation));
        return values;
      });
      return { fact };
    },
  }),
}));
