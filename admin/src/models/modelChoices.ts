export const modelStatuses = [
  { id: 'ACTIVE', name: 'Active' },
  { id: 'DEPRECATED', name: 'Deprecated' },
  { id: 'RETIRED', name: 'Retired' },
];

export const factKinds = [
  { id: 'RELEASE_DATE', field: 'releaseDate', name: 'Release date', hint: 'YYYY-MM-DD (or YYYY-MM when the source gives only the month)', kind: 'date' },
  { id: 'KNOWLEDGE_CUTOFF', field: 'knowledgeCutoff', name: 'Knowledge cutoff', hint: 'YYYY-MM or YYYY-MM-DD', kind: 'date' },
  { id: 'CONTEXT_WINDOW', field: 'contextWindow', name: 'Context window', hint: 'Tokens, e.g. 200000', kind: 'tokens' },
  { id: 'MAX_OUTPUT_TOKENS', field: 'maxOutputTokens', name: 'Max output tokens', hint: 'Tokens, e.g. 100000', kind: 'tokens' },
] as const;

export type FactKind = (typeof factKinds)[number];
