import { GraphQLError } from 'graphql';
import { z } from 'zod';
import { changeKinds, type ChangeKind } from '../../db/schema/index.ts';
import { readChanges, summaryOf, type ChangeRow } from '../changes/log.ts';
import type { Context } from '../context.ts';
import { Benchmark } from './benchmark.ts';
import { builder } from './builder.ts';
import { modelCitations } from '../digest/candidates.ts';
import { Citation, citationOf } from './citation.ts';
import { Model } from './model.ts';

// The public change log (server/changes/log.ts): `changes` to page through it newest first, and the
// `catalogChanged` subscription (Server-Sent Events) for what is published from now on.

export const ChangeKindEnum = builder.enumType('ChangeKind', { values: changeKinds });

/** Rows a request's resolvers ask for in the same tick, read together (one statement per table). */
export function batched<T>(ctx: Context, name: string, load: (ids: number[]) => Promise<Map<number, T>>) {
  const key = `${name}Batches`;
  const store = ctx as unknown as Record<string, { ids: Set<number>; rows: Promise<Map<number, T>> } | undefined>;
  return async (id: number): Promise<T | null> => {
    let batch = store[key];
    if (!batch) {
      const ids = new Set<number>();
      const rows = Promise.resolve().then(() => {
        store[key] = undefined;
        return load([...ids]);
      });
      batch = { ids, rows };
      store[key] = batch;
    }
    batch.ids.add(id);
    return (await batch.rows).get(id) ?? null;
  };
}

const claimTables = { Score: 'scores', Price: 'prices', ModelFact: 'modelFacts' } as const;

export async function claimWithSource(ctx: Context, kind: keyof typeof claimTables, id: number) {
  return batched(ctx, `change${kind}`, async (ids) => {
    const rows = await (ctx.db.query[claimTables[kind]] as unknown as { findMany: (q: object) => Promise<{ id: number }[]> }).findMany({
      where: { id: { in: ids } },
      with: { source: true },
    });
    return new Map(rows.map((row) => [row.id, row]));
  })(id);
}

/**
 * A model as the public may read it through a change or a digest item: only while it is public (a
 * retired model's page is gone, and numbers verified after it left were never public).
 */
export const publicModel = (ctx: Context, id: number) =>
  batched(ctx, 'publicModel', async (ids) => {
    const rows = await ctx.db.query.models.findMany({ where: { id: { in: ids }, publication: 'PUBLISHED' }, with: { provider: true } });
    return new Map(rows.filter((model) => model.provider?.publication === 'PUBLISHED').map(({ provider: _provider, ...model }) => [model.id, model]));
  })(id) as never;

export const Change = builder.objectRef<ChangeRow>('Change').implement({
  description: 'A change of what the public sees: a model published or retired, a number published or replaced, a leaderboard move.',
  fields: (t) => ({
    id: t.id({ resolve: (row) => Buffer.from(`Change:${row.id}`).toString('base64') }),
    kind: t.field({ type: ChangeKindEnum, resolve: (row) => row.kind }),
    at: t.field({ type: 'DateTime', resolve: (row) => new Date(row.at) }),
    summary: t.string({
      description: 'The change in one line, e.g. "o4-mini input price $1.10 → $0.90 (−18%), OpenAI pricing page, 2026-12-04".',
      resolve: (row) => summaryOf(row),
    }),
    value: t.string({ nullable: true, description: 'The new value as text (a number, a date; a rank for LEADERBOARD_MOVE).', resolve: (row) => row.value }),
    previousValue: t.string({ nullable: true, description: 'The value it replaced (null when new).', resolve: (row) => row.previousValue }),
    model: t.field({
      type: Model,
      nullable: true,
      description: 'The model, while it is public (null once retired: the summary still names it).',
      resolve: (row, _args, ctx) => publicModel(ctx, row.modelId),
    }),
    benchmark: t.field({
      type: Benchmark,
      nullable: true,
      resolve: (row, _args, ctx) =>
        row.benchmarkId === null
          ? null
          : (batched(ctx, 'changeBenchmark', async (ids) => {
              const rows = await ctx.db.query.benchmarks.findMany({ where: { id: { in: ids } } });
              return new Map(rows.map((benchmark) => [benchmark.id, benchmark]));
            })(row.benchmarkId) as never),
    }),
    citation: t.field({
      type: Citation,
      nullable: true,
      description:
        'The citation of the number it publishes; for a model published, one of its verified numbers (its release date first); null for a model retired, or published with no verified number yet.',
      resolve: async (row, _args, ctx) => {
        let cited = row.claimKind && row.claimId !== null ? { kind: row.claimKind, id: row.claimId } : null;
        if (!cited && row.kind === 'MODEL_PUBLISHED') {
          const launch = await batched(ctx, 'launchCitation', (ids) => modelCitations(ctx.db, ids))(row.modelId);
          cited = launch ? { kind: launch.claimKind, id: launch.claimId } : null;
        }
        if (!cited) return null;
        const claim = await claimWithSource(ctx, cited.kind, cited.id);
        return claim ? citationOf(claim as never) : null;
      },
    }),
  }),
});

