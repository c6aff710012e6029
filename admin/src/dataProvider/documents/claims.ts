// The sourced numbers: scores, prices and quick facts about models, each with its citation and its
// four-eyes workflow (submit, verify, reject, retire).

// Scores (the score form's own documents, with conditions, are in scoreForm.ts)

/** Every entry of one model in any state (the API lists them per model). */
export const ScoresOfModel = /* GraphQL */ `
query ScoresOfModel($id: ID!) {
  node(id: $id) {
    id
    ... on Model {
      slug name
      scoreEntries {
        __typename
        id status version canVerify rejectionReason note enteredAt verifiedAt enteredBy { id email } verifiedBy { id email }
        citation { locator quote retrievedAt source { id url title kind linkStatus } }
        value setting model { id slug name } benchmark { id slug name unit scaleMin scaleMax }
      }
    }
  }
}`;

/** Entries of every editor in any state (EntryFilter.kind says which kind), paged. */
export const ScoreEntries = /* GraphQL */ `
query ScoreEntries($first: Int, $after: String, $filter: EntryFilter, $newestFirst: Boolean) {
  entries(first: $first, after: $after, filter: $filter, newestFirst: $newestFirst) {
    totalCount pageInfo { hasNextPage endCursor }
    edges {
      node {
        __typename
        ... on Score {
          id status version canVerify rejectionReason note enteredAt verifiedAt enteredBy { id email } verifiedBy { id email }
          citation { locator quote retrievedAt source { id url title kind linkStatus } }
          value setting model { id slug name } benchmark { id slug name unit scaleMin scaleMax }
        }
      }
    }
  }
}`;

export const VerifyScore = /* GraphQL */ `
mutation VerifyScore($id: ID!, $expectedVersion: Int!, $evidenceOverride: String) {
  result: verifyScore(id: $id, expectedVersion: $expectedVersion, evidenceOverride: $evidenceOverride) {
    __typename
    ... on ValidationError { message fieldErrors { path message } }
    ... on ConflictError { message currentVersion changedBy changedAt }
    ... on Error { message }
    ... on VerifyScoreSuccess {
      score {
        id status version canVerify rejectionReason note enteredAt verifiedAt enteredBy { id email } verifiedBy { id email }
        citation { locator quote retrievedAt source { id url title kind linkStatus } }
        value setting model { id slug name } benchmark { id slug name unit scaleMin scaleMax }
      }
    }
  }
}`;

export const RejectScore = /* GraphQL */ `
mutation RejectScore($id: ID!, $expectedVersion: Int!, $reason: String!) {
  result: rejectScore(id: $id, expectedVersion: $expectedVersion, reason: $reason) {
    __typename
    ... on ValidationError { message fieldErrors { path message } }
    ... on ConflictError { message currentVersion changedBy changedAt }
    ... on Error { message }
    ... on RejectScoreSuccess {
      score {
        id status version canVerify rejectionReason note enteredAt verifiedAt enteredBy { id email } verifiedBy { id email }
        citation { locator quote retrievedAt source { id url title kind linkStatus } }
        value setting model { id slug name } benchmark { id slug name unit scaleMin scaleMax }
      }
    }
  }
}`;

export const RetireScore = /* GraphQL */ `
mutation RetireScore($id: ID!, $expectedVersion: Int, $reason: String!) {
  result: retireScore(id: $id, expectedVersion: $expectedVersion, reason: $reason) {
    __typename
    ... on ValidationError { message fieldErrors { path message } }
    ... on ConflictError { message currentVersion changedBy changedAt }
    ... on Error { message }
    ... on RetireScoreSuccess {
      score {
        id status version canVerify rejectionReason note enteredAt verifiedAt enteredBy { id email } verifiedBy { id email }
        citation { locator quote retrievedAt source { id url title kind linkStatus } }
        value setting model { id slug name } benchmark { id slug name unit scaleMin scaleMax }
      }
    }
  }
}`;

