import { eq, sql } from 'drizzle-orm';
import type { DatabaseHandle } from '../../db/client.ts';
import { digestItems, digests } from '../../db/schema/index.ts';
import { type Candidate, weekCandidates } from './candidates.ts';
import { isoWeekOf } from './read.ts';

// The demo catalog's digest: one published digest for the week the demo was loaded, picked from the
// changes its import made (the reference model's launch, new leaders, price drops, a few launches),
// as an editor would. Published by the import, not a person (published_by is null).

const referenceSlug = 'o4-mini';

function pick(candidates: Candidate[]): Candidate[] {
  const cited = candidates.filter((candidate) => candidate.cited);
  const reference = cited.filter((candidate) => candidate.change.kind === 'MODEL_PUBLISHED' && candidate.change.modelSlug === referenceSlug);
  const leaders = new Map<number, Candidate>();
  const leadingModels = new Set<number>();
  for (const candidate of cited) {
    if (candidate.change.kind !== 'LEADERBOARD_MOVE' || Number(candidate.change.value) !== 1 || candidate.change.benchmarkId === null) continue;
    // The newest move to #1 on each board is its leader now; one board per model, for variety.
    if (leaders.has(candidate.change.benchmarkId) || leadingModels.has(candidate.change.modelId)) continue;
    leaders.set(candidate.change.benchmarkId, candidate);
    leadingModels.add(candidate.change.modelId);
  }
  const drops = cited.filter((candidate) => candidate.change.kind === 'PRICE_CHANGED').slice(0, 2);
  const launches = cited.filter((candidate) => candidate.change.kind === 'MODEL_PUBLISHED' && candidate.change.modelSlug !== referenceSlug).slice(0, 2);
  return [...reference, ...[...leaders.values()].slice(0, 4), ...drops, ...launches];
}

/** Publishes the demo week's digest, unless that week has one. */
export async function seedDemoDigest(handle: DatabaseHandle, now = new Date()): Promise<void> {
  const week = isoWeekOf(now);
  const items = pick(await weekCandidates(handle.db, week));
  if (!items.length) return;
  await handle.db.transaction(async (tx) => {
    const [digest] = await tx
      .insert(digests)
      .values({
        week,
        title: `${referenceSlug} and ${items.length - 1} more changes in the catalog`,
        intro: 'The demo catalog’s digest, picked from the changes its import made: a launch, the leaders of a few boards, and more. Every number links to its source.',
      })
      .onConflictDoNothing()
      .returning({ id: digests.id });
    if (!digest) return;
    await tx.insert(digestItems).values(
      items.map((item, index) => ({
        digestId: digest.id,
        position: index + 1,
        changeId: item.change.id,
        kind: item.change.kind,
        headline: item.headline,
        note: item.change.kind === 'MODEL_PUBLISHED' && item.change.modelSlug === referenceSlug ? 'The model the reference page is about.' : null,
        modelId: item.change.modelId,
        ...item.cited!,
      })),
    );
    // Items first: a published digest's items no longer change.
    await tx.update(digests).set({ status: 'PUBLISHED', publishedAt: sql`now()` as never }).where(eq(digests.id, digest.id));
  });
}
