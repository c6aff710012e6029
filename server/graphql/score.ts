import { builder } from './builder.ts';
import { citationOf, citationSelection, Citation } from './citation.ts';

export const Score = builder.drizzleNode('scores', {
  name: 'Score',
  description: "A model's result on a benchmark under a setting, with its citation.",
  id: { column: (score) => score.id },
  select: {},
  fields: (t) => ({
    value: t.exposeFloat('value'),
    setting: t.string({
      nullable: true,
      description: 'How the score was obtained, e.g. "pass@1, no tools".',
      select: { columns: { setting: true } },
      resolve: (score) => score.setting || null,
    }),
    model: t.relation('model'),
    benchmark: t.relation('benchmark'),
    citation: t.field({ type: Citation, select: citationSelection, resolve: citationOf }),
  }),
});

/** A row of a leaderboard: a published score with its rank (ties share a rank). */
export const LeaderboardEntry = builder.drizzleObject('scores', {
  variant: 'LeaderboardEntry',
  select: {},
  fields: (t) => ({
    rank: t.int({ resolve: (entry) => Number((entry as unknown as { rank: number }).rank) }),
    value: t.exposeFloat('value'),
    setting: t.string({
      nullable: true,
      select: { columns: { setting: true } },
      resolve: (score) => score.setting || null,
    }),
    model: t.relation('model'),
    benchmark: t.relation('benchmark'),
    citation: t.field({ type: Citation, select: citationSelection, resolve: citationOf }),
  }),
});
