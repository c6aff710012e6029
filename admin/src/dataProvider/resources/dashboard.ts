import { fetchMe } from '../../authProvider';
import { ChartBenchmarks, EditorDashboardCounts, ReviewerDashboardCounts, ScoreVsPrice } from '../documents';
import { graphql } from '../graphqlClient';
import type { ChartBenchmark, ChartPoint, DashboardCounts } from '../types';

/** The counts on the dashboard; those an editor may not read (the review queue) come from their own entries. */
export async function dashboardCounts(): Promise<DashboardCounts> {
  const me = await fetchMe();
  const reviewer = me?.role === 'REVIEWER' || me?.role === 'ADMIN';
  const data = await graphql<any>(reviewer ? ReviewerDashboardCounts : EditorDashboardCounts);
  return {
    models: data.models.totalCount,
    publishedScores: data.benchmarks.reduce((sum: number, b: { publishedScoreCount: number }) => sum + b.publishedScoreCount, 0),
    deadLinks: data.deadLinks.totalCount,
    pendingReviews: reviewer ? data.reviewQueue.totalCount : data.myEntries.totalCount,
    disagreements: reviewer ? data.disagreements.totalCount : undefined,
  };
}

/** Benchmarks worth plotting: those with published scores, the most scored first. */
export async function chartBenchmarks(): Promise<ChartBenchmark[]> {
  const data = await graphql<{ benchmarks: ChartBenchmark[] }>(ChartBenchmarks);
  return data.benchmarks.filter((b) => b.publishedScoreCount >= 2).sort((a, b) => b.publishedScoreCount - a.publishedScoreCount);
}

/** Each model's published score on the benchmark against its current base-tier output price. */
export async function scoreVsPrice(benchmark: string): Promise<ChartPoint[]> {
  const data = await graphql<{ leaderboard: { value: number; model: { name: string; slug: string; prices: { kind: string; tierMinTokens: number; usdPerMillionTokens: number }[] } }[] }>(
    ScoreVsPrice,
    { benchmark },
  );
  const points: ChartPoint[] = [];
  for (const entry of data.leaderboard) {
    const output = entry.model.prices.find((p) => p.kind === 'OUTPUT' && p.tierMinTokens === 0);
    if (output && output.usdPerMillionTokens > 0) {
      points.push({ model: entry.model.name, slug: entry.model.slug, score: entry.value, outputPrice: output.usdPerMillionTokens });
    }
  }
  return points;
}
