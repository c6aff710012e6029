// The sourced numbers: scores, prices and quick facts about models, each with its citation and its
// four-eyes workflow (submit, verify, reject, retire).
import { CitationFields, Conflict, FactFields, PriceFields, Refusal, ScoreFields } from './fragments.ts';

// One entry by global ID.

export const ScoreNode = /* GraphQL */ `
query ScoreNode($id: ID!) { node(id: $id) { id ... on Score { __typename ...ScoreFields } } }
${ScoreFields}${CitationFields}`;

export const PriceNode = /* GraphQL */ `
query PriceNode($id: ID!) { node(id: $id) { id ... on Price { __typename ...PriceFields } } }
${PriceFields}${CitationFields}`;

export const FactNode = /* GraphQL */ `
query FactNode($id: ID!) { node(id: $id) { id ... on ModelFact { __typename ...FactFields } } }
${FactFields}${CitationFields}`;

// Every entry of one model in any state (the API lists them per model).

export const ScoresOfModel = /* GraphQL */ `
query ScoresOfModel($id: ID!) { node(id: $id) { id ... on Model { slug name scoreEntries { __typename ...ScoreFields } } } }
${ScoreFields}${CitationFields}`;

export const PricesOfModel = /* GraphQL */ `
query PricesOfModel($id: ID!) { node(id: $id) { id ... on Model { slug name priceEntries { __typename ...PriceFields } } } }
${PriceFields}${CitationFields}`;

export const FactsOfModel = /* GraphQL */ `
query FactsOfModel($id: ID!) { node(id: $id) { id ... on Model { slug name factEntries { __typename ...FactFields } } } }
${FactFields}${CitationFields}`;

// Entries of every editor in any state, by kind (in $filter), paged.

export const ScoreEntries = /* GraphQL */ `
query ScoreEntries($first: Int, $after: String, $filter: EntryFilter, $newestFirst: Boolean) {
  entries(first: $first, after: $after, filter: $filter, newestFirst: $newestFirst) {
    totalCount pageInfo { hasNextPage endCursor } edges { node { __typename ... on Score { ...ScoreFields } } }
  }
}
${ScoreFields}${CitationFields}`;

export const PriceEntries = /* GraphQL */ `
query PriceEntries($first: Int, $after: String, $filter: EntryFilter, $newestFirst: Boolean) {
  entries(first: $first, after: $after, filter: $filter, newestFirst: $newestFirst) {
    totalCount pageInfo { hasNextPage endCursor } edges { node { __typename ... on Price { ...PriceFields } } }
  }
}
${PriceFields}${CitationFields}`;

export const FactEntries = /* GraphQL */ `
query FactEntries($first: Int, $after: String, $filter: EntryFilter, $newestFirst: Boolean) {
  entries(first: $first, after: $after, filter: $filter, newestFirst: $newestFirst) {
    totalCount pageInfo { hasNextPage endCursor } edges { node { __typename ... on ModelFact { ...FactFields } } }
  }
}
${FactFields}${CitationFields}`;

/** Entries of any kind, asking only for the cursors of pages skipped over. */
export const EntryCursors = /* GraphQL */ `
query EntryCursors($first: Int, $after: String, $filter: EntryFilter, $newestFirst: Boolean) {
  entries(first: $first, after: $after, filter: $filter, newestFirst: $newestFirst) { totalCount pageInfo { hasNextPage endCursor } }
}`;

// An entry goes to the review queue; the answer says its new status and version.

export const SubmitForReview = /* GraphQL */ `
mutation SubmitForReview($id: ID!, $expectedVersion: Int) {
  result: submitForReview(id: $id, expectedVersion: $expectedVersion) {
    __typename ...Refusal ...Conflict
    ... on SubmitForReviewSuccess {
      claim { __typename ... on Score { id status version } ... on Price { id status version } ... on ModelFact { id status version } }
    }
  }
}
${Refusal}${Conflict}`;

// Create and update (the form's fields, with the citation), verify and reject (confirming the version
// the reviewer looked at), retire (with a reason).

// Score

export const CreateScore = /* GraphQL */ `
mutation CreateScore($input: CreateScoreInput!) {
  result: createScore(input: $input) {
    __typename ...Refusal
    ... on CreateScoreSuccess { score { __typename ...ScoreFields } }
  }
}
${Refusal}${ScoreFields}${CitationFields}`;

export const UpdateScore = /* GraphQL */ `
mutation UpdateScore($id: ID!, $expectedVersion: Int!, $patch: UpdateScoreInput!) {
  result: updateScore(id: $id, expectedVersion: $expectedVersion, patch: $patch) {
    __typename ...Refusal ...Conflict
    ... on UpdateScoreSuccess { score { __typename ...ScoreFields } }
  }
}
${Refusal}${Conflict}${ScoreFields}${CitationFields}`;

export const VerifyScore = /* GraphQL */ `
mutation VerifyScore($id: ID!, $expectedVersion: Int!) {
  result: verifyScore(id: $id, expectedVersion: $expectedVersion) {
    __typename ...Refusal ...Conflict
    ... on VerifyScoreSuccess { score { ...ScoreFields } }
  }
}
${Refusal}${Conflict}${ScoreFields}${CitationFields}`;

