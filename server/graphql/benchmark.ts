import { sql } from 'drizzle-orm';
import { createBenchmark, updateBenchmark } from '../catalog/entries.ts';
import { benchmarkPatchSchema, benchmarkSchema } from '../catalog/entryInputs.ts';
import { rowIdOf } from '../catalog/ids.ts';
import { expectedVersion, parseInput } from '../catalog/inputs.ts';
import { write } from '../catalog/write.ts';
import { builder } from './builder.ts';
import { writeErrors } from './errors.ts';
import { appliedOrPending, payload, sentForReview, versionArgs } from './payload.ts';
import { entryEditorFields, listedStates, publicationArgDescription, publicationField } from './publication.ts';
import { revisableWriteErrors } from './revision.ts';
import { BenchmarkCategory, BenchmarkUnit, PublicationState } from './enums.ts';
import { isPublishedRow, isVerified, publicModelId, publicSourceCondition } from '../catalog/visibility.ts';

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
      versions: true,
      defaultSetting: true,
      comparableOn: true,
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
            where s.benchmark_id = ${table.id} and ${isVerified(sql`s.status`)} and ${publicModelId(sql`s.model_id`)})`,
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
      return isPublishedRow(benchmark) ? benchmark : null;
    },
  }),
}));

// Editing (server/catalog/entries.ts).

builder.drizzleObjectFields(Benchmark, (t) => entryEditorFields(t));

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

builder.mutationField('createBenchmark', (t) =>
  t.field({
    type: payload('CreateBenchmarkSuccess', 'benchmark', Benchmark),
    description: 'Adds a benchmark (scale, direction, homepage) as a draft.',
    authScopes: { editor: true },
    errors: { types: writeErrors, directResult: true },
    args: { input: t.arg({ type: BenchmarkInput('CreateBenchmarkInput', true), required: true }) },
    resolve: async (_root, args, ctx) => {
      const input = parseInput(benchmarkSchema, args.input);
      return { benchmark: await write(ctx, (w) => createBenchmark(w, input)) };
    },
  }),
);

builder.mutationField('updateBenchmark', (t) =>
  t.field({
    type: payload('UpdateBenchmarkSuccess', 'benchmark', Benchmark),
    description: `Changes a benchmark; its scale cannot shrink below scores already entered. ${sentForReview}`,
    authScopes: { editor: true },
    errors: { types: revisableWriteErrors, directResult: true },
    args: { ...versionArgs(t), patch: t.arg({ type: BenchmarkInput('UpdateBenchmarkInput', false), required: true }) },
    resolve: async (_root, args, ctx) => {
      const { id } = rowIdOf(String(args.id), 'Benchmark');
      const version = parseInput(expectedVersion, args.expectedVersion);
      const patch = parseInput(benchmarkPatchSchema, args.patch);
      return appliedOrPending('benchmark', await write(ctx, (w) => updateBenchmark(w, id, version, patch)));
    },
  }),
);

const benchmark = { type: Benchmark, field: 'benchmark' };
builder.mutationField('publishBenchmark', (t) => publicationField(t, 'Benchmark', { ...benchmark, success: 'PublishBenchmarkSuccess', to: 'PUBLISHED' }));
builder.mutationField('retireBenchmark', (t) => publicationField(t, 'Benchmark', { ...benchmark, success: 'RetireBenchmarkSuccess', to: 'RETIRED' }));
