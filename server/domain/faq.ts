import { formatPartialDate, formatTokens, formatUsd } from './format.ts';

export interface FaqFacts {
  name: string;
  providerName: string;
  inputUsdPerMillion: number | null;
  outputUsdPerMillion: number | null;
  contextWindow: number | null;
  maxOutputTokens: number | null;
  openWeights: boolean;
  licenseName: string;
  /** Who the current prices were taken from: the provider itself or another publisher. */
  priceSource: { vendor: boolean; publisher: string } | null;
  /** YYYY, YYYY-MM or YYYY-MM-DD: the precision the source gives. */
  releaseDate: string | null;
  knowledgeCutoff: string | null;
}

export interface FaqEntry {
  question: string;
  answer: string;
}

/** Questions a reader asks, answered only from the model's sourced facts; unknown facts are left out. */
export function buildFaq(facts: FaqFacts): FaqEntry[] {
  const { name } = facts;
  const faq: FaqEntry[] = [];
  if (facts.inputUsdPerMillion !== null || facts.outputUsdPerMillion !== null) {
    const parts = [
      facts.inputUsdPerMillion !== null ? `${formatUsd(facts.inputUsdPerMillion)} per 1M input tokens` : null,
      facts.outputUsdPerMillion !== null ? `${formatUsd(facts.outputUsdPerMillion)} per 1M output tokens` : null,
    ].filter(Boolean);
    faq.push({
      question: `How much does ${name} cost?`,
      answer: `${name} costs ${parts.join(' and ')}, ${priceAttribution(facts)}.`,
    });
  }
  if (facts.contextWindow !== null) {
    const output =
      facts.maxOutputTokens !== null
        ? ` and can write up to ${formatTokens(facts.maxOutputTokens)} tokens (${facts.maxOutputTokens.toLocaleString('en-US')}) in one response`
        : '';
    faq.push({
      question: `What is the context window of ${name}?`,
      answer: `${name} accepts up to ${formatTokens(facts.contextWindow)} tokens (${facts.contextWindow.toLocaleString('en-US')}) of context${output}.`,
    });
  }
  faq.push({
    question: `Is ${name} open source?`,
    answer: facts.openWeights
      ? `Yes: ${name}'s weights are openly available under the ${facts.licenseName} licence.`
      : `No. ${name} is a proprietary model (${facts.licenseName}); its weights are not published and it is used through ${facts.providerName}'s API.`,
  });
  if (facts.releaseDate !== null) {
    faq.push({
      question: `When was ${name} released?`,
      // "on Apr 16, 2025", but "in Apr 2025" or "in 2025" when the source gives no day.
      answer: `${facts.providerName} released ${name} ${facts.releaseDate.length === 10 ? 'on' : 'in'} ${formatPartialDate(facts.releaseDate)}.`,
    });
  }
  if (facts.knowledgeCutoff !== null) {
    faq.push({
      question: `What is the knowledge cutoff of ${name}?`,
      answer: `${name}'s training data runs up to ${formatPartialDate(facts.knowledgeCutoff)}; it knows nothing of later events unless you provide them.`,
    });
  }
  return faq;
}

/** "as published by OpenAI" only when the price was read off the provider's own pages. */
function priceAttribution({ priceSource, providerName }: FaqFacts): string {
  if (!priceSource || priceSource.vendor) return `as published by ${providerName}`;
  return `as listed by ${priceSource.publisher}`;
}