export const RejectScore = /* GraphQL */ `
mutation RejectScore($id: ID!, $expectedVersion: Int!, $reason: String!) {
  result: rejectScore(id: $id, expectedVersion: $expectedVersion, reason: $reason) {
    __typename ...Refusal ...Conflict
    ... on RejectScoreSuccess { score { ...ScoreFields } }
  }
}
${Refusal}${Conflict}${ScoreFields}${CitationFields}`;

export const RetireScore = /* GraphQL */ `
mutation RetireScore($id: ID!, $expectedVersion: Int, $reason: String!) {
  result: retireScore(id: $id, expectedVersion: $expectedVersion, reason: $reason) {
    __typename ...Refusal ...Conflict
    ... on RetireScoreSuccess { score { ...ScoreFields } }
  }
}
${Refusal}${Conflict}${ScoreFields}${CitationFields}`;

// Price

export const CreatePrice = /* GraphQL */ `
mutation CreatePrice($input: CreatePriceInput!) {
  result: createPrice(input: $input) {
    __typename ...Refusal
    ... on CreatePriceSuccess { price { __typename ...PriceFields } }
  }
}
${Refusal}${PriceFields}${CitationFields}`;

export const UpdatePrice = /* GraphQL */ `
mutation UpdatePrice($id: ID!, $expectedVersion: Int!, $patch: UpdatePriceInput!) {
  result: updatePrice(id: $id, expectedVersion: $expectedVersion, patch: $patch) {
    __typename ...Refusal ...Conflict
    ... on UpdatePriceSuccess { price { __typename ...PriceFields } }
  }
}
${Refusal}${Conflict}${PriceFields}${CitationFields}`;

export const VerifyPrice = /* GraphQL */ `
mutation VerifyPrice($id: ID!, $expectedVersion: Int!) {
  result: verifyPrice(id: $id, expectedVersion: $expectedVersion) {
    __typename ...Refusal ...Conflict
    ... on VerifyPriceSuccess { price { ...PriceFields } }
  }
}
${Refusal}${Conflict}${PriceFields}${CitationFields}`;

export const RejectPrice = /* GraphQL */ `
mutation RejectPrice($id: ID!, $expectedVersion: Int!, $reason: String!) {
  result: rejectPrice(id: $id, expectedVersion: $expectedVersion, reason: $reason) {
    __typename ...Refusal ...Conflict
    ... on RejectPriceSuccess { price { ...PriceFields } }
  }
}
${Refusal}${Conflict}${PriceFields}${CitationFields}`;

export const RetirePrice = /* GraphQL */ `
mutation RetirePrice($id: ID!, $expectedVersion: Int, $reason: String!) {
  result: retirePrice(id: $id, expectedVersion: $expectedVersion, reason: $reason) {
    __typename ...Refusal ...Conflict
    ... on RetirePriceSuccess { price { ...PriceFields } }
  }
}
${Refusal}${Conflict}${PriceFields}${CitationFields}`;

// ModelFact

export const CreateModelFact = /* GraphQL */ `
mutation CreateModelFact($input: CreateModelFactInput!) {
  result: createModelFact(input: $input) {
    __typename ...Refusal
    ... on CreateModelFactSuccess { fact { __typename ...FactFields } }
  }
}
${Refusal}${FactFields}${CitationFields}`;

export const UpdateModelFact = /* GraphQL */ `
mutation UpdateModelFact($id: ID!, $expectedVersion: Int!, $patch: UpdateModelFactInput!) {
  result: updateModelFact(id: $id, expectedVersion: $expectedVersion, patch: $patch) {
    __typename ...Refusal ...Conflict
    ... on UpdateModelFactSuccess { fact { __typename ...FactFields } }
  }
}
${Refusal}${Conflict}${FactFields}${CitationFields}`;

export const VerifyModelFact = /* GraphQL */ `
mutation VerifyModelFact($id: ID!, $expectedVersion: Int!) {
  result: verifyModelFact(id: $id, expectedVersion: $expectedVersion) {
    __typename ...Refusal ...Conflict
    ... on VerifyModelFactSuccess { fact { ...FactFields } }
  }
}
${Refusal}${Conflict}${FactFields}${CitationFields}`;

export const RejectModelFact = /* GraphQL */ `
mutation RejectModelFact($id: ID!, $expectedVersion: Int!, $reason: String!) {
  result: rejectModelFact(id: $id, expectedVersion: $expectedVersion, reason: $reason) {
    __typename ...Refusal ...Conflict
    ... on RejectModelFactSuccess { fact { ...FactFields } }
  }
}
${Refusal}${Conflict}${FactFields}${CitationFields}`;

export const RetireModelFact = /* GraphQL */ `
mutation RetireModelFact($id: ID!, $expectedVersion: Int, $reason: String!) {
  result: retireModelFact(id: $id, expectedVersion: $expectedVersion, reason: $reason) {
    __typename ...Refusal ...Conflict
    ... on RetireModelFactSuccess { fact { ...FactFields } }
  }
}
${Refusal}${Conflict}${FactFields}${CitationFields}`;
