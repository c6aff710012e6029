import { sql, type SQL, type SQLWrapper } from 'drizzle-orm';
import { rowsOf } from '../../db/client.ts';
import { isRowId } from './ids.ts';
import type { Context } from '../context.ts';

/**
 * The public rule, in one place. Every path to a row (lists, node and nodes, nested fields, filters,
 * orderBy, counts) asks these conditions, so a thing hidden on one path is hidden on all of them:
 * - a provider or benchmark is public when PUBLISHED;
 * - a model or family when PUBLISHED and its provider is public (a published model of a draft or
 *   retired provider would otherwise show that provider through `Model.provider`);
 * - a score when VERIFIED, of a public model, on a public benchmark;
 * - a price or model fact when VERIFIED, of a public model;
 * - a source when a public number cites it.
 * Signed-in editors see every row of the catalog; they are not subject to these conditions.
 */
type Column = SQLWrapper | SQL;

// The two states the rule is made of, written once. In SQL they are literals (not parameters) so a
// partial index on them can serve the statement's generic plan (db/client.ts).
/** A number (score, price, fact) is public only in this state. */
export const isVerified = (status: Column) => sql`${status} = 'VERIFIED'`;
/** A provider, family, model or benchmark is public only in this state. */
export const isPublished = (publication: Column) => sql`${publication} = 'PUBLISHED'`;
/** The same two states as Drizzle relational filters (`where: verified`) and as a check on a loaded row. */
export const verified = { status: 'VERIFIED' } as const;
export const published = { publication: 'PUBLISHED' } as const;
export const isPublishedRow = (row: { publication: string } | null | undefined) => row?.publication === 'PUBLISHED';
/** A model's public scores, under a model already known to be public: verified, on a published benchmark. */
export const publicScoresOfModel = { ...verified, benchmark: published } as const;

export const publicProviderId = (providerId: Column) =>
  sql`exists (select 1 from providers vp where vp.id = ${providerId} and ${isPublished(sql`vp.publication`)})`;

export const publicBenchmarkId = (benchmarkId: Column) =>
  sql`exists (select 1 from benchmarks vb where vb.id = ${benchmarkId} and ${isPublished(sql`vb.publication`)})`;

/** A model or family row (any alias): published, of a public provider. */
export const isPublicModelRow = (row: { publication: Column; providerId: Column }) =>
  sql`(${isPublished(row.publication)} and ${publicProviderId(row.providerId)})`;
export const isPublicFamilyRow = isPublicModelRow;

export const publicModelId = (modelId: Column) =>
  sql`exists (select 1 from models vm join providers vmp on vmp.id = vm.provider_id
    where vm.id = ${modelId} and ${isPublished(sql`vm.publication`)} and ${isPublished(sql`vmp.publication`)})`;

export const isPublicScoreRow = (row: { status: Column; modelId: Column; benchmarkId: Column }) =>
  sql`(${isVerified(row.status)} and ${publicModelId(row.modelId)} and ${publicBenchmarkId(row.benchmarkId)})`;

/** A price or model fact row: verified, of a public model. */
export const isPublicClaimRow = (row: { status: Column; modelId: Column }) => sql`(${isVerified(row.status)} and ${publicModelId(row.modelId)})`;

const claimColumns = { status: sql`c.status`, modelId: sql`c.model_id`, benchmarkId: sql`c.benchmark_id` };

/** A source is public once a public number cites it. */
export const publicSourceCondition = (sourceId: Column) => sql`(
  exists (select 1 from scores c where c.source_id = ${sourceId} and ${isPublicScoreRow(claimColumns)})
  or exists (select 1 from prices c where c.source_id = ${sourceId} and ${isPublicClaimRow(claimColumns)})
  or exists (select 1 from model_facts c where c.source_id = ${sourceId} and ${isPublicClaimRow(claimColumns)}))`;

