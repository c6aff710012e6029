import { and, eq, inArray, sql } from 'drizzle-orm';
import { rowsOf } from '../../db/client.ts';
import type { PgTable } from 'drizzle-orm/pg-core';
import { z } from 'zod';
import {
  auditEvents,
  benchmarkCategories,
  benchmarks,
  benchmarkUnits,
  modelFacts,
  modelFamilies,
  models,
  modelStatuses,
  providers,
  siteTexts,
  sourceKinds,
  sources,
} from '../../db/schema/index.ts';
import { modelsAround, refreshSimilaritiesAround } from '../../db/similarity.ts';
import { diffRows } from '../catalog/audit.ts';
import { rowIdOf } from '../catalog/ids.ts';
import { boundedNumber, expectedVersion, hiddenCharactersMessage, httpUrl, noHiddenCharacters, optionalText, parseInput, pastDay, slug, text } from '../catalog/inputs.ts';
import { References } from '../catalog/references.ts';
import { write, type Write } from '../catalog/write.ts';
import { updateVersioned } from '../catalog/versioned.ts';
import { changeEntity, isPublic, isReviewer, proposeSiteText, type RevisableKind } from '../catalog/revisions.ts';
import { ConflictError, NotAuthorizedError, ValidationError } from '../errors.ts';
import { Benchmark } from './benchmark.ts';
import { builder } from './builder.ts';
import { factRows, ModelFactInput, modelFactsSchema } from './claimEditing.ts';
import { BenchmarkCategory, BenchmarkUnit, ModelStatus, PublicationState, SourceKind } from './enums.ts';
import { versionedWriteErrors, writeErrors } from './errors.ts';
import { ModelFamily } from './family.ts';
import { Model } from './model.ts';
import { payload } from './payload.ts';
import { Provider } from './provider.ts';
import { revisableWriteErrors } from './revision.ts';
import { Source } from './source.ts';

// Create, update, publish and retire for providers, families, models and benchmarks; create and
// update for sources; the methodology text. Every change: one transaction, a version check, one
// audit event. New entries start as drafts; a reviewer publishes them.

const editorOnly = { authScopes: { editor: true }, nullable: true } as const;

// Editors see the version (to send back as expectedVersion) and publication state of every entity.
for (const ref of [Provider, ModelFamily, Model, Benchmark] as const) {
  builder.drizzleObjectFields(ref as typeof Provider, (t) => ({
    version: t.exposeInt('version', { ...editorOnly, description: 'Send it back as expectedVersion when you change this record.' }),
    publication: t.expose('publication', { ...editorOnly, type: PublicationState }),
  }));
}
builder.drizzleObjectFields(Source, (t) => ({
  version: t.exposeInt('version', { ...editorOnly, description: 'Send it back as expectedVersion when you change this record.' }),
}));

builder.drizzleObjectFields(Model, (t) => ({
  curated: t.exposeBoolean('curated', { ...editorOnly, description: 'Edited by people: imports hold their values for review.' }),
  scoreEntries: t.relation('scores', {
    ...editorOnly,
    description: 'Every score entry of the model in any state (drafts, pending, history).',
    query: { orderBy: { id: 'asc' } },
  }),
  priceEntries: t.relation('prices', { ...editorOnly, description: 'Every price entry in any state.', query: { orderBy: { id: 'asc' } } }),
  factEntries: t.relation('facts', { ...editorOnly, description: 'Every fact entry in any state.', query: { orderBy: { id: 'asc' } } }),
}));

// Inputs.
const optionalUrl = httpUrl.nullish();
const apiKeyEnv = z.string().regex(/^[A-Z][A-Z0-9_]{0,63}$/, 'An environment variable name, e.g. OPENAI_API_KEY.').nullish();
const list = (max: number, items: number) => z.array(text(max)).max(items, `At most ${items} entries.`);

