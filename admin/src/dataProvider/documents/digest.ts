// The weekly digest screen (admin/src/digest/): a week's draft with its candidate items, saving it,
// and publishing it. SaveDigest answers only the new version: the screen reloads the draft after a
// save (the server fills default headlines and renders the preview), and one document stays short.

/** A week's digest as saved so far, its candidate items, and the email as saved. Editors. */
export const DigestDraft = /* GraphQL */ `
query DigestDraft($week: String!) {
  digestDraft(week: $week) {
    week status version title intro publishedAt assembledByYou itemChangeIds
    items { kind headline note model { slug name } citation { locator source { url title } } }
    candidates { change { id at summary } kind headline model { slug name } citation { locator source { url title } } }
    preview { subject text html }
  }
}`;

export const SaveDigest = /* GraphQL */ `
mutation SaveDigest($input: SaveDigestInput!) {
  result: saveDigest(input: $input) {
    __typename
    ... on SaveDigestSuccess { digest { week status version } }
    ... on ConflictError { currentVersion changedBy changedAt }
    ... on ValidationError { fieldErrors { path message } }
    ... on Error { message }
  }
}`;

/** Reviewers and admins who did not save it; it is then emailed to confirmed subscribers. */
export const PublishDigest = /* GraphQL */ `
mutation PublishDigest($week: String!, $expectedVersion: Int) {
  result: publishDigest(week: $week, expectedVersion: $expectedVersion) {
    __typename
    ... on PublishDigestSuccess { recipients digest { week publishedAt } }
    ... on Error { message }
  }
}`;
