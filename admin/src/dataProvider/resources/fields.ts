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
export function citationInput(citation: { sourceId?: string | null; locator?: string | null; quote?: string | null; retrievedAt?: string | null } | null | undefined) {
  if (!citation) return null;
  return {
    sourceId: citation.sourceId || null,
    locator: citation.locator?.trim() || null,
    quote: citation.quote?.trim() || null,
    retrievedAt: citation.retrievedAt || null,
  };
}

/** Citation changed between two records (by source, locator, quote or date)? */
export function citationChanged(a: any, b: any) {
  const pick = (c: any) => JSON.stringify([c?.sourceId ?? c?.source?.id ?? null, c?.locator ?? null, c?.quote || null, c?.retrievedAt ?? null]);
  return pick(a) !== pick(b);
}
