import { and, desc, eq, inArray, sql } from 'drizzle-orm';
import type { Database, Transaction } from '../../db/client.ts';
import { benchmarks, modelFacts, prices, scores, snapshotBodies, sourceSnapshots, type EvidenceStatus } from '../../db/schema/index.ts';
import type { ClaimKind } from '../catalog/claimKinds.ts';
import { MAX_TEXT_LENGTH, TEXT_CUT_MARK } from './extractText.ts';
import { findAtKeyPath } from './keyPath.ts';
import { findValue, type ValueToFind } from './valueMatch.ts';

/** Claims still in play: their evidence is kept current. Rejected, superseded and retired ones keep their last check. */
const liveStatuses = ['DRAFT', 'PENDING_REVIEW', 'VERIFIED'] as const;

/** The capture a check is made against: the source's latest fetch, with its text when it had one. */
export interface CaptureForCheck {
  id: number;
  fetchedAt: string;
  sha256: string | null;
  error: string | null;
  errorReason: string | null;
  format: string | null;
  text: string | null;
}

/** A number as the check needs it: what to look for, and where the editor said it is. */
export interface ClaimForCheck {
  kind: ClaimKind;
  id: number;
  value: ValueToFind;
  quote: string | null;
  locator: string;
  evidenceStatus: EvidenceStatus;
  evidenceSnapshotSha256: string | null;
}

export interface EvidenceResult {
  status: EvidenceStatus;
  excerpt: string | null;
  explanation: string;
  snapshotId: number | null;
  /** Set when the capture held the number. */
  confirmedAt: string | null;
}

/** What to search for, by kind: a fact's dates keep their precision (a cutoff given as a month). */
export function valueOfFact(fact: string, value: string): ValueToFind {
  if (fact === 'RELEASE_DATE' || fact === 'KNOWLEDGE_CUTOFF') return { kind: value.length === 7 ? 'MONTH' : 'DATE', value };
  return { kind: 'TOKENS', value: Number(value) };
}

/**
 * The evidence of one number against one capture. A number that an earlier, different capture held
 * and this one does not is PAGE_CHANGED (the page moved on), not NOT_FOUND (it never said it).
 */
export function judge(claim: Pick<ClaimForCheck, 'value' | 'quote' | 'locator' | 'evidenceStatus' | 'evidenceSnapshotSha256'>, capture: CaptureForCheck | null): EvidenceResult {
  if (!capture) return { status: 'UNCHECKED', excerpt: null, explanation: 'The source has not been captured yet.', snapshotId: null, confirmedAt: null };
  if (capture.error) {
    const reason = (capture.errorReason ?? capture.error).replace(/\.+$/, '');
    return { status: 'UNREACHABLE', excerpt: null, explanation: `The last capture failed: ${reason}.`, snapshotId: capture.id, confirmedAt: null };
  }
  if (capture.text === null || capture.text.trim() === '') {
    return { status: 'UNCHECKABLE', excerpt: null, explanation: 'The captured page has no text to search (an image, a binary file or an empty page).', snapshotId: capture.id, confirmedAt: null };
  }
  let match: ReturnType<typeof findValue>;
  try {
    // A key path into a JSON or TOML capture is read in the document; otherwise the text is searched.
    match = (capture.format ? findAtKeyPath(capture.text, capture.format, claim.locator, claim.value) : null) ?? findValue(capture.text, claim.value, { quote: claim.quote, locator: claim.locator });
  } catch (error) {
    // A value the matcher cannot read (the database's rules should have kept it out) is not evidence either way.
    return { status: 'UNCHECKABLE', excerpt: null, explanation: `The value cannot be searched for: ${(error as Error).message}`, snapshotId: capture.id, confirmedAt: null };
  }
  if (match.found) return { status: 'FOUND', excerpt: match.excerpt, explanation: match.explanation, snapshotId: capture.id, confirmedAt: capture.fetchedAt };
  // The extractor stopped before the end of the page: the number may be in the part never read.
  if (capture.text.includes(TEXT_CUT_MARK)) {
    const explanation = `${match.explanation} in the part of the page that was read; the rest (nested too deep or past ${MAX_TEXT_LENGTH.toLocaleString('en-US')} characters) could not be searched`;
    return { status: 'UNCHECKABLE', excerpt: null, explanation, snapshotId: capture.id, confirmedAt: null };
  }
  const heldBefore =
    (claim.evidenceStatus === 'FOUND' || claim.evidenceStatus === 'PAGE_CHANGED') && claim.evidenceSnapshotSha256 !== null && claim.evidenceSnapshotSha256 !== capture.sha256;
  return { status: heldBefore ? 'PAGE_CHANGED' : 'NOT_FOUND', excerpt: null, explanation: match.explanation, snapshotId: capture.id, confirmedAt: null };
}

