import { sql } from 'drizzle-orm';
import { z } from 'zod';
import { builder } from './builder.ts';
import { listedStates, publicationArgDescription } from './publication.ts';
import { BenchmarkCategory, BenchmarkUnit, PublicationState } from './enums.ts';
import { ModelFilter, publicModelCondition } from './modelFilter.ts';
import { LeaderboardEntry } from './score.ts';
import { publicModelId, publicSourceCondition } from '../catalog/visibility.ts';

export const Benchmark = builder.drizzleNode('benchmarks', {
  name: 'Benchmark',
  description: 'A test models are scored on, with its scale and direction.',
  id: { column: (benchmark) => benchmark.id },
  // Every column, always: rows also come from the in-process benchmark cache, and plain resolvers
  // read them without asking the query planner (a leaderboard page stays one statement).
  select: {
    columns: {
      slug: true,
      name: true,
      category: true,
      description: true,
      unit: true,
      scaleMin: true,
      scaleMax: true,
      higherIsBetter: true,
      homepage: true,
      publication: true,
    },
  },
  fields: (t) => ({
    slug: t.string({ resolve: (benchmark) => benchmark.slug }),
    name: t.string({ resolve: (benchmark) => benchmark.name }),
    category: t.field({ type: BenchmarkCategory, resolve: (benchmark) => benchmark.category }),
    description: t.string({ nullable: true, resolve: (benchmark) => benchmark.description }),
    unit: t.field({ type: BenchmarkUnit, resolve: (benchmark) => benchmark.unit }),
    scaleMin: t.float({ resolve: (benchmark) => benchmark.scaleMin }),
    scaleMax: t.float({ resolve: (benchmark) => benchmark.scaleMax }),
    higherIsBetter: t.boolean({ resolve: (benchmark) => benchmark.higherIsBetter }),
    homepage: t.string({ nullable: true, resolve: (benchmark) => benchmark.homepage }),
    // Public only once a public number cites it, like every source (visibility.ts).
    paperSource: t.relation('paperSource', {
      nullable: true,
      query: (_args, ctx) => (ctx.viewer ? {} : { where: { RAW: (source) => publicSourceCondition(source.id) } }),
    }),
    // An extra rather than t.relatedCount: plugin-drizzle 0.20's relatedCount renders its join
    // condition as a list of chunks on drizzle-orm 1.0.0-rc.5 (a syntax error in PostgreSQL).
    publishedScoreCount: t.int({
      select: {
        extras: {
          publishedScoreCount: (table) => sql<number>`(select count(*)::int from scores s
            where s.benchmark_id = ${table.id} and s.status = 'VERIFIED' and ${publicModelId(sql`s.model_id`)})`,
        },
      },
      resolve: (benchmark) => benchmark.publishedScoreCount,
    }),
  }),
});

builder.queryFields((t) => ({
  benchmarks: t.drizzleField({
    type: ['benchmarks'],
    description: 'Published benchmarks by name.',
    args: { category: t.arg({ type: BenchmarkCategory }), publication: t.arg({ type: [PublicationState], description: publicationArgDescription }) },
    resolve: (query, _parent, args, ctx) =>
      ctx.db.query.benchmarks.findMany(
        query({
          where: { publication: { in: listedStates(ctx, args.publication) }, ...(args.category ? { category: args.category } : {}) },
          orderBy: { name: 'asc', id: 'asc' },
        }),
      ),
  }),
  benchmark: t.field({
    type: Benchmark,
    nullable: true,
    args: { slug: t.arg.string({ required: true }) },
    // Served from the per-process benchmark cache: a leaderboard page costs no extra statement.
    resolve: async (_parent, args, ctx) => {
      const benchmark = await ctx.meta.benchmark(args.slug);
      return benchmark?.publication === 'PUBLISHED' ? benchmark : null;
    },
  }),
  leaderboard: t.drizzleField({
    type: [LeaderboardEntry],
    description:
      'Published scores on a benchmark, best first (ascending when lower is better). Tied values share a rank.',
    args: {
      benchmark: t.arg.string({ required: true, description: 'Benchmark slug.' }),
      first: t.arg.int({ defaultValue: 50, validate: z.number().int().min(1).max(500) }),
      filter: t.arg({ type: ModelFilter }),
      setting: t.arg.string({ description: 'Only scores obtained under this setting.' }),
    },
    resolve: async (query, _parent, args, ctx) => {
      const benchmark = await ctx.meta.benchmark(args.benchmark);
      if (!benchmark || benchmark.publication !== 'PUBLISHED') return [];
      const direction = sql.raw(benchmark.higherIsBetter ? 'desc' : 'asc');
      return ctx.db.query.scores.findMany(
        query({
          where: {
            benchmarkId: benchmark.id,
            status: 'VERIFIED',
            ...(args.setting != null ? { setting: args.setting } : {}),
            model: { RAW: (model) => publicModelCondition(model, args.filter) },
          },
          extras: { rank: (score) => sql<number>`rank() over (order by ${score.value} ${direction})` },
          orderBy: (score) => [sql`${score.value} ${direction}`, score.id],
          limit: args.first ?? 50,
        }),
      );
    },
  }),
}));
