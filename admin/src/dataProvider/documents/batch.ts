// Batch entry from one source (admin/src/batch): a table checked (dryRun) and entered in one
// transaction, then submitted for review together, all or nothing.

export const CreateBatch = `mutation CreateBatch($input: CreateBatchInput!) {
  result: createBatch(input: $input) {
    __typename
    ... on CreateBatchSuccess {
      count
      dryRun
      entries {
        __typename
        ... on Score { id status version value }
        ... on Price { id status version usdPerMillionTokens }
      }
    }
    ... on ValidationError { message fieldErrors { path message } }
    ... on Error { message }
  }
}`;

export const SubmitBatchForReview = `mutation SubmitBatchForReview($ids: [ID!]!) {
  result: submitBatchForReview(ids: $ids) {
    __typename
    ... on SubmitBatchForReviewSuccess {
      entries {
        __typename
        ... on Score { id status }
        ... on Price { id status }
      }
    }
    ... on ValidationError { message fieldErrors { path message } }
    ... on Error { message }
  }
}`;
