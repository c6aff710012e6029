export interface CurrentPrices {
  inputUsdPerMillion: number | null;
  outputUsdPerMillion: number | null;
}

/**
 * Cost in USD of a call with the given token counts at the current base-tier prices, rounded to
 * a millionth of a dollar; null when a needed price is not published.
 */
export function estimateCost(prices: CurrentPrices, inputTokens: number, outputTokens: number): number | null {
  if (inputTokens < 0 || outputTokens < 0) throw new RangeError('Token counts cannot be negative');
  if (inputTokens > 0 && prices.inputUsdPerMillion === null) return null;
  if (outputTokens > 0 && prices.outputUsdPerMillion === null) return null;
  const cost =
    (inputTokens * (prices.inputUsdPerMillion ?? 0) + outputTokens * (prices.outputUsdPerMillion ?? 0)) / 1_000_000;
  return Math.round(cost * 1_000_000) / 1_000_000;
}
