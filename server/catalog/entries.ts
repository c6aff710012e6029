import { eq, sql } from 'drizzle-orm';
import type { PgTable } from 'drizzle-orm/pg-core';
import { rowsOf } from '../../db/client.ts';
import { benchmarks, modelFacts, modelFamilies, models, providers, sources } from '../../db/schema/index.ts';
import { refreshSimilaritiesAround } from './similarity.ts';
import { ConflictError, NotAuthorizedError, ValidationError } from '../errors.ts';
import { diffRows } from './audit.ts';
import { requireSecondPerson } from './fourEyes.ts';
import type { BenchmarkInput, FamilyInput, ModelInput, NewModelInput, ProviderInput, SourceInput } from './entryInputs.ts';
import { factRows } from './numbers.ts';
import { References } from './references.ts';
import { changeEntity, isPublic, requirePublishedParents, type RevisableKind } from './revisions.ts';
import { isReviewer } from '../auth/viewer.ts';
import { lockRow, updateLocked } from './versioned.ts';
import type { Write } from './write.ts';
import { isPublished } from './visibility.ts';

// The catalog's entries: providers, families, models, benchmarks and sources. Create, change,
// publish and retire. Every change runs inside write() (one transaction, a version check, one audit
// event). New entries start as drafts; a change to what the public sees becomes a revision that a
// second person approves (revisions.ts); publishing is a reviewer's, and not of their own entry.

type EntryTable = typeof providers | typeof modelFamilies | typeof models | typeof benchmarks | typeof sources;
const tables: Record<RevisableKind, EntryTable> = { Provider: providers, ModelFamily: modelFamilies, Model: models, Benchmark: benchmarks, Source: sources };

/** The columns a patch sets: nulls clear optional columns and leave required ones alone. */
function patchValues(patch: Record<string, unknown>, required: string[]): Record<string, unknown> {
  const values: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(patch)) {
    if (value === undefined || (value === null && required.includes(key))) continue;
    values[key] = value;
  }
  return values;
}

async function createEntry(w: Write, kind: RevisableKind, values: Record<string, unknown>) {
  const [row] = await (w.tx.insert(tables[kind] as PgTable) as any).values(values).returning();
  await w.audit({ action: 'CREATE', entityType: kind, entityId: row.id, diff: diffRows(null, row) });
  return row;
}

/** Changes a row already locked (lockRow) at the version the editor loaded, with its audit event. */
async function updateEntry(w: Write, kind: RevisableKind, locked: Record<string, unknown>, version: number, values: Record<string, unknown>, action: string, reason?: string | null) {
  const { before, after } = await updateLocked(w.tx, tables[kind], locked as never, version, values, { entityType: kind });
  const diff = diffRows(before, after);
  await w.audit({ action, entityType: kind, entityId: Number(locked.id), diff: reason ? { ...diff, reason: { before: null, after: reason } } : diff });
  return after;
}

export const createProvider = (w: Write, input: ProviderInput) => createEntry(w, 'Provider', { ...patchValues(input, []), publication: 'DRAFT' });

export const updateProvider = (w: Write, id: number, version: number, patch: Partial<ProviderInput>) =>
  changeEntity(w, 'Provider', id, version, patchValues(patch, ['slug', 'name']));

export async function createFamily(w: Write, input: FamilyInput) {
  const refs = new References(w.tx);
  const providerId = await refs.provider('provider', input.provider);
  refs.check();
  return createEntry(w, 'ModelFamily', { slug: input.slug, name: input.name, description: input.description ?? null, providerId, publication: 'DRAFT' });
}

export async function updateFamily(w: Write, id: number, version: number, patch: Partial<FamilyInput>) {
  const refs = new References(w.tx);
  const { provider, ...rest } = patch;
  const values = patchValues(rest, ['slug', 'name']);
  if (provider) values.providerId = await refs.provider('provider', provider);
  refs.check();
  // A public family stays under a public provider.
  return changeEntity(w, 'ModelFamily', id, version, values, () => requirePublishedParents(w, values));
}

