import { and, eq } from 'drizzle-orm';
import { modelFacts, prices, scores } from '../../db/schema/index.ts';

// The kinds of sourced number, once: every rule and query that goes from a kind to its table reads it here.

/**
 * The three kinds of sourced number (the key is the GraphQL type and audit entity type): the Drizzle
 * table, its SQL name, the word for it, and what makes two claims compete for the same published slot.
 */
export const claimKinds = {
  Score: {
    table: scores,
    tableName: 'scores',
    label: 'score',
    sameSlot: (row: typeof scores.$inferSelect) =>
      and(eq(scores.modelId, row.modelId), eq(scores.benchmarkId, row.benchmarkId), eq(scores.setting, row.setting)),
  },
  Price: {
    table: prices,
    tableName: 'prices',
    label: 'price',
    sameSlot: (row: typeof prices.$inferSelect) =>
      and(
        eq(prices.modelId, row.modelId),
        eq(prices.kind, row.kind),
        eq(prices.tierMinTokens, row.tierMinTokens),
        eq(prices.effectiveFrom, row.effectiveFrom),
      ),
  },
  ModelFact: {
    table: modelFacts,
    tableName: 'model_facts',
    label: 'fact',
    sameSlot: (row: typeof modelFacts.$inferSelect) => and(eq(modelFacts.modelId, row.modelId), eq(modelFacts.fact, row.fact)),
  },
} as const;

export type ClaimKind = keyof typeof claimKinds;

/** The API's EntryKind enum (filters of entry lists) as claim kinds. */
export const claimKindOfEntry = { SCORE: 'Score', PRICE: 'Price', MODEL_FACT: 'ModelFact' } as const satisfies Record<string, ClaimKind>;
export type EntryKind = keyof typeof claimKindOfEntry;
