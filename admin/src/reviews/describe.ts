import type { RaRecord } from 'react-admin';
import { sourceKinds } from '../citations/methodology';

// How the workbench names a pending number, its value and the value it would replace.

/** "o4-mini · SWE-bench Verified (pass@1, no tools)", "o4-mini · input price", "o4-mini · context window". */
export const describeEntry = (record: Partial<RaRecord>) => {
  switch (record.resource) {
    case 'scores':
      return `${record.model?.name} · ${record.benchmark?.name}${record.setting ? ` (${record.setting})` : ''}`;
    case 'prices':
      return `${record.model?.name} · ${String(record.kind).toLowerCase().replace(/_/g, ' ')} price${record.tierMinTokens ? ` above ${Number(record.tierMinTokens).toLocaleString('en')} tokens` : ''}`;
    default:
      return `${record.model?.name} · ${String(record.fact ?? '').toLowerCase().replace(/_/g, ' ')}`;
  }
};

/** A value of the entry's kind as readers see it: "68.1 %", "$1.10 / 1M tokens", "200,000". */
export function formatValue(record: Partial<RaRecord>, value: unknown): string {
  if (record.resource === 'scores') return `${value}${record.benchmark?.unit === 'PERCENT' ? ' %' : ''}`;
  if (record.resource === 'prices') return `$${value} / 1M tokens`;
  const text = String(value);
  return /^\d{4,}$/.test(text) ? Number(text).toLocaleString('en') : text;
}

/** The pending value itself. */
export const entryValue = (record: Partial<RaRecord>) =>
  formatValue(record, record.resource === 'prices' ? record.usdPerMillionTokens : record.value);

/** The number behind a value, when it has one (scores, prices, token counts). */
export function numeric(record: Partial<RaRecord>, value: unknown): number | null {
  const number = typeof value === 'number' ? value : record.resource === 'modelFacts' && /^\d+$/.test(String(value)) ? Number(value) : Number.NaN;
  return Number.isFinite(number) ? number : null;
}

/** "+4.1", "−0.3" (or null when either side is not a number, or they are equal). */
export function change(record: Partial<RaRecord>, now: unknown, before: unknown): string | null {
  const a = numeric(record, now);
  const b = numeric(record, before);
  if (a === null || b === null || a === b) return null;
  const delta = Math.round((a - b) * 1e6) / 1e6;
  const text = Math.abs(delta).toLocaleString('en', { maximumFractionDigits: 6 });
  return `${delta > 0 ? '+' : '−'}${text}`;
}

export const kindLabel: Record<string, string> = { scores: 'Score', prices: 'Price', modelFacts: 'Fact' };

export const sourceKindName = (kind: string | undefined) => sourceKinds.find((one) => one.id === kind)?.name ?? kind ?? '';

/**
 * The page opened at the quote: the API's quoteUrl (a text fragment, `#:~:text=`, where there is a
 * quote or a found excerpt), else one made from the quote, else the page itself.
 */
export function quoteLink(record: Partial<RaRecord>): string | undefined {
  const citation = record.citation as { quoteUrl?: string; quote?: string | null; source?: { url?: string } } | undefined;
  if (citation?.quoteUrl) return citation.quoteUrl;
  const url = citation?.source?.url;
  if (!url) return undefined;
  return citation?.quote ? `${url.split('#')[0]}#:~:text=${encodeURIComponent(citation.quote)}` : url;
}