/** A source's captures made for the address it has now (an older address's page is no evidence for it). */
export const capturesOfCurrentUrl = (sourceId: number) =>
  and(
    eq(sourceSnapshots.sourceId, sourceId),
    sql`coalesce(${sourceSnapshots.requestedUrl}, ${sourceSnapshots.url}) = (select url from sources where id = ${sourceId})`,
  );

/** The latest capture of a source at its current address (failed ones included: "the last capture failed" is evidence too). */
export async function latestCapture(db: Database | Transaction, sourceId: number): Promise<CaptureForCheck | null> {
  const [row] = await db
    .select({
      id: sourceSnapshots.id,
      fetchedAt: sourceSnapshots.fetchedAt,
      sha256: sourceSnapshots.sha256,
      error: sourceSnapshots.error,
      errorReason: sourceSnapshots.errorReason,
      format: snapshotBodies.format,
      text: snapshotBodies.text,
    })
    .from(sourceSnapshots)
    .leftJoin(snapshotBodies, eq(snapshotBodies.sha256, sourceSnapshots.sha256))
    .where(capturesOfCurrentUrl(sourceId))
    .orderBy(desc(sourceSnapshots.id))
    .limit(1);
  return row ?? null;
}

const evidenceShaOf = (table: typeof scores | typeof prices | typeof modelFacts) =>
  sql<string | null>`(select s.sha256 from source_snapshots s where s.id = ${table.evidenceSnapshotId})`;

/** Every live number citing a source, as the check needs it (no page text is read). */
export async function liveClaimsCiting(db: Database | Transaction, sourceId: number): Promise<ClaimForCheck[]> {
  const common = (table: typeof scores | typeof prices | typeof modelFacts) => ({
    id: table.id,
    quote: table.quote,
    locator: table.locator,
    evidenceStatus: table.evidenceStatus,
    evidenceSnapshotSha256: evidenceShaOf(table),
  });
  const citing = (table: typeof scores | typeof prices | typeof modelFacts) => and(eq(table.sourceId, sourceId), inArray(table.status, liveStatuses));
  const [scoreRows, priceRows, factRows] = await Promise.all([
    db
      .select({ ...common(scores), value: scores.value, scaleMax: benchmarks.scaleMax })
      .from(scores)
      .innerJoin(benchmarks, eq(benchmarks.id, scores.benchmarkId))
      .where(citing(scores)),
    db.select({ ...common(prices), value: prices.usdPerMillionTokens }).from(prices).where(citing(prices)),
    db.select({ ...common(modelFacts), fact: modelFacts.fact, value: modelFacts.value }).from(modelFacts).where(citing(modelFacts)),
  ]);
  return [
    ...scoreRows.map(({ value, scaleMax, ...row }) => ({ ...row, kind: 'Score' as const, value: { kind: 'SCORE' as const, value, scaleMax: Number(scaleMax) } })),
    ...priceRows.map(({ value, ...row }) => ({ ...row, kind: 'Price' as const, value: { kind: 'PRICE' as const, value: Number(value) } })),
    ...factRows.map(({ value, fact, ...row }) => ({ ...row, kind: 'ModelFact' as const, value: valueOfFact(fact, value) })),
  ];
}

/** Everything a judgement depends on: a claim whose key is unchanged gets the same judgement. */
function judgementKey(claim: ClaimForCheck): string {
  return JSON.stringify([claim.kind, claim.id, claim.value, claim.quote, claim.locator, claim.evidenceStatus, claim.evidenceSnapshotSha256]);
}

/** Judgements made ahead of the write, keyed by what they depended on. */
export type Prejudged = Map<string, EvidenceResult>;

/**
 * Judges every live number citing a source against a capture before any transaction opens: on a
 * 5 MB page with many numbers the matching takes seconds, longer than a transaction may sit idle
 * (idle_in_transaction_session_timeout). The write then applies these to the rows still as judged.
 */
