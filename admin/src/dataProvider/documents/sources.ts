// Sources: the pages cited numbers come from.
import { Conflict, Refusal } from './fragments.ts';

export const SourceFields = /* GraphQL */ `
fragment SourceFields on Source {
  id url title publisher kind publishedAt retrievedAt archivedUrl linkStatus linkHttpStatus linkCheckedAt retiredAt retirementReason citationCount version
}`;

/** Signed-in editors see every source (the public sees those cited by published numbers). */
export const Sources = /* GraphQL */ `
query Sources($first: Int, $after: String, $filter: SourceFilter, $orderBy: SourceOrder) {
  sources(first: $first, after: $after, filter: $filter, orderBy: $orderBy) {
    totalCount pageInfo { hasNextPage endCursor } edges { node { ...SourceFields } }
  }
}
${SourceFields}`;

export const SourceCursors = /* GraphQL */ `
query SourceCursors($first: Int, $after: String, $filter: SourceFilter, $orderBy: SourceOrder) {
  sources(first: $first, after: $after, filter: $filter, orderBy: $orderBy) { totalCount pageInfo { hasNextPage endCursor } }
}`;

export const SourceNode = /* GraphQL */ `
query SourceNode($id: ID!) { node(id: $id) { id ... on Source { ...SourceFields } } }
${SourceFields}`;

export const SourceNodes = /* GraphQL */ `
query SourceNodes($ids: [ID!]!) { nodes(ids: $ids) { id ... on Source { ...SourceFields } } }
${SourceFields}`;

export const CreateSource = /* GraphQL */ `
mutation CreateSource($input: CreateSourceInput!) {
  result: createSource(input: $input) {
    __typename ...Refusal
    ... on CreateSourceSuccess { source { ...SourceFields } }
  }
}
${Refusal}${SourceFields}`;

export const UpdateSource = /* GraphQL */ `
mutation UpdateSource($id: ID!, $expectedVersion: Int!, $patch: UpdateSourceInput!) {
  result: updateSource(id: $id, expectedVersion: $expectedVersion, patch: $patch) {
    __typename ...Refusal ...Conflict
    ... on UpdateSourceSuccess { source { ...SourceFields } }
  }
}
${Refusal}${Conflict}${SourceFields}`;

export const RetireSource = /* GraphQL */ `
mutation RetireSource($id: ID!, $expectedVersion: Int!, $reason: String!) {
  result: retireSource(id: $id, expectedVersion: $expectedVersion, reason: $reason) {
    __typename ...Refusal ...Conflict
    ... on RetireSourceSuccess { source { ...SourceFields } }
  }
}
${Refusal}${Conflict}${SourceFields}`;

