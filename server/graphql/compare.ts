import { z } from 'zod';
import type { benchmarks as benchmarksTable } from '../../db/schema/index.ts';
import { Benchmark } from './benchmark.ts';
import { builder } from './builder.ts';
import { Model } from './model.ts';
import { Citation, citationOf, type CitationData } from './citation.ts';
import { published } from '../catalog/visibility.ts';
import { claimPublicAsOf, isPublicModelRowAsOf, useAsOf } from '../catalog/asOf.ts';
import { asOfDescription } from './modelValues.ts';

type ModelRow = { id: number; slug: string; name: string };
type BenchmarkRow = typeof benchmarksTable.$inferSelect;

interface ComparisonCell {
  model: ModelRow;
  value: number | null;
  setting: string | null;
  citation: CitationData | null;
}
interface ComparisonRow {
  benchmark: BenchmarkRow;
  cells: ComparisonCell[];
}
interface ComparisonData {
  slugs: string[];
  /** The day compared as of (null: today). */
  day: string | null;
  rows: Promise<ComparisonRow[]>;
  benchmarks: Promise<BenchmarkRow[]>;
}

const ComparisonCellRef = builder.objectRef<ComparisonCell>('ComparisonCell').implement({
  description: "One model's best published score on a benchmark; empty when it has none.",
  fields: (t) => ({
    model: t.field({ type: Model, resolve: (cell) => cell.model as never }),
    value: t.exposeFloat('value', { nullable: true }),
    setting: t.exposeString('setting', { nullable: true }),
    citation: t.field({ type: Citation, nullable: true, resolve: (cell) => cell.citation }),
  }),
});

const ComparisonRowRef = builder.objectRef<ComparisonRow>('ComparisonRow').implement({
  fields: (t) => ({
    benchmark: t.field({ type: Benchmark, resolve: (row) => row.benchmark as never }),
    cells: t.field({ type: [ComparisonCellRef], resolve: (row) => row.cells }),
  }),
});

const Comparison = builder.objectRef<ComparisonData>('Comparison').implement({
  description: 'Several models side by side: their facts, and a row per benchmark any of them has a score on.',
  fields: (t) => ({
    models: t.drizzleField({
      type: [Model],
      description: 'The compared models, in the order asked for (unknown slugs are left out).',
      resolve: async (query, comparison, _args, ctx) => {
        const rows = await ctx.db.query.models.findMany(
          query({ where: { slug: { in: comparison.slugs }, RAW: (model) => isPublicModelRowAsOf(model, comparison.day) } }),
        );
        return comparison.slugs.flatMap((slug) => rows.filter((row) => (row as unknown as { slug: string }).slug === slug));
      },
    }),
    benchmarks: t.field({ type: [Benchmark], resolve: (comparison) => comparison.benchmarks as never }),
    rows: t.field({ type: [ComparisonRowRef], resolve: (comparison) => comparison.rows }),
  }),
});

builder.queryFields((t) => ({
  compare: t.field({
    type: Comparison,
    args: {
      slugs: t.arg.stringList({
        required: true,
        description: 'Model slugs, 2 to 10.',
        validate: z.array(z.string()).min(1).max(10),
      }),
      asOf: t.arg({ type: 'Date', description: asOfDescription }),
    },
    resolve: async (_parent, args, ctx) => {
      const slugs = [...new Set(args.slugs)];
      // As of a past day: models published then, their scores public then (server/catalog/asOf.ts).
      const day = await useAsOf(ctx, args.asOf);
      const scoresPromise = ctx.db.query.models.findMany({
        where: { slug: { in: slugs }, RAW: (model) => isPublicModelRowAsOf(model, day) },
        columns: { id: true, slug: true, name: true },
        with: {
          scores: {
            where: { RAW: (score) => claimPublicAsOf(score, day), benchmark: published },
            with: { benchmark: true, source: true },
          },
        },
      });
      const rows = scoresPromise.then((found) => buildRows(slugs, found));
      return { slugs, day, rows, benchmarks: rows.then((list) => list.map((row) => row.benchmark)) };
    },
  }),
}));

type ScoreWithCitation = Omit<CitationData, 'evidenceSnapshot'> & {
  value: number;
  setting: string;
  benchmark: BenchmarkRow;
};

function buildRows(slugs: string[], found: (ModelRow & { scores: ScoreWithCitation[] })[]): ComparisonRow[] {
  const ordered = slugs.flatMap((slug) => found.filter((model) => model.slug === slug));
  const benchmarks = new Map<number, BenchmarkRow>();
  for (const model of ordered) for (const score of model.scores) benchmarks.set(score.benchmark.id, score.benchmark);
  return [...benchmarks.values()]
    .sort((a, b) => a.name.localeCompare(b.name))
    .map((benchmark) => ({
      benchmark,
      cells: ordered.map((model) => {
        const best = model.scores
          .filter((score) => score.benchmark.id === benchmark.id)
          .sort((a, b) => (benchmark.higherIsBetter ? b.value - a.value : a.value - b.value))[0];
        return {
          model,
          value: best?.value ?? null,
          setting: best?.setting || null,
          citation: best ? citationOf(best) : null,
        };
      }),
    }));
}