const providerSchema = z.object({
  slug,
  name: text(200),
  website: optionalUrl,
  docsUrl: optionalUrl,
  apiBaseUrl: optionalUrl,
  apiKeyEnv,
  npmPackage: optionalText(214),
  pythonPackage: optionalText(100),
});
const familySchema = z.object({ slug, name: text(200), provider: text(100), description: optionalText(5000) });
const modelSchema = z.object({
  slug,
  name: text(200),
  provider: text(100),
  family: text(100).nullish(),
  familyPosition: z.number().int().min(0).max(10_000).nullish(),
  apiModelId: optionalText(200),
  tagline: optionalText(300),
  about: optionalText(20_000),
  status: z.enum(modelStatuses).nullish(),
  licenseName: optionalText(200),
  openWeights: z.boolean().nullish(),
  inputModalities: list(40, 10).nullish(),
  outputModalities: list(40, 10).nullish(),
  strengths: list(300, 20).nullish(),
  weaknesses: list(300, 20).nullish(),
});
const createModelSchema = modelSchema.extend({ facts: modelFactsSchema.nullish() });
const finite = boundedNumber();
const benchmarkSchema = z.object({
  slug,
  name: text(200),
  category: z.enum(benchmarkCategories).nullish(),
  description: optionalText(5000),
  unit: z.enum(benchmarkUnits).nullish(),
  scaleMin: finite.nullish(),
  scaleMax: finite.nullish(),
  higherIsBetter: z.boolean().nullish(),
  homepage: optionalUrl,
  paperSourceId: z.string().nullish(),
});
const scaleOrder = (value: { scaleMin?: number | null; scaleMax?: number | null }) =>
  value.scaleMin == null || value.scaleMax == null || value.scaleMin < value.scaleMax;
const sourceSchema = z.object({
  url: httpUrl,
  title: text(500),
  publisher: text(200),
  kind: z.enum(sourceKinds),
  publishedAt: pastDay.nullish(),
  retrievedAt: pastDay,
  archivedUrl: optionalUrl,
});

const ProviderInput = (name: string, required: boolean) =>
  builder.inputType(name, {
    fields: (t) => ({
      slug: t.string({ required }),
      name: t.string({ required }),
      website: t.string(),
      docsUrl: t.string(),
      apiBaseUrl: t.string(),
      apiKeyEnv: t.string(),
      npmPackage: t.string(),
      pythonPackage: t.string(),
    }),
  });
const FamilyInput = (name: string, required: boolean) =>
  builder.inputType(name, {
    fields: (t) => ({
      slug: t.string({ required }),
      name: t.string({ required }),
      provider: t.string({ required, description: 'Provider slug.' }),
      description: t.string(),
    }),
  });
const modelFields = (t: any, required: boolean) => ({
  slug: t.string({ required }),
  name: t.string({ required }),
  provider: t.string({ required, description: 'Provider slug.' }),
  family: t.string({ description: 'Family slug.' }),
  familyPosition: t.int(),
  apiModelId: t.string(),
  tagline: t.string(),
  about: t.string({ description: 'Markdown.' }),
  status: t.field({ type: ModelStatus }),
  licenseName: t.string(),
  openWeights: t.boolean(),
  inputModalities: t.stringList(),
  outputModalities: t.stringList(),
  strengths: t.stringList(),
  weaknesses: t.stringList(),
});
const CreateModelInput = builder.inputType('CreateModelInput', {
  fields: (t) => ({
    ...modelFields(t, true),
    facts: t.field({ type: [ModelFactInput], description: 'Cited facts entered with the model (as drafts).' }),
  }),
});
const UpdateModelInput = builder.inputType('UpdateModelInput', {
  description: 'Only the fields given change; facts, prices and scores are entries of their own.',
  fields: (t) => modelFields(t, false),
});
const BenchmarkInput = (name: string, required: boolean) =>
  builder.inputType(name, {
    fields: (t) => ({
      slug: t.string({ required }),
      name: t.string({ required }),
      category: t.field({ type: BenchmarkCategory }),
      description: t.string(),
      unit: t.field({ type: BenchmarkUnit }),
      scaleMin: t.float(),
      scaleMax: t.float(),
      higherIsBetter: t.boolean(),
      homepage: t.string(),
      paperSourceId: t.id({ description: "The benchmark's own paper, as a Source." }),
    }),
  });
const SourceInput = (name: string, required: boolean) =>
  builder.inputType(name, {
    fields: (t) => ({
      url: t.string({ required }),
      title: t.string({ required }),
      publisher: t.string({ required }),
      kind: t.field({ type: SourceKind, required }),
      publishedAt: t.field({ type: 'Date' }),
      retrievedAt: t.field({ type: 'Date', required, description: 'When the page was read; not in the future.' }),
      archivedUrl: t.string({ description: 'A copy in a web archive.' }),
    }),
  });

