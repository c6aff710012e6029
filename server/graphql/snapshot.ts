import { GraphQLError } from 'graphql';
import { resolveOffsetConnection } from '@pothos/plugin-relay';
import { count, desc, eq, inArray } from 'drizzle-orm';
import { sourceSnapshots } from '../../db/schema/index.ts';
import { rowIdOf } from '../catalog/ids.ts';
import type { Context } from '../context.ts';
import { SourceMovedError, UnknownSourceError } from '../evidence/capture.ts';
import { capturesOfCurrentUrl } from '../evidence/evaluate.ts';
import { NotFoundError, ValidationError } from '../errors.ts';
import { builder } from './builder.ts';
import { EvidenceStatus } from './enums.ts';
import { ErrorInterface, writeErrors } from './errors.ts';
import { Source } from './source.ts';

type SnapshotRow = typeof sourceSnapshots.$inferSelect;

const instant = (value: string) => new Date(value);

export const SourceSnapshot = builder.objectRef<SnapshotRow>('SourceSnapshot').implement({
  description: 'One capture of a source: what its page answered when fetched (immutable).',
  fields: (t) => ({
    sha256: t.string({ nullable: true, description: "SHA-256 of the body as received (null when the fetch failed).", resolve: (row) => row.sha256 }),
    fetchedAt: t.field({ type: 'DateTime', resolve: (row) => instant(row.fetchedAt) }),
    url: t.exposeString('url', { description: 'Where the body came from, after redirects.' }),
    httpStatus: t.exposeInt('httpStatus', { nullable: true }),
    contentType: t.exposeString('contentType', { nullable: true }),
    error: t.exposeString('error', { nullable: true, description: 'Why the capture failed (TIMEOUT, TOO_LARGE, REFUSED_ADDRESS, HTTP_ERROR …).' }),
    errorReason: t.exposeString('errorReason', { nullable: true }),
  }),
});

/** Snapshot ids asked for by one request's resolvers in the same tick, read together. */
const snapshotBatches = new WeakMap<Context, { ids: Set<number>; rows: Promise<Map<number, SnapshotRow>> }>();

/**
 * A claim's evidence snapshot, read only when `evidence { snapshot }` is asked for (the model page
 * does not ask: its one statement joins nothing for it). Every snapshot a request's list asks for in
 * one tick comes from one statement, not one per row.
 */
export async function snapshotById(ctx: Context, id: number | null): Promise<SnapshotRow | null> {
  if (id === null) return null;
  let batch = snapshotBatches.get(ctx);
  if (!batch) {
    const ids = new Set<number>();
    const rows = Promise.resolve().then(async () => {
      snapshotBatches.delete(ctx);
      const found = await ctx.db.select().from(sourceSnapshots).where(inArray(sourceSnapshots.id, [...ids]));
      return new Map(found.map((row) => [row.id, row]));
    });
    batch = { ids, rows };
    snapshotBatches.set(ctx, batch);
  }
  batch.ids.add(id);
  return (await batch.rows).get(id) ?? null;
}

builder.drizzleObjectFields(Source, (t) => ({
  snapshots: t.connection(
    {
      type: SourceSnapshot,
      description: 'Captures of the page, newest first.',
      select: { columns: { id: true } },
      resolve: async (source, args, ctx) => {
        for (const cursor of [args.after, args.before]) {
          if (cursor != null && !/^OffsetConnection:\d{1,9}$/.test(Buffer.from(cursor, 'base64').toString('utf8'))) {
            throw ValidationError.field(cursor === args.after ? 'after' : 'before', 'This cursor is not one this list gave out.');
          }
        }
        // Readers see the captures of the address the source has now; an earlier one (corrected
        // before it was public) is the editors' history.
        const where = ctx.viewer ? eq(sourceSnapshots.sourceId, source.id) : capturesOfCurrentUrl(source.id);
        const [connection, [total]] = await Promise.all([
          resolveOffsetConnection({ args, defaultSize: 10, maxSize: 100 }, ({ limit, offset }) =>
            ctx.db.select().from(sourceSnapshots).where(where).orderBy(desc(sourceSnapshots.id)).limit(limit).offset(offset),
          ),
          ctx.db.select({ n: count() }).from(sourceSnapshots).where(where),
        ]);
        return { ...connection, totalCount: Number(total?.n ?? 0) };
      },
    },
    { fields: (tc) => ({ totalCount: tc.int({ resolve: (connection) => (connection as unknown as { totalCount: number }).totalCount }) }) },
  ),
}));

const EvidenceCount = builder.objectRef<{ status: string; count: number }>('EvidenceCount').implement({
  fields: (t) => ({
    status: t.field({ type: EvidenceStatus, resolve: (row) => row.status as never }),
    count: t.exposeInt('count'),
  }),
});

const CaptureSourceSuccess = builder.objectRef<{ snapshot: SnapshotRow; changed: boolean; evidence: Record<string, number>; sourceId: number }>('CaptureSourceSuccess').implement({
  fields: (t) => ({
    snapshot: t.field({ type: SourceSnapshot, resolve: (result) => result.snapshot }),
    changed: t.exposeBoolean('changed', { description: 'False when the page was the same as at the last capture (its numbers are confirmed again).' }),
    evidence: t.field({
      type: [EvidenceCount],
      description: 'How the live numbers citing the source came out of the check.',
      resolve: (result) => Object.entries(result.evidence).map(([status, count]) => ({ status, count })),
    }),
  }),
});

/** The page is still being fetched when the request must answer; the capture is recorded when it arrives. */
export class CaptureInProgressError extends GraphQLError {
  constructor() {
    super("The page is still being fetched (it is slow or large); its capture will be recorded when it arrives: see the source's snapshots.");
  }
}

builder.objectType(CaptureInProgressError, {
  name: 'CaptureInProgressError',
  interfaces: [ErrorInterface],
  isTypeOf: (value) => value instanceof CaptureInProgressError,
});

builder.mutationField('captureSource', (t) =>
  t.field({
    type: CaptureSourceSuccess,
    description:
      "Captures the source's page now (it is also captured when the source is created) and checks every live number citing it against what it says. Only public addresses are fetched; a slow page answers CaptureInProgressError and is recorded when it arrives. Audited.",
    authScopes: { editor: true },
    errors: { types: [...writeErrors, CaptureInProgressError], directResult: true },
    args: { id: t.arg.id({ required: true }) },
    resolve: async (_root, args, ctx) => {
      const { id } = rowIdOf(String(args.id), 'Source');
      const job = ctx.captures.capture(id, { actorId: ctx.viewer!.id, requestId: ctx.requestId });
      let timer: NodeJS.Timeout | undefined;
      const waited = new Promise<null>((resolve) => {
        timer = setTimeout(() => resolve(null), ctx.captureWaitMs);
      });
      try {
        const outcome = await Promise.race([job, waited]);
        if (!outcome) throw new CaptureInProgressError();
        return { ...outcome, sourceId: id };
      } catch (error) {
        if (error instanceof UnknownSourceError) throw new NotFoundError('No source has this id.');
        if (error instanceof SourceMovedError) throw ValidationError.field('id', error.message);
        throw error;
      } finally {
        clearTimeout(timer);
      }
    },
  }),
);