/** Public numbers citing a source: what anonymous readers are told a source's citation count is. */
export const publicCitationCount = (sourceId: Column) => sql<number>`(
  (select count(*) from scores c where c.source_id = ${sourceId} and ${isPublicScoreRow(claimColumns)})
  + (select count(*) from prices c where c.source_id = ${sourceId} and ${isPublicClaimRow(claimColumns)})
  + (select count(*) from model_facts c where c.source_id = ${sourceId} and ${isPublicClaimRow(claimColumns)}))::int`;

const rowColumns = { publication: sql`t.publication`, providerId: sql`t.provider_id`, status: sql`t.status`, modelId: sql`t.model_id`, benchmarkId: sql`t.benchmark_id` };

// The node types reachable by global ID: their table, and what an anonymous reader may see of it.
// A Map, so a type name like `constructor` or `__proto__` finds nothing.
const nodeTables = new Map<string, { table: string; bigint?: true; public?: SQL }>([
  ['Model', { table: 'models', public: isPublicModelRow(rowColumns) }],
  ['Provider', { table: 'providers', public: isPublished(sql`t.publication`) }],
  ['ModelFamily', { table: 'model_families', public: isPublicFamilyRow(rowColumns) }],
  ['Benchmark', { table: 'benchmarks', public: isPublished(sql`t.publication`) }],
  ['Score', { table: 'scores', public: isPublicScoreRow(rowColumns) }],
  ['Price', { table: 'prices', public: isPublicClaimRow(rowColumns) }],
  // Model facts are read on Model by the public; as entries they are the editors'.
  ['ModelFact', { table: 'model_facts' }],
  ['Source', { table: 'sources', public: publicSourceCondition(sql`t.id`) }],
  ['User', { table: 'users' }],
  ['AuditEvent', { table: 'audit_events', bigint: true }],
]);

/** What the viewer may fetch of a node type by global ID; null when nothing. */
function visibleCondition(ctx: Context, typename: string): SQL | null {
  const node = nodeTables.get(typename);
  if (!node) return null;
  const viewer = ctx.viewer;
  if (!viewer) return node.public ?? null;
  // Accounts are listed to admins only (`users`); anyone else reaches only their own.
  if (typename === 'User') return viewer.role === 'ADMIN' ? sql`true` : sql`t.id = ${viewer.id}`;
  // The audit trail is for reviewers and admins (the AuditEvent type checks that again).
  if (typename === 'AuditEvent') return viewer.role === 'EDITOR' ? null : sql`true`;
  return sql`true`;
}

/**
 * Which of these global IDs the viewer may fetch, in order: one statement per node type, whatever
 * the number of ids. Unknown types and malformed ids never are.
 */
export async function visibleNodes(ctx: Context, refs: readonly { typename: string; id: string }[]): Promise<boolean[]> {
  const byType = new Map<string, number[]>();
  const keys = refs.map((ref) => {
    const node = nodeTables.get(ref.typename);
    const id = Number(ref.id);
    // Audit events have bigint ids; every other row an integer id. "1.0" and " 1" are not ids.
    const wellFormed = /^[1-9]\d{0,15}$/.test(ref.id) && (node?.bigint ? Number.isSafeInteger(id) : isRowId(id));
    if (!node || !wellFormed) return null;
    const ids = byType.get(ref.typename) ?? [];
    if (!ids.includes(id)) ids.push(id);
    byType.set(ref.typename, ids);
    return `${ref.typename}:${id}`;
  });
  const shown = new Set<string>();
  await Promise.all(
    [...byType].map(async ([typename, ids]) => {
      const condition = visibleCondition(ctx, typename);
      if (!condition) return;
      const table = sql.raw(nodeTables.get(typename)!.table);
      const rows = rowsOf<{ id: number | string }>(
        await ctx.db.execute(sql`select t.id from ${table} t where t.id in ${ids} and ${condition}`),
      );
      for (const row of rows) shown.add(`${typename}:${Number(row.id)}`);
    }),
  );
  return keys.map((key) => key !== null && shown.has(key));
}