/** The columns a patch sets: nulls clear optional columns and leave required ones alone. */
function patchValues(patch: Record<string, unknown>, required: string[]): Record<string, unknown> {
  const values: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(patch)) {
    if (value === undefined || (value === null && required.includes(key))) continue;
    values[key] = value;
  }
  return values;
}

type Entity = 'Provider' | 'ModelFamily' | 'Model' | 'Benchmark' | 'Source';
type EntityTable = typeof providers | typeof modelFamilies | typeof models | typeof benchmarks | typeof sources;

async function createEntity(w: Write, kind: Entity, table: EntityTable, values: Record<string, unknown>, extraDiff = {}) {
  const [row] = await (w.tx.insert(table as PgTable) as any).values(values).returning();
  await w.audit({ action: 'CREATE', entityType: kind, entityId: row.id, diff: { ...diffRows(null, row), ...extraDiff } });
  return row;
}

async function updateEntity(w: Write, kind: Entity, table: EntityTable, id: number, version: number, values: Record<string, unknown>, action = 'UPDATE') {
  const { before, after } = await updateVersioned(w.tx, table, id, version, values, kind);
  await w.audit({ action, entityType: kind, entityId: id, diff: diffRows(before, after) });
  return after;
}

const sentForReview =
  'Once it is public (published; a source: cited by a verified number) the change is not applied but answered RevisionPending: a second person approves it (approveRevision).';

/** An update's answer: the changed record, or the revision waiting for a second person. */
function answer(field: string, result: Awaited<ReturnType<typeof changeEntity>>) {
  return ('applied' in result ? { [field]: result.applied } : result.pending) as never;
}

/** A public model or family stays under a published provider (and family): refuses moving it elsewhere. */
async function requirePublishedParents(w: Write, values: { providerId?: unknown; familyId?: unknown }) {
  const problems: { path: string; message: string }[] = [];
  if (values.providerId) {
    const [provider] = await w.tx.select({ publication: providers.publication }).from(providers).where(eq(providers.id, Number(values.providerId)));
    if (provider?.publication !== 'PUBLISHED') problems.push({ path: 'provider', message: 'This provider is not published: publish it first.' });
  }
  if (values.familyId) {
    const [family] = await w.tx.select({ publication: modelFamilies.publication }).from(modelFamilies).where(eq(modelFamilies.id, Number(values.familyId)));
    if (family?.publication !== 'PUBLISHED') problems.push({ path: 'family', message: 'This family is not published: publish it first.' });
  }
  if (problems.length) throw new ValidationError(problems);
}

const idArgs = (t: any): { id: any; expectedVersion: any } => ({
  id: t.arg.id({ required: true }),
  expectedVersion: t.arg.int({ required: true, description: 'The version you loaded; a newer one answers ConflictError.' }),
});

async function resolveModelRefs(refs: References, input: { provider?: string | null; family?: string | null }) {
  const values: Record<string, unknown> = {};
  if (input.provider) values.providerId = await refs.provider('provider', input.provider);
  if (input.family) {
    const family = await refs.family('family', input.family);
    values.familyId = family?.id ?? null;
    if (family && values.providerId && family.providerId !== values.providerId) {
      refs.add('family', 'The family belongs to another provider.');
    }
  } else if (input.family === null) values.familyId = null;
  return values;
}

function modelColumns(input: Record<string, unknown>) {
  const { provider: _provider, family: _family, facts: _facts, ...columns } = input;
  return columns;
}

