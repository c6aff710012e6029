// The reviewer's workbench: the queue narrowed to one source (or one kind), the value each pending
// number would replace, and the queue's sources, to review a batch entered from one source together.

/** Pending entries matching a filter (status PENDING_REVIEW, plus a source and/or a kind), oldest first, as the review queue selects them. */
export const PendingEntries = /* GraphQL */ `
query PendingEntries($first: Int, $after: String, $filter: EntryFilter) {
  queue: entries(first: $first, after: $after, filter: $filter) {
    totalCount pageInfo { hasNextPage endCursor }
    edges {
      node {
        __typename
        ... on Score {
          id status version canVerify rejectionReason note enteredAt verifiedAt enteredBy { id email } verifiedBy { id email }
          citation { locator quote retrievedAt lastConfirmedAt quoteUrl evidence { status checkedAt excerpt explanation snapshot { fetchedAt } } source { id url title kind linkStatus } }
          value setting model { id slug name } benchmark { id slug name unit scaleMin scaleMax }
        }
        ... on Price {
          id status version canVerify rejectionReason note enteredAt verifiedAt enteredBy { id email } verifiedBy { id email }
          citation { locator quote retrievedAt lastConfirmedAt quoteUrl evidence { status checkedAt excerpt explanation snapshot { fetchedAt } } source { id url title kind linkStatus } }
          kind tierMinTokens usdPerMillionTokens effectiveFrom
          model { id name }
        }
        ... on ModelFact {
          id status version canVerify rejectionReason note enteredAt verifiedAt enteredBy { id email } verifiedBy { id email }
          citation { locator quote retrievedAt lastConfirmedAt quoteUrl evidence { status checkedAt excerpt explanation snapshot { fetchedAt } } source { id url title kind linkStatus } }
          fact factValue: value model { id slug name }
        }
      }
    }
  }
}`;

/** The same list, asking only for the cursors of pages skipped over. */
export const PendingEntryCursors = /* GraphQL */ `
query PendingEntryCursors($first: Int, $after: String, $filter: EntryFilter) {
  queue: entries(first: $first, after: $after, filter: $filter) { totalCount pageInfo { hasNextPage endCursor } }
}`;

/**
 * The verified entries of one model (and benchmark, or price kind): among them, the value a pending
 * number would replace. A slot holds one verified value; 100 covers a model's settings of one benchmark.
 */
export const PublishedBeside = /* GraphQL */ `
query PublishedBeside($filter: EntryFilter!) {
  entries(first: 100, filter: $filter, newestFirst: true) {
    edges {
      node {
        __typename
        ... on Score { id value setting verifiedAt citation { source { id title } } }
        ... on Price { id kind tierMinTokens usdPerMillionTokens effectiveFrom verifiedAt citation { source { id title } } }
        ... on ModelFact { id fact factValue: value verifiedAt citation { source { id title } } }
      }
    }
  }
}`;

/** Which sources the oldest 100 pending numbers cite: the queue grouped into batches from one source. */
export const ReviewQueueSources = /* GraphQL */ `
query ReviewQueueSources {
  reviewQueue(first: 100) {
    totalCount
    edges {
      node {
        __typename
        ... on Score { id citation { source { id title kind } } }
        ... on Price { id citation { source { id title kind } } }
        ... on ModelFact { id citation { source { id title kind } } }
      }
    }
  }
}`;
