import { resolveOffsetConnection } from '@pothos/plugin-relay';
import { encodeGlobalID } from '@pothos/plugin-relay';
import { and, asc, desc, eq, getTableColumns, sql, type SQL, type SQLWrapper } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import { z } from 'zod';
import { revisableEntities, revisions, revisionStatuses, users } from '../../db/schema/index.ts';
import { rowIdOf } from '../catalog/ids.ts';
import { expectedVersion, parseInput, text } from '../catalog/inputs.ts';
import { approveRevision, rejectRevision, revisable, RevisionPending, type RevisableKind } from '../catalog/revisions.ts';
import { write } from '../catalog/write.ts';
import type { Context } from '../context.ts';
import { builder } from './builder.ts';
import { ErrorInterface, versionedWriteErrors } from './errors.ts';
import { payload } from './payload.ts';

// Pending revisions: changes to public entities waiting for a second person (server/catalog/revisions.ts).

export const RevisionStatus = builder.enumType('RevisionStatus', { values: revisionStatuses });
const RevisableEntity = builder.enumType('RevisableEntity', { values: revisableEntities });

interface FieldChange {
  field: string;
  before: unknown;
  after: unknown;
}

const FieldChangeType = builder.objectRef<FieldChange>('FieldChange').implement({
  description: 'One field of a revision: its value when the change was proposed, and the proposed value.',
  fields: (t) => ({
    field: t.exposeString('field'),
    before: t.field({ type: 'JSON', nullable: true, resolve: (change) => change.before }),
    after: t.field({ type: 'JSON', nullable: true, resolve: (change) => change.after }),
  }),
});

type RevisionRow = typeof revisions.$inferSelect & {
  label: string | null;
  currentVersion: number | null;
  proposedByEmail: string | null;
  reviewedByEmail: string | null;
};

const isReviewerCtx = (ctx: Context) => ctx.viewer?.role === 'REVIEWER' || ctx.viewer?.role === 'ADMIN';

export const Revision = builder.objectRef<RevisionRow>('Revision').implement({
  description:
    'A proposed change to something the public already sees (a published provider, family, model or benchmark, a cited source, the methodology). It applies when a second person approves it.',
  fields: (t) => ({
    id: t.id({ resolve: (row) => encodeGlobalID('Revision', row.id) }),
    entityType: t.field({ type: RevisableEntity, resolve: (row) => row.entityType }),
    entityId: t.id({
      description: 'Global ID of the changed entity (the methodology: its key).',
      resolve: (row) => (row.entityType === 'SiteText' ? row.entityId : encodeGlobalID(row.entityType, row.entityId)),
    }),
    entityLabel: t.string({ nullable: true, description: 'Its name (sources: title), for the queue.', resolve: (row) => row.label }),
    changes: t.field({
      type: [FieldChangeType],
      description: 'Field by field: before (as proposed against) → after.',
      resolve: (row) => Object.entries(row.diff).map(([field, change]) => ({ field, before: change.before, after: change.after })),
    }),
    status: t.field({ type: RevisionStatus, resolve: (row) => row.status }),
    baseVersion: t.exposeInt('baseVersion', { description: 'The version of the entity it was proposed against.' }),
    stale: t.boolean({
      description: 'The entity changed since: approving answers ConflictError; reject it and propose again.',
      resolve: (row) => row.status === 'PENDING' && (row.currentVersion ?? 0) !== row.baseVersion,
    }),
    version: t.exposeInt('version', { description: 'Send it back as expectedVersion to approve or reject.' }),
    proposedBy: t.string({ nullable: true, description: 'Email of who proposed it.', resolve: (row) => row.proposedByEmail }),
    proposedAt: t.field({ type: 'DateTime', resolve: (row) => new Date(row.createdAt) }),
    reviewedBy: t.string({ nullable: true, description: 'Email of who approved or rejected it.', resolve: (row) => row.reviewedByEmail }),
    reviewedAt: t.field({ type: 'DateTime', nullable: true, resolve: (row) => (row.reviewedAt ? new Date(row.reviewedAt) : null) }),
    rejectionReason: t.exposeString('rejectionReason', { nullable: true }),
    canApprove: t.boolean({
      description: 'Whether you may approve it: you are a reviewer, it is pending, and you did not propose it.',
      resolve: (row, _args, ctx) => isReviewerCtx(ctx) && row.status === 'PENDING' && row.proposedById !== ctx.viewer?.id,
    }),
  }),
});

builder.objectType(RevisionPending, {
  name: 'RevisionPending',
  description:
    'The record is public, so the change was not applied: it waits as a pending revision for a second person to approve. Nothing public changed yet.',
  interfaces: [ErrorInterface],
  isTypeOf: (value) => value instanceof RevisionPending,
  fields: (t) => ({
    revision: t.field({ type: Revision, resolve: async (pending, _args, ctx) => (await loadRevisions(ctx, eq(revisions.id, pending.revision.id), 1, 0))[0]! }),
  }),
});

/** Error types of an update that may answer "sent for review". */
export const revisableWriteErrors = [...versionedWriteErrors, RevisionPending];