builder.mutationFields((t) => ({
  createProvider: t.field({
    type: payload('CreateProviderSuccess', 'provider', Provider),
    description: 'Adds a provider as a draft.',
    authScopes: { editor: true },
    errors: { types: writeErrors, directResult: true },
    args: { input: t.arg({ type: ProviderInput('CreateProviderInput', true), required: true }) },
    resolve: async (_root, args, ctx) => {
      const input = parseInput(providerSchema, args.input);
      const provider = await write(ctx, (w) => createEntity(w, 'Provider', providers, { ...patchValues(input, []), publication: 'DRAFT' }));
      return { provider };
    },
  }),
  updateProvider: t.field({
    type: payload('UpdateProviderSuccess', 'provider', Provider),
    authScopes: { editor: true },
    description: `Changes a provider. ${sentForReview}`,
    errors: { types: revisableWriteErrors, directResult: true },
    args: { ...idArgs(t), patch: t.arg({ type: ProviderInput('UpdateProviderInput', false), required: true }) },
    resolve: async (_root, args, ctx) => {
      const { id } = rowIdOf(String(args.id), 'Provider');
      const version = parseInput(expectedVersion, args.expectedVersion);
      const patch = parseInput(providerSchema.partial(), args.patch);
      return answer('provider', await write(ctx, (w) => changeEntity(w, 'Provider', id, version, patchValues(patch, ['slug', 'name']))));
    },
  }),
  createFamily: t.field({
    type: payload('CreateFamilySuccess', 'family', ModelFamily),
    description: "Adds a provider's model family as a draft.",
    authScopes: { editor: true },
    errors: { types: writeErrors, directResult: true },
    args: { input: t.arg({ type: FamilyInput('CreateFamilyInput', true), required: true }) },
    resolve: async (_root, args, ctx) => {
      const input = parseInput(familySchema, args.input);
      const family = await write(ctx, async (w) => {
        const refs = new References(w.tx);
        const providerId = await refs.provider('provider', input.provider);
        refs.check();
        return createEntity(w, 'ModelFamily', modelFamilies, {
          slug: input.slug,
          name: input.name,
          description: input.description ?? null,
          providerId,
          publication: 'DRAFT',
        });
      });
      return { family };
    },
  }),
  updateFamily: t.field({
    type: payload('UpdateFamilySuccess', 'family', ModelFamily),
    authScopes: { editor: true },
    description: `Changes a family. ${sentForReview}`,
    errors: { types: revisableWriteErrors, directResult: true },
    args: { ...idArgs(t), patch: t.arg({ type: FamilyInput('UpdateFamilyInput', false), required: true }) },
    resolve: async (_root, args, ctx) => {
      const { id } = rowIdOf(String(args.id), 'ModelFamily');
      const version = parseInput(expectedVersion, args.expectedVersion);
      const patch = parseInput(familySchema.partial(), args.patch);
      const family = await write(ctx, async (w) => {
        const refs = new References(w.tx);
        const { provider, ...rest } = patch;
        const values = patchValues(rest, ['slug', 'name']);
        if (provider) values.providerId = await refs.provider('provider', provider);
        refs.check();
        // A public family stays under a public provider.
        return changeEntity(w, 'ModelFamily', id, version, values, () => requirePublishedParents(w, values));
      });
      return answer('family', family);
    },
  }),
  createModel: t.field({
    type: payload('CreateModelSuccess', 'model', Model),
    description: 'Adds a model as a draft, with the cited facts given (as draft entries for review).',
    authScopes: { editor: true },
    errors: { types: writeErrors, directResult: true },
    args: { input: t.arg({ type: CreateModelInput, required: true }) },
    resolve: async (_root, args, ctx) => {
      const input = parseInput(createModelSchema, args.input);
      const model = await write(ctx, async (w) => {
        const refs = new References(w.tx);
        const references = await resolveModelRefs(refs, input);
        // Facts are checked before anything is written, so one bad citation writes nothing.
        const facts = await factRows(refs, 0, input.facts ?? []);
        refs.check();
        const [row] = await w.tx
          .insert(models)
          .values({ ...(patchValues(modelColumns(input), []) as object), ...references, publication: 'DRAFT', curated: true } as never)
          .returning();
        const inserted = facts.length
          ? await w.tx
              .insert(modelFacts)
              .values(facts.map((fact) => ({ ...fact, modelId: row!.id, status: 'DRAFT' as const, origin: 'EDITOR' as const, createdById: w.viewer.id })))
              .returning()
          : [];
        await w.audit({
          action: 'CREATE',
          entityType: 'Model',
          entityId: row!.id,
          diff: {
            ...diffRows(null, row!),
            ...(inserted.length ? { facts: { before: null, after: inserted.map(({ id, fact, value, sourceId, locator }) => ({ id, fact, value, sourceId, locator })) } } : {}),
          },
        });
        return row!;
      });
      return { model };
    },
  }),
  updateModel: t.field({
    type: payload('UpdateModelSuccess', 'model', Model),
    description: `Changes a model. Facts, prices and scores are separate, cited entries. ${sentForReview}`,
    authScopes: { editor: true },
    errors: { types: revisableWriteErrors, directResult: true },
    args: { ...idArgs(t), patch: t.arg({ type: UpdateModelInput, required: true }) },
    resolve: async (_root, args, ctx) => {
      const { id } = rowIdOf(String(args.id), 'Model');
      const version = parseInput(expectedVersion, args.expectedVersion);
      const patch = parseInput(modelSchema.partial(), args.patch);
      const model = await write(ctx, async (w) => {
        const refs = new References(w.tx);
        const references = await resolveModelRefs(refs, patch);
        refs.check();
        const values = {
          ...patchValues(modelColumns(patch), ['slug', 'name', 'status', 'licenseName', 'openWeights', 'inputModalities', 'outputModalities', 'strengths', 'weaknesses']),
          ...references,
        };
        // A published model stays under a published provider and family.
        return changeEntity(w, 'Model', id, version, values, () => requirePublishedParents(w, references));
      });
      return answer('model', model);
    },
  }),
  createBenchmark: t.field({
    type: payload('CreateBenchmarkSuccess', 'benchmark', Benchmark),
    description: 'Adds a benchmark (scale, direction, homepage) as a draft.',
    authScopes: { editor: true },
    errors: { types: writeErrors, directResult: true },
    args: { input: t.arg({ type: BenchmarkInput('CreateBenchmarkInput', true), required: true }) },
    resolve: async (_root, args, ctx) => {
      const input = parseInput(benchmarkSchema.refine(scaleOrder, { message: 'The top of the scale must be above its bottom.', path: ['scaleMax'] }), args.input);
      const benchmark = await write(ctx, async (w) => {
        const refs = new References(w.tx);
        const { paperSourceId, ...rest } = input;
        const values: Record<string, unknown> = { ...patchValues(rest as Record<string, unknown>, []), publication: 'DRAFT' };
        if (paperSourceId) values.paperSourceId = (await refs.source('paperSourceId', paperSourceId))?.id ?? null;
        refs.check();
        return createEntity(w, 'Benchmark', benchmarks, values);
      });
      return { benchmark };
    },
  }),
  updateBenchmark: t.field({
    type: payload('UpdateBenchmarkSuccess', 'benchmark', Benchmark),
    description: `Changes a benchmark; its scale cannot shrink below scores already entered. ${sentForReview}`,
    authScopes: { editor: true },
    errors: { types: revisableWriteErrors, directResult: true },
    args: { ...idArgs(t), patch: t.arg({ type: BenchmarkInput('UpdateBenchmarkInput', false), required: true }) },
    resolve: async (_root, args, ctx) => {
      const { id } = rowIdOf(String(args.id), 'Benchmark');
      const version = parseInput(expectedVersion, args.expectedVersion);
      const patch = parseInput(benchmarkSchema.partial().refine(scaleOrder, { message: 'The top of the scale must be above its bottom.', path: ['scaleMax'] }), args.patch);
      const benchmark = await write(ctx, async (w) => {
        const refs = new References(w.tx);
        const { paperSourceId, ...rest } = patch;
        const values = patchValues(rest, ['slug', 'name', 'category', 'unit', 'scaleMin', 'scaleMax', 'higherIsBetter']);
        if (paperSourceId) values.paperSourceId = (await refs.source('paperSourceId', paperSourceId))?.id ?? null;
        else if (paperSourceId === null) values.paperSourceId = null;
        refs.check();
        return changeEntity(w, 'Benchmark', id, version, values);
      });
      return answer('benchmark', benchmark);
    },
  }),
  createSource: t.field({
    type: payload('CreateSourceSuccess', 'source', Source),
    description: 'Adds a source (a page numbers are cited from). One per URL: cite an existing one instead of adding it again.',
    authScopes: { editor: true },
    errors: { types: writeErrors, directResult: true },
    args: { input: t.arg({ type: SourceInput('CreateSourceInput', true), required: true }) },
    resolve: async (_root, args, ctx) => {
      const input = parseInput(sourceSchema, args.input);
      const source = await write(ctx, (w) => createEntity(w, 'Source', sources, { ...patchValues(input, []), createdById: w.viewer.id }));
      return { source };
    },
  }),
  updateSource: t.field({
    type: payload('UpdateSourceSuccess', 'source', Source),
    description: `Corrects a source (title, publisher, kind, dates, archived copy, URL). Once a verified number cites it, the change is sent for review: a second person approves it.`,
    authScopes: { editor: true },
    errors: { types: revisableWriteErrors, directResult: true },
    args: { ...idArgs(t), patch: t.arg({ type: SourceInput('UpdateSourceInput', false), required: true }) },
    resolve: async (_root, args, ctx) => {
      const { id } = rowIdOf(String(args.id), 'Source');
      const version = parseInput(expectedVersion, args.expectedVersion);
      const patch = parseInput(sourceSchema.partial(), args.patch);
      const values = patchValues(patch, ['url', 'title', 'publisher', 'kind', 'retrievedAt']);
      return answer('source', await write(ctx, (w) => changeEntity(w, 'Source', id, version, values)));
    },
  }),
  retireSource: t.field({
    type: payload('RetireSourceSuccess', 'source', Source),
    description:
      'Retires a source that should no longer be cited (gone for good, unreliable, replaced). The numbers citing it keep their citation and history; new numbers cannot cite it. A source verified numbers cite: reviewers only.',
    authScopes: { editor: true },
    errors: { types: versionedWriteErrors, directResult: true },
    args: { ...idArgs(t), reason: t.arg.string({ required: true, description: 'Why it should no longer be cited.' }) },
    resolve: async (_root, args, ctx) => {
      const { id } = rowIdOf(String(args.id), 'Source');
      const version = parseInput(expectedVersion, args.expectedVersion);
      const reason = parseInput(retirementReason, args.reason);
      const source = await write(ctx, async (w) => {
        const [current] = await w.tx.select().from(sources).where(eq(sources.id, id));
        if (current?.retiredAt) throw ValidationError.field('', 'This source is already retired.');
        // Readers see a cited source's retirement: like withdrawing a published number, it takes a reviewer.
        if (current && !isReviewer(w.viewer) && (await isPublic(w.tx, 'Source', current))) {
          throw new NotAuthorizedError('Verified numbers cite this source: only a reviewer can retire it.');
        }
        return updateEntity(w, 'Source', sources, id, version, { retiredAt: sql`now()`, retirementReason: reason }, 'RETIRE');
      });
      return { source };
    },
  }),
}));