// Prices

export const PriceNode = /* GraphQL */ `
query PriceNode($id: ID!) {
  node(id: $id) {
    id
    ... on Price {
      __typename
      id status version canVerify rejectionReason note enteredAt verifiedAt enteredBy { id email } verifiedBy { id email }
      citation { locator quote retrievedAt source { id url title kind linkStatus } }
      kind tierMinTokens usdPerMillionTokens effectiveFrom model { id slug name }
    }
  }
}`;

/** Every entry of one model in any state (the API lists them per model). */
export const PricesOfModel = /* GraphQL */ `
query PricesOfModel($id: ID!) {
  node(id: $id) {
    id
    ... on Model {
      slug name
      priceEntries {
        __typename
        id status version canVerify rejectionReason note enteredAt verifiedAt enteredBy { id email } verifiedBy { id email }
        citation { locator quote retrievedAt source { id url title kind linkStatus } }
        kind tierMinTokens usdPerMillionTokens effectiveFrom
      }
    }
  }
}`;

/** Entries of every editor in any state (EntryFilter.kind says which kind), paged. */
export const PriceEntries = /* GraphQL */ `
query PriceEntries($first: Int, $after: String, $filter: EntryFilter, $newestFirst: Boolean) {
  entries(first: $first, after: $after, filter: $filter, newestFirst: $newestFirst) {
    totalCount pageInfo { hasNextPage endCursor }
    edges {
      node {
        __typename
        ... on Price {
          id status version canVerify rejectionReason note enteredAt verifiedAt enteredBy { id email } verifiedBy { id email }
          citation { locator quote retrievedAt source { id url title kind linkStatus } }
          kind tierMinTokens usdPerMillionTokens effectiveFrom model { id slug name }
        }
      }
    }
  }
}`;

export const CreatePrice = /* GraphQL */ `
mutation CreatePrice($input: CreatePriceInput!) {
  result: createPrice(input: $input) {
    __typename
    ... on ValidationError { message fieldErrors { path message } }
    ... on Error { message }
    ... on CreatePriceSuccess {
      price {
        __typename
        id status version canVerify rejectionReason note enteredAt verifiedAt enteredBy { id email } verifiedBy { id email }
        citation { locator quote retrievedAt source { id url title kind linkStatus } }
        kind tierMinTokens usdPerMillionTokens effectiveFrom
      }
    }
  }
}`;

export const UpdatePrice = /* GraphQL */ `
mutation UpdatePrice($id: ID!, $expectedVersion: Int!, $patch: UpdatePriceInput!) {
  result: updatePrice(id: $id, expectedVersion: $expectedVersion, patch: $patch) {
    __typename
    ... on ValidationError { message fieldErrors { path message } }
    ... on ConflictError { message currentVersion changedBy changedAt }
    ... on Error { message }
    ... on UpdatePriceSuccess {
      price {
        __typename
        id status version canVerify rejectionReason note enteredAt verifiedAt enteredBy { id email } verifiedBy { id email }
        citation { locator quote retrievedAt source { id url title kind linkStatus } }
        kind tierMinTokens usdPerMillionTokens effectiveFrom
      }
    }
  }
}`;

export const VerifyPrice = /* GraphQL */ `
mutation VerifyPrice($id: ID!, $expectedVersion: Int!, $evidenceOverride: String) {
  result: verifyPrice(id: $id, expectedVersion: $expectedVersion, evidenceOverride: $evidenceOverride) {
    __typename
    ... on ValidationError { message fieldErrors { path message } }
    ... on ConflictError { message currentVersion changedBy changedAt }
    ... on Error { message }
    ... on VerifyPriceSuccess {
      price {
        id status version canVerify rejectionReason note enteredAt verifiedAt enteredBy { id email } verifiedBy { id email }
        citation { locator quote retrievedAt source { id url title kind linkStatus } }
        kind tierMinTokens usdPerMillionTokens effectiveFrom
      }
    }
  }
}`;

