// Selections several operations share, as GraphQL fragments. A document appends the fragments it
// spreads (and those they spread) after its operation; the admin test validates every document
// against schema.graphql, so a missing or unused fragment fails there, not in a browser.
// The API refuses documents over 500 tokens (graphql-armor), so lists ask for what their screens
// show and no more.

/** Every typed error of a mutation's result: its message, and a ValidationError's field errors. */
export const Refusal = /* GraphQL */ `
fragment Refusal on Error { message ... on ValidationError { fieldErrors { path message } } }`;

/**
 * What a ConflictError adds: the version the server has now, who changed it and when. Only results of
 * mutations taking an expected version hold ConflictError; spreading it elsewhere fails validation.
 */
export const Conflict = /* GraphQL */ `
fragment Conflict on ConflictError { currentVersion changedBy changedAt }`;

export const CitationFields = /* GraphQL */ `
fragment CitationFields on Citation { locator retrievedAt source { id url title kind linkStatus } }`;

// The sourced numbers (scores, prices, facts) share their workflow fields; Claim is a union, so each
// type's fragment writes them out.

export const ScoreFields = /* GraphQL */ `
fragment ScoreFields on Score {
  id status version canVerify rejectionReason note enteredAt verifiedAt enteredBy { id email } verifiedBy { id email }
  citation { ...CitationFields }
  value setting model { id slug name } benchmark { id slug name unit scaleMin scaleMax }
}`;

export const PriceFields = /* GraphQL */ `
fragment PriceFields on Price {
  id status version canVerify rejectionReason note enteredAt verifiedAt enteredBy { id email } verifiedBy { id email }
  citation { ...CitationFields }
  kind tierMinTokens usdPerMillionTokens effectiveFrom
}`;

/**
 * A fact's String value is aliased `factValue`: beside scores in one union selection it cannot share
 * the name of Score's Float value. claimRecord (resources/fields.ts) names it `value` again.
 */
export const FactFields = /* GraphQL */ `
fragment FactFields on ModelFact {
  id status version canVerify rejectionReason note enteredAt verifiedAt enteredBy { id email } verifiedBy { id email }
  citation { ...CitationFields }
  fact factValue: value model { id slug name }
}`;