const retirementReason = z.string().trim().min(1, 'Say why the source should no longer be cited.').max(2_000).refine(noHiddenCharacters, hiddenCharactersMessage);

// Publishing and retiring catalog entries: reviewers decide what the public sees. Publishing makes a
// record's text public, so it takes a second person: not whoever created or edited it as a draft.
// Retiring withdraws (like withdrawing a verified number): a reviewer alone may.

/** Refuses publishing what its publisher wrote, or what would show under an unpublished parent. */
async function checkPublishable(w: Write, kind: keyof typeof publishable, row: Record<string, any>) {
  const [own] = await w.tx
    .select({ id: auditEvents.id })
    .from(auditEvents)
    .where(
      and(
        eq(auditEvents.entityType, kind),
        eq(auditEvents.entityId, String(row.id)),
        eq(auditEvents.actorId, w.viewer.id),
        inArray(auditEvents.action, ['CREATE', 'UPDATE']),
      ),
    )
    .limit(1);
  if (own) {
    throw new NotAuthorizedError('Nobody publishes their own entry: you created or edited it, so another reviewer must publish it.');
  }
  if (kind === 'Model') await requirePublishedParents(w, { providerId: row.providerId, familyId: row.familyId });
  if (kind === 'ModelFamily') await requirePublishedParents(w, { providerId: row.providerId });
}