const cursorOf = (id: number) => Buffer.from(`Change:${id}`).toString('base64');
function idOfCursor(cursor: string): number {
  const match = /^Change:(\d{1,15})$/.exec(Buffer.from(cursor, 'base64').toString('utf8'));
  if (!match) throw new GraphQLError('after: This cursor is not one this list gave out.', { extensions: { code: 'BAD_USER_INPUT' } });
  return Number(match[1]);
}

const ChangeEdge = builder.objectRef<ChangeRow>('ChangeEdge').implement({
  fields: (t) => ({
    cursor: t.string({ resolve: (row) => cursorOf(row.id) }),
    node: t.field({ type: Change, resolve: (row) => row }),
  }),
});

const ChangePageInfo = builder.objectRef<{ hasNextPage: boolean; endCursor: string | null }>('ChangePageInfo').implement({
  fields: (t) => ({
    hasNextPage: t.exposeBoolean('hasNextPage'),
    endCursor: t.exposeString('endCursor', { nullable: true }),
  }),
});

const ChangeConnection = builder.objectRef<{ rows: ChangeRow[]; hasNextPage: boolean }>('ChangeConnection').implement({
  fields: (t) => ({
    edges: t.field({ type: [ChangeEdge], resolve: (page) => page.rows }),
    pageInfo: t.field({
      type: ChangePageInfo,
      resolve: (page) => ({ hasNextPage: page.hasNextPage, endCursor: page.rows.length ? cursorOf(page.rows[page.rows.length - 1]!.id) : null }),
    }),
  }),
});

builder.queryField('changes', (t) =>
  t.field({
    type: ChangeConnection,
    description:
      'Every public change, newest first: models published or retired, numbers published or replaced (with their citation), leaderboard moves. `since` keeps those at or after a time; `after` pages on.',
    args: {
      first: t.arg.int({ defaultValue: 20, validate: z.number().int().min(1).max(100) }),
      after: t.arg.string(),
      since: t.arg({
        type: 'DateTime',
        validate: z.date().min(new Date('1900-01-01T00:00:00Z'), 'since: from 1900 on.').max(new Date('2200-01-01T00:00:00Z'), 'since: before 2200.'),
      }),
      kinds: t.arg({ type: [ChangeKindEnum], validate: z.array(z.enum(changeKinds)).max(changeKinds.length) }),
      model: t.arg.string({ description: 'Only changes of this model (slug).', validate: z.string().max(200) }),
    },
    resolve: async (_root, args, ctx) => {
      const first = args.first ?? 20;
      const rows = await readChanges(
        ctx.db,
        { before: args.after ? idOfCursor(args.after) : null, since: args.since ?? null, kinds: (args.kinds as ChangeKind[] | null) ?? null, modelSlug: args.model ?? null },
        first + 1,
      );
      return { rows: rows.slice(0, first), hasNextPage: rows.length > first };
    },
  }),
);

builder.subscriptionType({});

builder.subscriptionField('catalogChanged', (t) =>
  t.field({
    type: Change,
    description:
      'Public changes as they are published, from any instance (GraphQL over Server-Sent Events). At most 10 subscriptions per client address and 1,000 per server; a subscriber that falls more than 256 changes behind is ended; catch up with changes(since:).',
    args: { kinds: t.arg({ type: [ChangeKindEnum], validate: z.array(z.enum(changeKinds)).max(changeKinds.length) }) },
    subscribe: (_root, args, ctx) => {
      try {
        return ctx.changes.subscribe((args.kinds as ChangeKind[] | null) ?? null, ctx.auth.ip) as AsyncIterableIterator<ChangeRow>;
      } catch (error) {
        throw new GraphQLError((error as Error).message, { extensions: { code: 'TOO_MANY_SUBSCRIPTIONS' } });
      }
    },
    resolve: (row: ChangeRow) => row,
  }),
);
