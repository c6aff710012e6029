// Evidence behind the numbers: the check of a number against its source's latest capture (as an
// editor types, before saving), a source's captures and capturing it now, and the reviewers' drift
// queue of verified numbers whose evidence no longer holds.

/** Checks a number before it is saved; writes nothing. */
export const CheckEvidence = /* GraphQL */ `
query CheckEvidence($source: ID!, $value: ValueToCheck!, $quote: String, $locator: String) {
  check: checkEvidence(source: $source, value: $value, quote: $quote, locator: $locator) {
    status excerpt highlight { start end } explanation renderings quoteUrl
    snapshot { sha256 fetchedAt httpStatus contentType error errorReason }
  }
}`;

export const CaptureSource = /* GraphQL */ `
mutation CaptureSource($id: ID!) {
  result: captureSource(id: $id) {
    __typename
    ... on ValidationError { message fieldErrors { path message } }
    ... on Error { message }
    ... on CaptureSourceSuccess { changed snapshot { sha256 fetchedAt httpStatus contentType error errorReason } }
  }
}`;

/** A source's captures, newest first. */
export const SourceSnapshots = /* GraphQL */ `
query SourceSnapshots($id: ID!, $first: Int) {
  node(id: $id) {
    id
    ... on Source {
      snapshots(first: $first) {
        totalCount
        edges { node { sha256 fetchedAt httpStatus contentType error errorReason } }
      }
    }
  }
}`;

/** Verified numbers whose evidence no longer holds, or whose re-check is due (reviewers). */
export const DriftQueue = /* GraphQL */ `
query DriftQueue($first: Int, $after: String) {
  queue: driftQueue(first: $first, after: $after) {
    totalCount pageInfo { hasNextPage endCursor }
    edges {
      node {
        __typename
        ... on Score {
          id status version value setting model { id slug name } benchmark { id slug name unit }
          citation { locator quote lastConfirmedAt quoteUrl evidence { status checkedAt excerpt explanation snapshot { fetchedAt } } source { id url title } }
        }
        ... on Price {
          id status version kind usdPerMillionTokens model { id name }
          citation { locator quote lastConfirmedAt quoteUrl evidence { status checkedAt excerpt explanation snapshot { fetchedAt } } source { id url title } }
        }
        ... on ModelFact {
          id status version fact factValue: value model { id slug name }
          citation { locator quote lastConfirmedAt quoteUrl evidence { status checkedAt excerpt explanation snapshot { fetchedAt } } source { id url title } }
        }
      }
    }
  }
}`;

/** The same list, asking only for the cursors of pages skipped over. */
export const DriftQueueCursors = /* GraphQL */ `
query DriftQueueCursors($first: Int, $after: String) {
  queue: driftQueue(first: $first, after: $after) { totalCount pageInfo { hasNextPage endCursor } }
}`;
