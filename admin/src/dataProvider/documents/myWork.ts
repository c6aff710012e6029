// An editor's own work ("My work"): their entries by state, the rejections they have not fixed yet,
// and who rejected an entry and when (its REJECT event: the author may read their entries' history).

/** The signed-in person's entries in one state, oldest first, a page at a time. */
export const MyWorkEntries = /* GraphQL */ `
query MyWorkEntries($status: ClaimStatus!, $first: Int!, $after: String) {
  myEntries(first: $first, after: $after, status: $status) {
    totalCount pageInfo { hasNextPage endCursor }
    edges {
      node {
        __typename
        ... on Score {
          id status version rejectionReason enteredAt verifiedAt verifiedBy { email }
          citation { locator quote retrievedAt source { id url title } }
          value setting model { id slug name } benchmark { id name unit }
        }
        ... on Price {
          id status version rejectionReason enteredAt verifiedAt verifiedBy { email }
          citation { locator quote retrievedAt source { id url title } }
          kind tierMinTokens usdPerMillionTokens effectiveFrom model { id slug name }
        }
        ... on ModelFact {
          id status version rejectionReason enteredAt verifiedAt verifiedBy { email }
          citation { locator quote retrievedAt source { id url title } }
          fact factValue: value model { id slug name }
        }
      }
    }
  }
}`;

/** How many of the signed-in person's entries were rejected and not yet fixed (the menu's badge). */
export const MyRejectedCount = /* GraphQL */ `
query MyRejectedCount {
  myEntries(first: 1, status: REJECTED) { totalCount }
}`;

/** Who rejected an entry and when: its latest REJECT event. */
export const RejectionOf = /* GraphQL */ `
query RejectionOf($entityId: ID!) {
  auditEvents(entityId: $entityId, action: "REJECT", first: 1) {
    edges { node { id at actor { email } } }
  }
}`;
