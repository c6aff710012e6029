import type { DataProvider, GetListParams, GetListResult, GetManyReferenceParams, Identifier, RaRecord } from 'react-admin';

/** What one resource knows how to do against the GraphQL API; missing methods are refused clearly. */
export interface ResourceHandler {
  getList?(params: GetListParams): Promise<GetListResult>;
  getOne?(id: Identifier): Promise<RaRecord | null>;
  getMany?(ids: Identifier[]): Promise<RaRecord[]>;
  getManyReference?(params: GetManyReferenceParams): Promise<GetListResult>;
  create?(data: Record<string, any>): Promise<RaRecord>;
  update?(id: Identifier, data: Record<string, any>, previousData: RaRecord): Promise<RaRecord>;
  delete?(id: Identifier, previousData?: RaRecord): Promise<RaRecord>;
  /** Four-eyes workflow of sourced numbers; `record` carries the version the person saw. */
  verify?(id: Identifier, record?: RaRecord, evidenceOverride?: string): Promise<RaRecord>;
  reject?(id: Identifier, record: RaRecord | undefined, reason: string): Promise<RaRecord>;
  submitForReview?(id: Identifier, record?: RaRecord): Promise<RaRecord>;
  /** Publication of catalog records (reviewers), and retiring records or numbers (kept in history). */
  publish?(id: Identifier, record: RaRecord): Promise<RaRecord>;
  retire?(id: Identifier, record: RaRecord, reason?: string): Promise<RaRecord>;
}

export interface ChartPoint {
  model: string;
  slug: string;
  score: number;
  outputPrice: number;
}

export interface ChartBenchmark {
  slug: string;
  name: string;
  scaleMin: number;
  scaleMax: number;
  publishedScoreCount: number;
}

export interface DashboardCounts {
  models?: number;
  publishedScores?: number;
  pendingReviews?: number;
  deadLinks?: number;
  disagreements?: number;
}

/** react-admin's data provider plus the workflow and dashboard calls the app makes. */
export interface SourcedDataProvider extends DataProvider {
  /** `evidenceOverride`: why a number is right though its evidence (NOT_FOUND, PAGE_CHANGED, UNCHECKABLE, UNREACHABLE) does not confirm it. */
  verify(resource: string, record: RaRecord, evidenceOverride?: string): Promise<RaRecord>;
  reject(resource: string, record: RaRecord, reason: string): Promise<RaRecord>;
  submitForReview(resource: string, record: RaRecord): Promise<RaRecord>;
  publish(resource: string, record: RaRecord): Promise<RaRecord>;
  retire(resource: string, record: RaRecord, reason?: string): Promise<RaRecord>;
  proposeFact(modelId: Identifier, fact: string, values: { value: string; citation: Record<string, unknown> }): Promise<RaRecord>;
  dashboardCounts(): Promise<DashboardCounts>;
  chartBenchmarks(): Promise<ChartBenchmark[]>;
  scoreVsPrice(benchmark: string): Promise<ChartPoint[]>;
}
