import { sql } from 'drizzle-orm';
import { rowsOf, type Database } from '../../db/client.ts';
import type { ChangeKind } from '../../db/schema/index.ts';
import { readChanges, summaryOf, type ChangeRow } from '../changes/log.ts';
import { weekStart } from './read.ts';

// What the week's changes suggest for its digest: models published, moves into or within a top 10,
// price drops of 10% or more. Each comes with the number it cites (a launch: one of the model's
// verified numbers, its release date first), so every item of a digest is cited.

export interface Cited {
  claimKind: 'Score' | 'Price' | 'ModelFact';
  claimId: number;
  sourceId: number;
  locator: string;
}

export interface Candidate {
  change: ChangeRow;
  headline: string;
  cited: Cited | null;
}

const candidateKinds: ChangeKind[] = ['MODEL_PUBLISHED', 'LEADERBOARD_MOVE', 'PRICE_CHANGED'];
/** A week has far fewer; a bound so a bulk import cannot make the draft screen unreadable. */
const maxChangesRead = 1000;

export const topMoveRank = 10;
export const priceDropShare = 0.1;

/** Worth suggesting: a launch, a move to rank ≤ 10, a price down by ≥ 10%. */
export function isCandidate(change: ChangeRow): boolean {
  if (change.kind === 'MODEL_PUBLISHED') return true;
  if (change.kind === 'LEADERBOARD_MOVE') return Number(change.value) <= topMoveRank;
  if (change.kind === 'PRICE_CHANGED') {
    const was = Number(change.previousValue);
    const now = Number(change.value);
    return change.previousValue !== null && change.value !== null && was > 0 && (was - now) / was >= priceDropShare;
  }
  return false;
}

/** The ISO week's [start, end) in UTC. */
export function weekRange(week: string): { start: Date; end: Date } | null {
  const start = weekStart(week);
  return start ? { start, end: new Date(start.getTime() + 7 * 86_400_000) } : null;
}

/** The week's public changes worth a digest item, newest first, each with its citation. */
export async function weekCandidates(db: Database, week: string): Promise<Candidate[]> {
  const range = weekRange(week);
  if (!range) return [];
  const changes = (await readChanges(db, { since: range.start, until: range.end, kinds: candidateKinds }, maxChangesRead)).filter(isCandidate);
  return withCitations(db, changes);
}

/** Each change with the number it cites: its own, or for a launch one of the model's verified numbers. */
export async function withCitations(db: Database, changes: ChangeRow[]): Promise<Candidate[]> {
  const launches = [...new Set(changes.filter((change) => change.claimKind === null).map((change) => change.modelId))];
  const launchCitations = await modelCitations(db, launches);
  return changes.map((change) => ({
    change,
    headline: summaryOf(change, false),
    cited:
      change.claimKind !== null && change.claimId !== null && change.sourceId !== null
        ? { claimKind: change.claimKind, claimId: change.claimId, sourceId: change.sourceId, locator: change.locator ?? '' }
        : (launchCitations.get(change.modelId) ?? null),
  }));
}

/** For each model, one verified number to cite for its launch: its release date, else another fact, a price, a score. */
export async function modelCitations(db: Database, modelIds: number[]): Promise<Map<number, Cited>> {
  if (!modelIds.length) return new Map();
  const ids = sql.join(
    modelIds.map((id) => sql`${id}`),
    sql`, `,
  );
  const rows = rowsOf<{ model_id: number; claim_kind: Cited['claimKind']; claim_id: number; source_id: number; locator: string }>(
    await db.execute(sql`
      select distinct on (model_id) model_id, claim_kind, claim_id, source_id, locator from (
        select f.model_id, 'ModelFact' as claim_kind, f.id as claim_id, f.source_id, f.locator, case when f.fact = 'RELEASE_DATE' then 0 else 1 end as preference
          from model_facts f where f.model_id in (${ids}) and f.status = 'VERIFIED'
        union all
        select p.model_id, 'Price', p.id, p.source_id, p.locator, 2 from prices p where p.model_id in (${ids}) and p.status = 'VERIFIED'
        union all
        select s.model_id, 'Score', s.id, s.source_id, s.locator, 3 from scores s where s.model_id in (${ids}) and s.status = 'VERIFIED'
      ) cited order by model_id, preference, claim_id`),
  );
  return new Map(
    rows.map((row) => [
      Number(row.model_id),
      { claimKind: row.claim_kind, claimId: Number(row.claim_id), sourceId: Number(row.source_id), locator: row.locator },
    ]),
  );
}