export const RejectPrice = /* GraphQL */ `
mutation RejectPrice($id: ID!, $expectedVersion: Int!, $reason: String!) {
  result: rejectPrice(id: $id, expectedVersion: $expectedVersion, reason: $reason) {
    __typename
    ... on ValidationError { message fieldErrors { path message } }
    ... on ConflictError { message currentVersion changedBy changedAt }
    ... on Error { message }
    ... on RejectPriceSuccess {
      price {
        id status version canVerify rejectionReason note enteredAt verifiedAt enteredBy { id email } verifiedBy { id email }
        citation { locator quote retrievedAt source { id url title kind linkStatus } }
        kind tierMinTokens usdPerMillionTokens effectiveFrom
      }
    }
  }
}`;

export const RetirePrice = /* GraphQL */ `
mutation RetirePrice($id: ID!, $expectedVersion: Int, $reason: String!) {
  result: retirePrice(id: $id, expectedVersion: $expectedVersion, reason: $reason) {
    __typename
    ... on ValidationError { message fieldErrors { path message } }
    ... on ConflictError { message currentVersion changedBy changedAt }
    ... on Error { message }
    ... on RetirePriceSuccess {
      price {
        id status version canVerify rejectionReason note enteredAt verifiedAt enteredBy { id email } verifiedBy { id email }
        citation { locator quote retrievedAt source { id url title kind linkStatus } }
        kind tierMinTokens usdPerMillionTokens effectiveFrom
      }
    }
  }
}`;

// Facts

export const FactNode = /* GraphQL */ `
query FactNode($id: ID!) {
  node(id: $id) {
    id
    ... on ModelFact {
      __typename
      id status version canVerify rejectionReason note enteredAt verifiedAt enteredBy { id email } verifiedBy { id email }
      citation { locator quote retrievedAt source { id url title kind linkStatus } }
      fact value model { id slug name }
    }
  }
}`;

/** Every entry of one model in any state (the API lists them per model). */
export const FactsOfModel = /* GraphQL */ `
query FactsOfModel($id: ID!) {
  node(id: $id) {
    id
    ... on Model {
      slug name
      factEntries {
        __typename
        id status version canVerify rejectionReason note enteredAt verifiedAt enteredBy { id email } verifiedBy { id email }
        citation { locator quote retrievedAt source { id url title kind linkStatus } }
        fact value model { id slug name }
      }
    }
  }
}`;

/** Entries of every editor in any state (EntryFilter.kind says which kind), paged. */
export const FactEntries = /* GraphQL */ `
query FactEntries($first: Int, $after: String, $filter: EntryFilter, $newestFirst: Boolean) {
  entries(first: $first, after: $after, filter: $filter, newestFirst: $newestFirst) {
    totalCount pageInfo { hasNextPage endCursor }
    edges {
      node {
        __typename
        ... on ModelFact {
          id status version canVerify rejectionReason note enteredAt verifiedAt enteredBy { id email } verifiedBy { id email }
          citation { locator quote retrievedAt source { id url title kind linkStatus } }
          fact value model { id slug name }
        }
      }
    }
  }
}`;

export const CreateModelFact = /* GraphQL */ `
mutation CreateModelFact($input: CreateModelFactInput!) {
  result: createModelFact(input: $input) {
    __typename
    ... on ValidationError { message fieldErrors { path message } }
    ... on Error { message }
    ... on CreateModelFactSuccess {
      fact {
        __typename
        id status version canVerify rejectionReason note enteredAt verifiedAt enteredBy { id email } verifiedBy { id email }
        citation { locator quote retrievedAt source { id url title kind linkStatus } }
        fact value model { id slug name }
      }
    }
  }
}`;

