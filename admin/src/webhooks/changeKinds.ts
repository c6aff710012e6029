/** The ChangeKind enum of the API (schema.graphql), in words, for the kinds a webhook is sent. */
export const changeKinds = [
  { id: 'SCORE_PUBLISHED', name: 'Score published' },
  { id: 'SCORE_SUPERSEDED', name: 'Score replaced' },
  { id: 'PRICE_CHANGED', name: 'Price changed' },
  { id: 'FACT_CHANGED', name: 'Model fact changed' },
  { id: 'LEADERBOARD_MOVE', name: 'Leaderboard move' },
  { id: 'MODEL_PUBLISHED', name: 'Model published' },
  { id: 'MODEL_RETIRED', name: 'Model retired' },
];

const names: Record<string, string> = Object.fromEntries(changeKinds.map((kind) => [kind.id, kind.name]));

export const kindName = (kind: string) => names[kind] ?? kind.replace(/_/g, ' ').toLowerCase();

/** An empty list means every kind, as the API reads it. */
export const kindsText = (kinds: readonly string[] | undefined) => (kinds?.length ? kinds.map(kindName).join(', ') : 'All changes');
