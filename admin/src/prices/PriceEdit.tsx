import { ClaimEdit } from '../workflow/ClaimEdit';
import type { SummaryLine } from '../workflow/ClaimSummary';
import { PriceFields } from './PriceFields';
import { priceKinds } from './priceKinds';

const usd = new Intl.NumberFormat('en-US', { style: 'currency', currency: 'USD', maximumFractionDigits: 4 });

/** A verified price as text: what the public sees. */
const summary: SummaryLine[] = [
  { label: 'Model', value: (r) => r.model?.name },
  { label: 'Kind', value: (r) => priceKinds.find((kind) => kind.id === r.kind)?.name ?? r.kind },
  { label: 'USD per 1M tokens', value: (r) => (r.usdPerMillionTokens == null ? null : usd.format(r.usdPerMillionTokens)) },
  { label: 'Applies above (tokens)', value: (r) => Number(r.tierMinTokens ?? 0).toLocaleString('en-US') },
  { label: 'Effective from', value: (r) => r.effectiveFrom },
];

export const PriceEdit = () => (
  <ClaimEdit title="Price" resource="prices" summary={summary}>
    <PriceFields locked />
  </ClaimEdit>
);