export const UpdateModelFact = /* GraphQL */ `
mutation UpdateModelFact($id: ID!, $expectedVersion: Int!, $patch: UpdateModelFactInput!) {
  result: updateModelFact(id: $id, expectedVersion: $expectedVersion, patch: $patch) {
    __typename
    ... on ValidationError { message fieldErrors { path message } }
    ... on ConflictError { message currentVersion changedBy changedAt }
    ... on Error { message }
    ... on UpdateModelFactSuccess {
      fact {
        __typename
        id status version canVerify rejectionReason note enteredAt verifiedAt enteredBy { id email } verifiedBy { id email }
        citation { locator quote retrievedAt source { id url title kind linkStatus } }
        fact value model { id slug name }
      }
    }
  }
}`;

export const VerifyModelFact = /* GraphQL */ `
mutation VerifyModelFact($id: ID!, $expectedVersion: Int!, $evidenceOverride: String) {
  result: verifyModelFact(id: $id, expectedVersion: $expectedVersion, evidenceOverride: $evidenceOverride) {
    __typename
    ... on ValidationError { message fieldErrors { path message } }
    ... on ConflictError { message currentVersion changedBy changedAt }
    ... on Error { message }
    ... on VerifyModelFactSuccess {
      fact {
        id status version canVerify rejectionReason note enteredAt verifiedAt enteredBy { id email } verifiedBy { id email }
        citation { locator quote retrievedAt source { id url title kind linkStatus } }
        fact value model { id slug name }
      }
    }
  }
}`;

export const RejectModelFact = /* GraphQL */ `
mutation RejectModelFact($id: ID!, $expectedVersion: Int!, $reason: String!) {
  result: rejectModelFact(id: $id, expectedVersion: $expectedVersion, reason: $reason) {
    __typename
    ... on ValidationError { message fieldErrors { path message } }
    ... on ConflictError { message currentVersion changedBy changedAt }
    ... on Error { message }
    ... on RejectModelFactSuccess {
      fact {
        id status version canVerify rejectionReason note enteredAt verifiedAt enteredBy { id email } verifiedBy { id email }
        citation { locator quote retrievedAt source { id url title kind linkStatus } }
        fact value model { id slug name }
      }
    }
  }
}`;

export const RetireModelFact = /* GraphQL */ `
mutation RetireModelFact($id: ID!, $expectedVersion: Int, $reason: String!) {
  result: retireModelFact(id: $id, expectedVersion: $expectedVersion, reason: $reason) {
    __typename
    ... on ValidationError { message fieldErrors { path message } }
    ... on ConflictError { message currentVersion changedBy changedAt }
    ... on Error { message }
    ... on RetireModelFactSuccess {
      fact {
        id status version canVerify rejectionReason note enteredAt verifiedAt enteredBy { id email } verifiedBy { id email }
        citation { locator quote retrievedAt source { id url title kind linkStatus } }
        fact value model { id slug name }
      }
    }
  }
}`;

// Any kind

/** Entries of any kind, asking only for the cursors of pages skipped over. */
export const EntryCursors = /* GraphQL */ `
query EntryCursors($first: Int, $after: String, $filter: EntryFilter, $newestFirst: Boolean) {
  entries(first: $first, after: $after, filter: $filter, newestFirst: $newestFirst) { totalCount pageInfo { hasNextPage endCursor } }
}`;

/** An entry goes to the review queue; the answer says its new status and version. */
export const SubmitForReview = /* GraphQL */ `
mutation SubmitForReview($id: ID!, $expectedVersion: Int) {
  result: submitForReview(id: $id, expectedVersion: $expectedVersion) {
    __typename
    ... on ValidationError { message fieldErrors { path message } }
    ... on ConflictError { message currentVersion changedBy changedAt }
    ... on Error { message }
    ... on SubmitForReviewSuccess {
      claim {
        __typename ... on Score { id status version } ... on Price { id status version } ... on ModelFact { id status version }
      }
    }
  }
}`;