const proposer = alias(users, 'proposer');
const reviewer = alias(users, 'reviewer');
/** One value of each revision's entity, picked from its table (the methodology: `otherwise`). */
const ofEntity = (pick: (table: (typeof revisable)[RevisableKind]['table']) => SQLWrapper, otherwise: SQL) =>
  sql`case ${revisions.entityType} ${sql.join(
    Object.entries(revisable).map(([kind, { table }]) => sql`when ${kind} then (select ${pick(table)} from ${table} where ${table.id}::text = ${revisions.entityId})`),
    sql` `,
  )} else ${otherwise} end`;
const label = ofEntity((table) => ('title' in table ? table.title : table.name), sql`${revisions.entityId}`) as SQL<string | null>;
const currentVersion = ofEntity((table) => table.version, sql`coalesce((select version from site_texts where key = ${revisions.entityId}), 0)`) as SQL<number | null>;

/** Revisions with their entity's name and version and the people's emails, in one statement. */
async function loadRevisions(ctx: Context, where: SQL | undefined, limit: number, offset: number, newestFirst = false): Promise<RevisionRow[]> {
  const rows = await ctx.db
    .select({
      ...getTableColumns(revisions),
      label,
      currentVersion,
      proposedByEmail: proposer.email,
      reviewedByEmail: reviewer.email,
    })
    .from(revisions)
    .leftJoin(proposer, eq(proposer.id, revisions.proposedById))
    .leftJoin(reviewer, eq(reviewer.id, revisions.reviewedById))
    .where(where)
    .orderBy(newestFirst ? desc(revisions.id) : asc(revisions.id))
    .limit(limit)
    .offset(offset);
  return rows.map((row) => ({ ...row, currentVersion: row.currentVersion == null ? null : Number(row.currentVersion) })) as RevisionRow[];
}

const totalCountField = {
  fields: (tc: any) => ({ totalCount: tc.int({ resolve: (connection: { totalCount: number }) => connection.totalCount }) }),
};

builder.queryFields((t) => ({
  revisions: t.connection(
    {
      type: Revision,
      description: 'Proposed changes to public records: pending ones oldest first (the review queue), others newest first. Signed-in editors.',
      authScopes: { editor: true },
      args: {
        status: t.arg({ type: RevisionStatus, description: 'Default PENDING.' }),
        entityId: t.arg.id({ description: 'Revisions of one entity (its global ID).' }),
      },
      resolve: async (_root, args, ctx) => {
        const status = args.status ?? 'PENDING';
        const conditions: SQL[] = [eq(revisions.status, status)];
        if (args.entityId != null) {
          const { typename, id } = rowIdOf(String(args.entityId), 'Provider', 'ModelFamily', 'Model', 'Benchmark', 'Source');
          conditions.push(eq(revisions.entityType, typename as never), eq(revisions.entityId, String(id)));
        }
        const where = and(...conditions);
        const newestFirst = status !== 'PENDING';
        const [connection, totalCount] = await Promise.all([
          resolveOffsetConnection({ args, defaultSize: 20, maxSize: 100 }, ({ limit, offset }) => loadRevisions(ctx, where, limit, offset, newestFirst)),
          ctx.db.$count(revisions, where),
        ]);
        return { ...connection, totalCount };
      },
    },
    totalCountField as never,
  ),
}));

const reason = text(2000);

builder.mutationFields((t) => ({
  approveRevision: t.field({
    type: payload('ApproveRevisionSuccess', 'revision', Revision),
    description:
      'A second person approves a pending change to a public record: it applies if the record has not changed since it was proposed (else ConflictError). Nobody approves their own.',
    authScopes: { reviewer: true },
    errors: { types: versionedWriteErrors, directResult: true },
    args: { id: t.arg.id({ required: true }), expectedVersion: t.arg.int({ required: true, description: "The revision's version you looked at." }) },
    resolve: async (_root, args, ctx) => {
      const { id } = rowIdOf(String(args.id), 'Revision');
      const version = parseInput(expectedVersion, args.expectedVersion);
      await write(ctx, (w) => approveRevision(w, id, version));
      return { revision: (await loadRevisions(ctx, eq(revisions.id, id), 1, 0))[0] };
    },
  }),
  rejectRevision: t.field({
    type: payload('RejectRevisionSuccess', 'revision', Revision),
    description: 'A reviewer turns a pending change down, saying why (its proposer may withdraw it the same way). Nothing public changes.',
    authScopes: { editor: true },
    errors: { types: versionedWriteErrors, directResult: true },
    args: {
      id: t.arg.id({ required: true }),
      reason: t.arg.string({ required: true }),
      expectedVersion: t.arg.int({ required: true, description: "The revision's version you looked at." }),
    },
    resolve: async (_root, args, ctx) => {
      const { id } = rowIdOf(String(args.id), 'Revision');
      const input = parseInput(z.object({ reason, expectedVersion }), args);
      await write(ctx, (w) => rejectRevision(w, id, input.reason, input.expectedVersion));
      return { revision: (await loadRevisions(ctx, eq(revisions.id, id), 1, 0))[0] };
    },
  }),
}));
