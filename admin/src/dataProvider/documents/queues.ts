// What waits for a second person: entries in the review queue, proposed changes to public records
// (revisions), and scores that disagree. In the queue, prices and facts need their model for it to say
// what they are about, and a fact's String value is aliased `factValue`: it cannot share the name of a
// Score's Float value in one selection (claimRecord in resources/fields.ts names it `value` again).

/** Reviewers see everyone's pending entries. */
export const ReviewQueue = /* GraphQL */ `
query ReviewQueue($first: Int, $after: String) {
  queue: reviewQueue(first: $first, after: $after) {
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
export const ReviewQueueCursors = /* GraphQL */ `
query ReviewQueueCursors($first: Int, $after: String) {
  queue: reviewQueue(first: $first, after: $after) { totalCount pageInfo { hasNextPage endCursor } }
}`;

/** An editor, whom the API does not show the queue, sees their own entries in a status (PENDING_REVIEW). */
export const MyEntries = /* GraphQL */ `
query MyEntries($first: Int, $after: String, $status: ClaimStatus) {
  queue: myEntries(first: $first, after: $after, status: $status) {
    totalCount pageInfo { hasNextPage endCursor }
    edges {
      node {
        __typename
        ... on Score {
          id status version canVerify rejectionReason note enteredAt verifiedAt enteredBy { id email } verifiedBy { id email }
          citation { locator retrievedAt source { id url title kind linkStatus } }
          value setting model { id slug name } benchmark { id slug name unit scaleMin scaleMax }
        }
        ... on Price {
          id status version canVerify rejectionReason note enteredAt verifiedAt enteredBy { id email } verifiedBy { id email }
          citation { locator retrievedAt source { id url title kind linkStatus } }
          kind tierMinTokens usdPerMillionTokens effectiveFrom
          model { id name }
        }
        ... on ModelFact {
          id status version canVerify rejectionReason note enteredAt verifiedAt enteredBy { id email } verifiedBy { id email }
          citation { locator retrievedAt source { id url title kind linkStatus } }
          fact factValue: value model { id slug name }
        }
      }
    }
  }
}`;

/** The same list, asking only for the cursors of pages skipped over. */
export const MyEntryCursors = /* GraphQL */ `
query MyEntryCursors($first: Int, $after: String, $status: ClaimStatus) {
  queue: myEntries(first: $first, after: $after, status: $status) { totalCount pageInfo { hasNextPage endCursor } }
}`;

/** Proposed changes: what, by whom, and each field before → after. The API lists at most 100 a page; the queue shows the oldest 100. */
export const PendingRevisions = /* GraphQL */ `
query PendingRevisions {
  revisions(first: 100) {
    totalCount
    edges {
      node {
        id version status entityType entityId entityLabel stale canApprove proposedBy proposedAt reviewedBy rejectionReason changes { field before after }
      }
    }
  }
}`;

export const ApproveRevision = /* GraphQL */ `
mutation ApproveRevision($id: ID!, $expectedVersion: Int!) {
  result: approveRevision(id: $id, expectedVersion: $expectedVersion) {
    __typename
    ... on ValidationError { message fieldErrors { path message } }
    ... on ConflictError { message currentVersion changedBy changedAt }
    ... on Error { message }
    ... on ApproveRevisionSuccess {
      revision {
        id version status entityType entityId entityLabel stale canApprove proposedBy proposedAt reviewedBy rejectionReason changes { field before after }
      }
    }
  }
}`;

export const RejectRevision = /* GraphQL */ `
mutation RejectRevision($id: ID!, $expectedVersion: Int!, $reason: String!) {
  result: rejectRevision(id: $id, expectedVersion: $expectedVersion, reason: $reason) {
    __typename
    ... on ValidationError { message fieldErrors { path message } }
    ... on ConflictError { message currentVersion changedBy changedAt }
    ... on Error { message }
    ... on RejectRevisionSuccess {
      revision {
        id version status entityType entityId entityLabel stale canApprove proposedBy proposedAt reviewedBy rejectionReason changes { field before after }
      }
    }
  }
}`;

/** Scores of one model, benchmark and setting that disagree, and the one chosen if any. */
export const Disagreements = /* GraphQL */ `
query Disagreements($first: Int, $after: String) {
  disagreements(first: $first, after: $after) {
    totalCount pageInfo { hasNextPage endCursor }
    edges {
      node {
        model { id name } benchmark { id name } setting chosen { id }
        scores { id value status enteredBy { email } citation { locator retrievedAt source { id url title kind linkStatus } } }
      }
    }
  }
}`;

/** The same list, asking only for the cursors of pages skipped over. */
export const DisagreementCursors = /* GraphQL */ `
query DisagreementCursors($first: Int, $after: String) {
  disagreements(first: $first, after: $after) { totalCount pageInfo { hasNextPage endCursor } }
}`;