/** A provider or family with published models (or families) under it is not retired from under them. */
async function checkRetirable(w: Write, kind: keyof typeof publishable, id: number) {
  const children =
    kind === 'Provider'
      ? sql`(select count(*) from models where provider_id = ${id} and publication = 'PUBLISHED') + (select count(*) from model_families where provider_id = ${id} and publication = 'PUBLISHED')`
      : kind === 'ModelFamily'
        ? sql`(select count(*) from models where family_id = ${id} and publication = 'PUBLISHED')`
        : null;
  if (!children) return;
  const [row] = rowsOf<{ n: number }>(await w.tx.execute(sql`select (${children})::int as n`));
  if (Number(row?.n ?? 0) > 0) {
    throw ValidationError.field('', `Published ${kind === 'Provider' ? 'models or families' : 'models'} belong to it: retire or move them first.`);
  }
}

const publishable = {
  Provider: { table: providers, ref: Provider, field: 'provider' },
  ModelFamily: { table: modelFamilies, ref: ModelFamily, field: 'family' },
  Model: { table: models, ref: Model, field: 'model' },
  Benchmark: { table: benchmarks, ref: Benchmark, field: 'benchmark' },
} as const;

builder.mutationFields((t) => {
  const fields: Record<string, unknown> = {};
  for (const [kind, { table, ref, field }] of Object.entries(publishable) as [keyof typeof publishable, (typeof publishable)[keyof typeof publishable]][]) {
    const name = kind === 'ModelFamily' ? 'Family' : kind;
    for (const [verb, publication, action] of [
      ['publish', 'PUBLISHED', 'PUBLISH'],
      ['retire', 'RETIRED', 'RETIRE'],
    ] as const) {
      const Verb = verb[0]!.toUpperCase() + verb.slice(1);
      fields[`${verb}${name}`] = t.field({
        type: payload(`${Verb}${name}Success`, field, ref),
        description:
          verb === 'publish'
            ? `Makes the ${field} public (its verified numbers then show). Reviewers only.`
            : `Takes the ${field} off the public API; kept with its history. Reviewers only.`,
        authScopes: { reviewer: true },
        errors: { types: versionedWriteErrors, directResult: true },
        args: idArgs(t),
        resolve: async (_root: unknown, args: any, ctx: any) => {
          const { id } = rowIdOf(String(args.id), kind);
          const version = parseInput(expectedVersion, args.expectedVersion);
          const row = await write(ctx, async (w) => {
            const [current] = await (w.tx.select().from(table as PgTable) as any).where(eq((table as typeof models).id, id)).for('update');
            if (current && current.publication === publication) {
              throw new ConflictError(current.version, `This ${field} is already ${publication}.`);
            }
            if (current && verb === 'publish') await checkPublishable(w, kind, current);
            if (current && verb === 'retire') await checkRetirable(w, kind, id);
            const updated = await updateEntity(w, kind, table, id, version, { publication }, action);
            if (kind === 'Model') await refreshSimilaritiesAround(w.tx, id);
            return updated;
          });
          return { [field]: row } as never;
        },
      });
    }
  }
  return fields as never;
});