async function modelReferences(refs: References, input: { provider?: string | null; family?: string | null }) {
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

/** A new model, with the cited facts given as draft entries; one bad citation writes nothing. */
export async function createModel(w: Write, input: NewModelInput) {
  const refs = new References(w.tx);
  const references = await modelReferences(refs, input);
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
  const factsDiff = inserted.map(({ id, fact, value, sourceId, locator }) => ({ id, fact, value, sourceId, locator }));
  await w.audit({
    action: 'CREATE',
    entityType: 'Model',
    entityId: row!.id,
    diff: { ...diffRows(null, row!), ...(inserted.length ? { facts: { before: null, after: factsDiff } } : {}) },
  });
  return row!;
}

const requiredModelColumns = ['slug', 'name', 'status', 'licenseName', 'openWeights', 'inputModalities', 'outputModalities', 'strengths', 'weaknesses'];

/** A move of only the provider, or only the family, keeps the model's family one of its provider's. */
async function checkFamilyOfProvider(w: Write, refs: References, id: number, references: Record<string, unknown>) {
  const [current] = await w.tx.select({ providerId: models.providerId, familyId: models.familyId }).from(models).where(eq(models.id, id));
  if (!current) return; // changeEntity answers NotFoundError
  const providerId = Number(references.providerId ?? current.providerId);
  const familyId = 'familyId' in references ? (references.familyId as number | null) : current.familyId;
  if (!familyId || !providerId) return;
  const [family] = await w.tx.select({ providerId: modelFamilies.providerId }).from(modelFamilies).where(eq(modelFamilies.id, familyId));
  if (family && family.providerId !== providerId) refs.add('family', 'The family belongs to another provider.');
}

export async function updateModel(w: Write, id: number, version: number, patch: Partial<ModelInput>) {
  const refs = new References(w.tx);
  const references = await modelReferences(refs, patch);
  // Both given: modelReferences compared them already.
  if ((patch.provider || patch.family !== undefined) && !(patch.provider && patch.family)) await checkFamilyOfProvider(w, refs, id, references);
  refs.check();
  const values = { ...patchValues(modelColumns(patch), requiredModelColumns), ...references };
  // A published model stays under a published provider and family.
  return changeEntity(w, 'Model', id, version, values, () => requirePublishedParents(w, references));
}

/** A benchmark's own paper, cited by global ID: null clears it. */
async function paperSource(refs: References, values: Record<string, unknown>, paperSourceId: string | null | undefined) {
  if (paperSourceId) values.paperSourceId = (await refs.source('paperSourceId', paperSourceId))?.id ?? null;
  else if (paperSourceId === null) values.paperSourceId = null;
}

export async function createBenchmark(w: Write, input: BenchmarkInput) {
  const refs = new References(w.tx);
  const { paperSourceId, ...rest } = input;
  const values: Record<string, unknown> = { ...patchValues(rest, []), publication: 'DRAFT' };
  if (paperSourceId) await paperSource(refs, values, paperSourceId);
  refs.check();
  return createEntry(w, 'Benchmark', values);
}

export async function updateBenchmark(w: Write, id: number, version: number, patch: Partial<BenchmarkInput>) {
  const refs = new References(w.tx);
  const { paperSourceId, ...rest } = patch;
  const values = patchValues(rest, ['slug', 'name', 'category', 'unit', 'scaleMin', 'scaleMax', 'higherIsBetter']);
  await paperSource(refs, values, paperSourceId);
  refs.check();
  return changeEntity(w, 'Benchmark', id, version, values);
}

export const createSource = (w: Write, input: SourceInput) => createEntry(w, 'Source', { ...patchValues(input, []), createdById: w.viewer.id });

export const updateSource = (w: Write, id: number, version: number, patch: Partial<SourceInput>) =>
  changeEntity(w, 'Source', id, version, patchValues(patch, ['url', 'title', 'publisher', 'kind', 'retrievedAt']));

/** A source no number may cite any more; those citing it keep their citation and history. */
export async function retireSource(w: Write, id: number, version: number, reason: string) {
  const current = await lockRow(w.tx, sources, id);
  if (current.retiredAt) throw ValidationError.field('', 'This source is already retired.');
  // Readers see a cited source's retirement: like withdrawing a published number, it takes a reviewer.
  if (!isReviewer(w.viewer) && (await isPublic(w.tx, 'Source', current))) {
    throw new NotAuthorizedError('Verified numbers cite this source: only a reviewer can retire it.');
  }
  return updateEntry(w, 'Source', current, version, { retiredAt: sql`now()`, retirementReason: reason }, 'RETIRE');
}

// Publishing and retiring catalog entries: reviewers decide what the public sees. Publishing makes a
// record's text public, so it takes a second person: not whoever created or edited it as a draft.
// Retiring withdraws (like withdrawing a verified number): a reviewer alone may.

export type PublishableKind = Exclude<RevisableKind, 'Source'>;
const labels: Record<PublishableKind, string> = { Provider: 'provider', ModelFamily: 'family', Model: 'model', Benchmark: 'benchmark' };

/** Refuses publishing what its publisher wrote, or what would show under an unpublished parent. */
async function checkPublishable(w: Write, kind: PublishableKind, row: Record<string, any>) {
  await requireSecondPerson(w.tx, { doing: 'publish', entityType: kind, entityId: Number(row.id), viewerId: w.viewer.id });
  if (kind === 'Model') await requirePublishedParents(w, { providerId: row.providerId, familyId: row.familyId });
  if (kind === 'ModelFamily') await requirePublishedParents(w, { providerId: row.providerId });
}

/** A provider or family with published models (or families) under it is not retired from under them. */
async function checkRetirable(w: Write, kind: PublishableKind, id: number) {
  const children =
    kind === 'Provider'
      ? sql`(select count(*) from models where provider_id = ${id} and ${isPublished(sql`publication`)}) + (select count(*) from model_families where provider_id = ${id} and ${isPublished(sql`publication`)})`
      : kind === 'ModelFamily'
        ? sql`(select count(*) from models where family_id = ${id} and ${isPublished(sql`publication`)})`
        : null;
  if (!children) return;
  const [row] = rowsOf<{ n: number }>(await w.tx.execute(sql`select (${children})::int as n`));
  if (Number(row?.n ?? 0) > 0) {
    throw ValidationError.field('', `Published ${kind === 'Provider' ? 'models or families' : 'models'} belong to it: retire or move them first.`);
  }
}

/** Publishes (PUBLISHED) or withdraws (RETIRED) a provider, family, model or benchmark. Reviewers only. */
export async function setPublication(w: Write, kind: PublishableKind, id: number, version: number, publication: 'PUBLISHED' | 'RETIRED', reason?: string | null) {
  const current = (await lockRow(w.tx, tables[kind], id)) as Record<string, any>;
  if (current.publication === publication) throw new ConflictError(current.version, `This ${labels[kind]} is already ${publication}.`);
  if (publication === 'PUBLISHED') await checkPublishable(w, kind, current);
  if (publication === 'RETIRED') await checkRetirable(w, kind, id);
  const updated = await updateEntry(w, kind, current, version, { publication }, publication === 'PUBLISHED' ? 'PUBLISH' : 'RETIRE', reason);
  if (kind === 'Model') await refreshSimilaritiesAround(w.tx, id);
  return updated;
}
