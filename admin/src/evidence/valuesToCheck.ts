import type { ValueOfForm } from './EvidencePanel';

// How each form holds the number its evidence panel looks for; null until it is complete enough to check.

const finite = (value: unknown) => value !== null && value !== '' && value !== undefined && Number.isFinite(Number(value));

export const scoreToCheck: ValueOfForm = (values) =>
  values.benchmarkId && finite(values.value) ? { score: { benchmark: String(values.benchmarkId), value: Number(values.value) } } : null;

export const priceToCheck: ValueOfForm = (values) =>
  finite(values.usdPerMillionTokens) && Number(values.usdPerMillionTokens) >= 0 ? { usdPerMillionTokens: Number(values.usdPerMillionTokens) } : null;

const complete = { date: /^\d{4}-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?$/, tokens: /^[1-9]\d{0,9}$/ };

/** A fact's value once it reads as its kind (a date as YYYY-MM[-DD], tokens as digits). */
export const factToCheck =
  (fact: { id: string; kind: 'date' | 'tokens' }): ValueOfForm =>
  (values) => {
    const value = String(values.value ?? '').trim();
    return complete[fact.kind].test(value) ? { fact: { fact: fact.id, value } } : null;
  };