// The methodology text the public site prints (site_texts).
const SiteText = builder.objectRef<typeof siteTexts.$inferSelect>('SiteText').implement({
  description: 'An editable text of the public site, with its version for safe editing.',
  fields: (t) => ({
    key: t.exposeString('key'),
    body: t.exposeString('body'),
    version: t.exposeInt('version'),
    updatedAt: t.field({ type: 'DateTime', resolve: (text) => new Date(text.updatedAt) }),
  }),
});

builder.queryFields((t) => ({
  methodologyText: t.field({
    type: SiteText,
    nullable: true,
    description: 'The methodology with its version, for editing. Signed-in editors only.',
    authScopes: { editor: true },
    resolve: async (_root, _args, ctx) => (await ctx.db.select().from(siteTexts).where(eq(siteTexts.key, 'methodology')))[0] ?? null,
  }),
}));

builder.mutationFields((t) => ({
  updateMethodology: t.field({
    type: payload('UpdateMethodologySuccess', 'methodology', SiteText),
    description:
      'Proposes a new methodology text (markdown). It is public, so the answer is RevisionPending: another reviewer approves it (approveRevision). Reviewers and admins.',
    authScopes: { reviewer: true },
    errors: { types: revisableWriteErrors, directResult: true },
    args: { body: t.arg.string({ required: true }), expectedVersion: t.arg.int({ required: true }) },
    resolve: async (_root, args, ctx) => {
      const { body, version } = parseInput(z.object({ body: text(50_000), version: expectedVersion }), {
        body: args.body,
        version: args.expectedVersion,
      });
      return (await write(ctx, (w) => proposeSiteText(w, 'methodology', version, body))) as never;
    },
  }),
}));
