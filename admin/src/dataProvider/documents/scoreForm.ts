// The score form (admin/src/scores/): a score with how it was obtained (conditions, metric), who ran
// it and its uncertainty; its create and update; and the preview of the board it would join.

export const ScoreFormNode = /* GraphQL */ `
query ScoreFormNode($id: ID!) {
  node(id: $id) {
    id
    ... on Score {
      __typename
      id status version canVerify rejectionReason note enteredAt verifiedAt enteredBy { id email } verifiedBy { id email }
      citation { locator quote retrievedAt source { id url title kind linkStatus } }
      value setting settingParsed metric runBy
      conditions { harness benchmarkVersion shots passAtK tools reasoningEffort }
      uncertainty { stderr low high level samples }
      model { id slug name publication } benchmark { id slug name unit scaleMin scaleMax publication }
    }
  }
}`;

export const CreateScoreWithConditions = /* GraphQL */ `
mutation CreateScoreWithConditions($input: CreateScoreInput!) {
  result: createScore(input: $input) {
    __typename
    ... on ValidationError { message fieldErrors { path message } }
    ... on Error { message }
    ... on CreateScoreSuccess {
      score {
        __typename
        id status version canVerify rejectionReason note enteredAt verifiedAt enteredBy { id email } verifiedBy { id email }
        citation { locator quote retrievedAt source { id url title kind linkStatus } }
        value setting settingParsed metric runBy
        conditions { harness benchmarkVersion shots passAtK tools reasoningEffort }
        uncertainty { stderr low high level samples }
        model { id slug name publication } benchmark { id slug name unit scaleMin scaleMax publication }
      }
    }
  }
}`;

export const UpdateScoreWithConditions = /* GraphQL */ `
mutation UpdateScoreWithConditions($id: ID!, $expectedVersion: Int!, $patch: UpdateScoreInput!) {
  result: updateScore(id: $id, expectedVersion: $expectedVersion, patch: $patch) {
    __typename
    ... on ValidationError { message fieldErrors { path message } }
    ... on ConflictError { message currentVersion changedBy changedAt }
    ... on Error { message }
    ... on UpdateScoreSuccess {
      score {
        __typename
        id status version canVerify rejectionReason note enteredAt verifiedAt enteredBy { id email } verifiedBy { id email }
        citation { locator quote retrievedAt source { id url title kind linkStatus } }
        value setting settingParsed metric runBy
        conditions { harness benchmarkVersion shots passAtK tools reasoningEffort }
        uncertainty { stderr low high level samples }
        model { id slug name publication } benchmark { id slug name unit scaleMin scaleMax publication }
      }
    }
  }
}`;

/** The label the conditions make, the default board and whether the score joins it, and how many published results are comparable. */
export const BoardPreview = /* GraphQL */ `
query BoardPreview($benchmark: String!, $conditions: ScoreConditionsInput, $metric: String, $runBy: RunBy) {
  preview: boardPreview(benchmark: $benchmark, conditions: $conditions, metric: $metric, runBy: $runBy) {
    setting versions comparableOn defaultSetting
    defaultConditions { harness benchmarkVersion shots passAtK tools reasoningEffort }
    joinsDefaultBoard reason comparablePublished warning
  }
}`;
