// The audit trail and the dashboard.

/** The trail, newest first, with no total (react-admin pages it with next/previous only). */
export const AuditTrail = /* GraphQL */ `
query AuditTrail($first: Int, $after: String, $entityId: ID, $actorId: ID, $action: String, $entityType: String, $actorEmail: String, $actions: [String!]) {
  auditEvents(first: $first, after: $after, entityId: $entityId, actorId: $actorId, action: $action, entityType: $entityType, actorEmail: $actorEmail, actions: $actions) {
    pageInfo { hasNextPage endCursor } edges { node { id at action entityType entityId diff requestId actor { id email } } }
  }
}`;

export const AuditTrailCursors = /* GraphQL */ `
query AuditTrailCursors($first: Int, $after: String, $entityId: ID, $actorId: ID, $action: String, $entityType: String, $actorEmail: String, $actions: [String!]) {
  auditEvents(first: $first, after: $after, entityId: $entityId, actorId: $actorId, action: $action, entityType: $entityType, actorEmail: $actorEmail, actions: $actions) {
    pageInfo { hasNextPage endCursor }
  }
}`;

/**
 * The names behind the ids an audit event holds (the changed record, and the model, benchmark, source…
 * its fields point at), so the trail reads "o4-mini" rather than "modelId 1". At most 100 ids a call.
 */
export const AuditReferences = /* GraphQL */ `
query AuditReferences($ids: [ID!]!) {
  nodes(ids: $ids) {
    __typename id
    ... on Model { name slug }
    ... on Benchmark { name slug }
    ... on Provider { name slug }
    ... on ModelFamily { name slug }
    ... on Source { title url publisher }
    ... on Score { value setting model { name } benchmark { name } }
    ... on Price { kind usdPerMillionTokens model { name } }
    ... on ModelFact { fact factValue: value model { id name } }
  }
}`;

/** Who last changed a record and when, for the message of a ConflictError. */
export const LastChange = /* GraphQL */ `
query LastChange($id: ID!) { auditEvents(entityId: $id, first: 1) { edges { node { at actor { email } } } } }`;

/** The dashboard's counts for a reviewer, who sees the review queue and disagreements. */
export const ReviewerDashboardCounts = /* GraphQL */ `
query ReviewerDashboardCounts {
  models(first: 1) { totalCount }
  benchmarks { publishedScoreCount }
  deadLinks: sources(first: 1, filter: { deadLink: true }) { totalCount }
  reviewQueue(first: 1) { totalCount }
  disagreements(first: 1) { totalCount }
}`;

/** The dashboard's counts for an editor, whose pending reviews are their own entries waiting there. */
export const EditorDashboardCounts = /* GraphQL */ `
query EditorDashboardCounts {
  models(first: 1) { totalCount }
  benchmarks { publishedScoreCount }
  deadLinks: sources(first: 1, filter: { deadLink: true }) { totalCount }
  myEntries(first: 1, status: PENDING_REVIEW) { totalCount }
}`;

export const ChartBenchmarks = /* GraphQL */ `
query ChartBenchmarks { benchmarks { slug name scaleMin scaleMax publishedScoreCount } }`;

/** Each model's published score on the benchmark, with its prices. */
export const ScoreVsPrice = /* GraphQL */ `
query ScoreVsPrice($benchmark: String!) {
  leaderboard(benchmark: $benchmark, first: 200) { value model { name slug prices { kind tierMinTokens usdPerMillionTokens } } }
}`;
