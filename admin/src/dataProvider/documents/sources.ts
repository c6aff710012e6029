// Sources: the pages cited numbers come from.

/** Signed-in editors see every source (the public sees those cited by published numbers). */
export const Sources = /* GraphQL */ `
query Sources($first: Int, $after: String, $filter: SourceFilter, $orderBy: SourceOrder) {
  sources(first: $first, after: $after, filter: $filter, orderBy: $orderBy) {
    totalCount pageInfo { hasNextPage endCursor }
    edges {
      node {
        id url title publisher kind publishedAt retrievedAt archivedUrl linkStatus linkHttpStatus linkCheckedAt retiredAt retirementReason citationCount version
      }
    }
  }
}`;

/** The same list, asking only for the cursors of pages skipped over. */
export const SourceCursors = /* GraphQL */ `
query SourceCursors($first: Int, $after: String, $filter: SourceFilter, $orderBy: SourceOrder) {
  sources(first: $first, after: $after, filter: $filter, orderBy: $orderBy) { totalCount pageInfo { hasNextPage endCursor } }
}`;

export const SourceNode = /* GraphQL */ `
query SourceNode($id: ID!) {
  node(id: $id) {
    id
    ... on Source {
      id url title publisher kind publishedAt retrievedAt archivedUrl linkStatus linkHttpStatus linkCheckedAt retiredAt retirementReason citationCount version
    }
  }
}`;

export const SourceNodes = /* GraphQL */ `
query SourceNodes($ids: [ID!]!) {
  nodes(ids: $ids) {
    id
    ... on Source {
      id url title publisher kind publishedAt retrievedAt archivedUrl linkStatus linkHttpStatus linkCheckedAt retiredAt retirementReason citationCount version
    }
  }
}`;

export const CreateSource = /* GraphQL */ `
mutation CreateSource($input: CreateSourceInput!) {
  result: createSource(input: $input) {
    __typename
    ... on ValidationError { message fieldErrors { path message } }
    ... on Error { message }
    ... on CreateSourceSuccess {
      source {
        id url title publisher kind publishedAt retrievedAt archivedUrl linkStatus linkHttpStatus linkCheckedAt retiredAt retirementReason citationCount version
      }
    }
  }
}`;

export const UpdateSource = /* GraphQL */ `
mutation UpdateSource($id: ID!, $expectedVersion: Int!, $patch: UpdateSourceInput!) {
  result: updateSource(id: $id, expectedVersion: $expectedVersion, patch: $patch) {
    __typename
    ... on ValidationError { message fieldErrors { path message } }
    ... on ConflictError { message currentVersion changedBy changedAt }
    ... on Error { message }
    ... on UpdateSourceSuccess {
      source {
        id url title publisher kind publishedAt retrievedAt archivedUrl linkStatus linkHttpStatus linkCheckedAt retiredAt retirementReason citationCount version
      }
    }
  }
}`;

export const RetireSource = /* GraphQL */ `
mutation RetireSource($id: ID!, $expectedVersion: Int!, $reason: String!) {
  result: retireSource(id: $id, expectedVersion: $expectedVersion, reason: $reason) {
    __typename
    ... on ValidationError { message fieldErrors { path message } }
    ... on ConflictError { message currentVersion changedBy changedAt }
    ... on Error { message }
    ... on RetireSourceSuccess {
      source {
        id url title publisher kind publishedAt retrievedAt archivedUrl linkStatus linkHttpStatus linkCheckedAt retiredAt retirementReason citationCount version
      }
    }
  }
}`;
