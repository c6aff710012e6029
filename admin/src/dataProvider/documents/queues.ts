// What waits for a second person: entries in the review queue, proposed changes to public records
// (revisions), and scores that disagree.
import { CitationFields, Conflict, FactFields, PriceFields, Refusal, ScoreFields } from './fragments.ts';

/** An entry in the queue. Prices and facts need their model for the queue to say what they are about. */
export const QueuedClaim = /* GraphQL */ `
fragment QueuedClaim on Claim { __typename ... on Score { ...ScoreFields } ... on Price { ...PriceFields model { id name } } ... on ModelFact { ...FactFields } }`;

/** Reviewers see everyone's pending entries. */
export const ReviewQueue = /* GraphQL */ `
query ReviewQueue($first: Int, $after: String) {
  queue: reviewQueue(first: $first, after: $after) {
    totalCount pageInfo { hasNextPage endCursor }
    edges { node { ...QueuedClaim } }
  }
}
${QueuedClaim}${ScoreFields}${PriceFields}${FactFields}${CitationFields}`;

export const ReviewQueueCursors = /* GraphQL */ `
query ReviewQueueCursors($first: Int, $after: String) {
  queue: reviewQueue(first: $first, after: $after) { totalCount pageInfo { hasNextPage endCursor } }
}`;

/** An editor, whom the API does not show the queue, sees their own entries in a status (PENDING_REVIEW). */
export const MyEntries = /* GraphQL */ `
query MyEntries($first: Int, $after: String, $status: ClaimStatus) {
  queue: myEntries(first: $first, after: $after, status: $status) {
    totalCount pageInfo { hasNextPage endCursor }
    edges { node { ...QueuedClaim } }
  }
}
${QueuedClaim}${ScoreFields}${PriceFields}${FactFields}${CitationFields}`;

export const MyEntryCursors = /* GraphQL */ `
query MyEntryCursors($first: Int, $after: String, $status: ClaimStatus) {
  queue: myEntries(first: $first, after: $after, status: $status) { totalCount pageInfo { hasNextPage endCursor } }
}`;

/** What the queue shows of a proposed change to a public record: what, by whom, and each field before → after. */
export const RevisionFields = /* GraphQL */ `
fragment RevisionFields on Revision {
  id version status entityType entityId entityLabel stale canApprove proposedBy proposedAt reviewedBy rejectionReason changes { field before after }
}`;

/** The API lists at most 100 a page; the queue shows the oldest 100. */
export const PendingRevisions = /* GraphQL */ `
query PendingRevisions { revisions(first: 100) { totalCount edges { node { ...RevisionFields } } } }
${RevisionFields}`;

export const ApproveRevision = /* GraphQL */ `
mutation ApproveRevision($id: ID!, $expectedVersion: Int!) {
  result: approveRevision(id: $id, expectedVersion: $expectedVersion) {
    __typename ...Refusal ...Conflict
    ... on ApproveRevisionSuccess { revision { ...RevisionFields } }
  }
}
${Refusal}${Conflict}${RevisionFields}`;

export const RejectRevision = /* GraphQL */ `
mutation RejectRevision($id: ID!, $expectedVersion: Int!, $reason: String!) {
  result: rejectRevision(id: $id, expectedVersion: $expectedVersion, reason: $reason) {
    __typename ...Refusal ...Conflict
    ... on RejectRevisionSuccess { revision { ...RevisionFields } }
  }
}
${Refusal}${Conflict}${RevisionFields}`;

/** Scores of one model, benchmark and setting that disagree, and the one chosen if any. */
export const Disagreements = /* GraphQL */ `
query Disagreements($first: Int, $after: String) {
  disagreements(first: $first, after: $after) {
    totalCount pageInfo { hasNextPage endCursor }
    edges {
      node {
        model { id name } benchmark { id name } setting chosen { id }
        scores { id value status enteredBy { email } citation { ...CitationFields } }
      }
    }
  }
}
${CitationFields}`;

export const DisagreementCursors = /* GraphQL */ `
query DisagreementCursors($first: Int, $after: String) {
  disagreements(first: $first, after: $after) { totalCount pageInfo { hasNextPage endCursor } }
}`;