export async function prejudge(db: Database, sourceId: number, capture: CaptureForCheck): Promise<Prejudged> {
  const judged: Prejudged = new Map();
  for (const claim of await liveClaimsCiting(db, sourceId)) {
    judged.set(judgementKey(claim), judge(claim, capture));
    // Long pages: let other requests in between numbers.
    await new Promise<void>((resolve) => setImmediate(resolve));
  }
  return judged;
}

const tableOf = { Score: scores, Price: prices, ModelFact: modelFacts } as const;

/**
 * Writes a number's evidence. Evidence columns are the checker's, not an editor's change: the
 * version editors save against does not move (as with a source's link status).
 */
export async function recordEvidence(tx: Transaction, kind: ClaimKind, id: number, result: EvidenceResult, checkedAt: string, fresh = false): Promise<void> {
  const table = tableOf[kind];
  await tx
    .update(table)
    .set({
      evidenceStatus: result.status,
      evidenceExcerpt: result.excerpt,
      evidenceExplanation: result.explanation,
      evidenceSnapshotId: result.snapshotId,
      evidenceCheckedAt: checkedAt,
      // A number entered or corrected just now was never confirmed before this check.
      ...(result.confirmedAt || fresh ? { lastConfirmedAt: result.confirmedAt } : {}),
    })
    .where(eq(table.id, id));
}

/**
 * Re-checks every live number citing a source against its latest capture (which the caller has read
 * or just written); counts by status. A judgement made ahead (`prejudged`) is used when the number is
 * still as it was judged; one entered or edited meanwhile is judged here.
 */
export async function evaluateSource(
  tx: Transaction,
  sourceId: number,
  capture: CaptureForCheck,
  /** A re-fetch that found the page unchanged: checked (and, where found, confirmed) now, not at the old capture's time. */
  again?: { checkedAt: string; confirmedAt: string },
  prejudged?: Prejudged,
): Promise<Partial<Record<EvidenceStatus, number>>> {
  const counts: Partial<Record<EvidenceStatus, number>> = {};
  const checkedAt = again?.checkedAt ?? capture.fetchedAt;
  for (const claim of await liveClaimsCiting(tx, sourceId)) {
    const ahead = prejudged?.get(judgementKey(claim));
    const judged = ahead ? { ...ahead, snapshotId: capture.id } : judge(claim, capture);
    const result = again && judged.confirmedAt ? { ...judged, confirmedAt: again.confirmedAt } : judged;
    await recordEvidence(tx, claim.kind, claim.id, result, checkedAt);
    counts[result.status] = (counts[result.status] ?? 0) + 1;
  }
  return counts;
}
/**
 * Checks one number just entered or corrected against its source's latest capture; returns the
 * evidence columns written, or null when there was nothing to change (never captured, still UNCHECKED).
 */
export async function evaluateClaim(tx: Transaction, kind: ClaimKind, row: Record<string, unknown>, scaleMax?: number) {
  const capture = await latestCapture(tx, Number(row.sourceId));
  if (!capture && row.evidenceStatus === 'UNCHECKED') return null;
  let value: ValueToFind;
  if (kind === 'Score') {
    const max = scaleMax ?? (await tx.select({ max: benchmarks.scaleMax }).from(benchmarks).where(eq(benchmarks.id, Number(row.benchmarkId))))[0]?.max;
    value = { kind: 'SCORE', value: Number(row.value), scaleMax: Number(max ?? 100) };
  } else if (kind === 'Price') {
    value = { kind: 'PRICE', value: Number(row.usdPerMillionTokens) };
  } else {
    value = valueOfFact(String(row.fact), String(row.value));
  }
  // A new or changed number has no earlier evidence of its own: what it is judged on starts here.
  const result = judge({ value, quote: (row.quote as string | null) ?? null, locator: String(row.locator), evidenceStatus: 'UNCHECKED', evidenceSnapshotSha256: null }, capture);
  const checkedAt = capture?.fetchedAt ?? new Date().toISOString();
  await recordEvidence(tx, kind, Number(row.id), result, checkedAt, true);
  return {
    evidenceStatus: result.status,
    evidenceExcerpt: result.excerpt,
    evidenceExplanation: result.explanation,
    evidenceSnapshotId: result.snapshotId,
    evidenceCheckedAt: checkedAt,
    lastConfirmedAt: result.confirmedAt,
  };
}
