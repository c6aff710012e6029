// Selections shared by several resources. The API refuses documents over 500 tokens (graphql-armor),
// so lists ask for what their screens show and no more.

export const citationFields = 'citation { locator retrievedAt source { id url title kind linkStatus } }';
export const claimFields = `id status version canVerify rejectionReason note enteredAt verifiedAt
  enteredBy { id email } verifiedBy { id email } ${citationFields}`;
export const scoreFields = `${claimFields} value setting model { id slug name } benchmark { id slug name unit scaleMin scaleMax }`;
export const priceFields = `${claimFields} kind tierMinTokens usdPerMillionTokens effectiveFrom`;
export const factFields = `${claimFields} fact value model { id slug name }`;
/** A fact beside scores in one union selection: its String value cannot share the name of Score's Float value. */
export const factFieldsInUnion = factFields.replace(' value ', ' factValue: value ');

/** Claims (scores, prices, facts) as react-admin records: references flattened, the citation's source id exposed. */
export function claimRecord(claim: any, model?: { id: string; slug?: string; name?: string }) {
  const resource = claim.__typename === 'Price' ? 'prices' : claim.__typename === 'ModelFact' ? 'modelFacts' : claim.__typename === 'Score' ? 'scores' : undefined;
  const owner = claim.model ?? model;
  const { factValue, ...fields } = claim;
  return {
    ...fields,
    ...(factValue !== undefined ? { value: factValue } : {}),
    ...(resource ? { resource } : {}),
    model: owner,
    modelId: owner?.id,
    benchmarkId: claim.benchmark?.id,
    updatedAt: claim.verifiedAt ?? claim.enteredAt,
    citation: claim.citation ? { ...claim.citation, sourceId: claim.citation.source?.id } : claim.citation,
  };
}

/** The citation as the API takes it. */
export function citationInput(citation: { sourceId?: string | null; locator?: string | null; retrievedAt?: string | null } | null | undefined) {
  if (!citation) return null;
  return {
    sourceId: citation.sourceId || null,
    locator: citation.locator?.trim() || null,
    retrievedAt: citation.retrievedAt || null,
  };
}

/** Citation changed between two records (by source, locator or date)? */
export function citationChanged(a: any, b: any) {
  const pick = (c: any) => JSON.stringify([c?.sourceId ?? c?.source?.id ?? null, c?.locator ?? null, c?.retrievedAt ?? null]);
  return pick(a) !== pick(b);
}
