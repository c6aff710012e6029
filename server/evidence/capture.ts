import { createHash } from 'node:crypto';
import { desc, eq } from 'drizzle-orm';
import type { Database, Transaction } from '../../db/client.ts';
import { snapshotBodies, sourceSnapshots, sources, type EvidenceStatus } from '../../db/schema/index.ts';
import { fetchPage, type FetchPageOptions } from '../sources/fetchPage.ts';
import { capturesOfCurrentUrl, evaluateSource, prejudge, type CaptureForCheck, type Prejudged } from './evaluate.ts';
import { extractTextIsolated } from './extractIsolated.ts';
import { extractText } from './extractText.ts';

export type SnapshotRow = typeof sourceSnapshots.$inferSelect;

/** What a capture recorded: the new (or unchanged latest) snapshot and how the numbers citing the source came out. */
export interface CaptureOutcome {
  snapshot: SnapshotRow;
  /** False when the page was the same as last time: no new snapshot, the numbers are confirmed again. */
  changed: boolean;
  evidence: Partial<Record<EvidenceStatus, number>>;
}

export class SourceMovedError extends Error {
  constructor() {
    super("The source's address changed while it was being captured; capture it again.");
  }
}

export class UnknownSourceError extends Error {
  constructor() {
    super('No such source.');
  }
}

/** Captures in flight in this process: fetching is bounded whoever asks (mutations, the re-check, the importer). */
const maxConcurrentCaptures = 4;
let running = 0;
const waiting: (() => void)[] = [];

async function withCaptureSlot<T>(work: () => Promise<T>): Promise<T> {
  if (running >= maxConcurrentCaptures) await new Promise<void>((resolve) => waiting.push(resolve));
  running++;
  try {
    return await work();
  } finally {
    running--;
    waiting.shift()?.();
  }
}

/** The body and text to store, or why there is none. */
interface Fetched {
  /** The source's address as asked for; `url` is where the body came from after redirects. */
  requestedUrl: string;
  url: string;
  httpStatus: number | null;
  contentType: string | null;
  body: { sha256: string; bytes: Buffer; format: string; text: string | null } | null;
  error: string | null;
  errorReason: string | null;
}

async function fetchForCapture(url: string, options: FetchPageOptions): Promise<Fetched> {
  const page = await fetchPage(url, options);
  if (!page.ok) return { requestedUrl: url, url: page.url ?? url, httpStatus: page.httpStatus, contentType: null, body: null, error: page.error, errorReason: page.reason };
  if (page.httpStatus >= 400) {
    return { requestedUrl: url, url: page.url, httpStatus: page.httpStatus, contentType: page.contentType, body: null, error: 'HTTP_ERROR', errorReason: `the page answered HTTP ${page.httpStatus}` };
  }
  // Off the main thread, within a deadline: a hostile page must not stall every request (extractIsolated.ts).
  const extracted = await extractTextIsolated(page.body, page.contentType, page.url);
  const sha256 = createHash('sha256').update(page.body).digest('hex');
  return {
    requestedUrl: url,
    url: page.url,
    httpStatus: page.httpStatus,
    contentType: page.contentType,
    body: { sha256, bytes: page.body, format: extracted.format, text: extracted.text },
    error: null,
    errorReason: null,
  };
}

/** The body's text as the check reads it (identical bodies have identical text). */
function textOf(fetched: Fetched): Pick<CaptureForCheck, 'format' | 'text'> {
  return { format: fetched.body?.format ?? null, text: fetched.body?.text ?? null };
}

/**
 * Stores one capture (the body once per content) and writes the evidence of every live number citing
 * the source, in one transaction: the evidence never points at a capture that is not there. A page
 * identical to the last capture adds no snapshot; its numbers are confirmed again. Judgements made
 * before the transaction (`prejudged`) are applied to the numbers still as judged; no page text is
 * read back from the database.
 */
export async function recordCapture(tx: Transaction, sourceId: number, fetched: Fetched, capturedAt = new Date().toISOString(), prejudged?: Prejudged) {
  const [latest] = await tx.select().from(sourceSnapshots).where(capturesOfCurrentUrl(sourceId)).orderBy(desc(sourceSnapshots.id)).limit(1);
  if (fetched.body && latest && !latest.error && latest.sha256 === fetched.body.sha256) {
    const capture = { ...latest, ...textOf(fetched) };
    const evidence = await evaluateSource(tx, sourceId, capture, { checkedAt: capturedAt, confirmedAt: capturedAt }, prejudged);
    return { snapshot: latest, changed: false, evidence };
  }
  if (fetched.body) {
    await tx
      .insert(snapshotBodies)
      .values({ sha256: fetched.body.sha256, body: fetched.body.bytes, byteSize: fetched.body.bytes.length, format: fetched.body.format as 'HTML', text: fetched.body.text })
      .onConflictDoNothing();
  }
  const [snapshot] = await tx
    .insert(sourceSnapshots)
    .values({
      sourceId,
      url: fetched.url,
      requestedUrl: fetched.requestedUrl,
      httpStatus: fetched.httpStatus,
      contentType: fetched.contentType?.slice(0, 200) ?? null,
      fetchedAt: capturedAt,
      sha256: fetched.body?.sha256 ?? null,
      error: fetched.error,
      errorReason: fetched.errorReason,
    })
    .returning();
  const evidence = await evaluateSource(tx, sourceId, { ...snapshot!, ...textOf(fetched) }, undefined, prejudged);
  return { snapshot: snapshot!, changed: true, evidence };
}

/** A source's page as fetched, for the address it had when the fetch began. */
export interface SourcePage {
  sourceId: number;
  requestedUrl: string;
  fetched: Fetched;
  fetchedAt: string;
  /** The numbers citing the source, judged against this page before any transaction opens. */
  prejudged: Prejudged;
}

/**
 * Fetches a source's page (SSRF-safe, bounded: see fetchPage), with no transaction open while it
 * waits on the network.
 */
export async function fetchSourcePage(db: Database, sourceId: number, options: FetchPageOptions = {}): Promise<SourcePage> {
  const [source] = await db.select({ url: sources.url }).from(sources).where(eq(sources.id, sourceId));
  if (!source) throw new UnknownSourceError();
  const fetched = await withCaptureSlot(() => fetchForCapture(source.url, options));
  const fetchedAt = new Date().toISOString();
  const asCapture = { id: 0, fetchedAt, sha256: fetched.body?.sha256 ?? null, error: fetched.error, errorReason: fetched.errorReason, ...textOf(fetched) };
  return { sourceId, requestedUrl: source.url, fetched, fetchedAt, prejudged: await prejudge(db, sourceId, asCapture) };
}

/**
 * Records a fetched page in the caller's transaction. If an editor changed the source's address
 * meanwhile, the capture is dropped (SourceMovedError) rather than filed under the new address.
 */
export async function storeCapture(tx: Transaction, page: SourcePage): Promise<CaptureOutcome> {
  const [current] = await tx.select({ url: sources.url }).from(sources).where(eq(sources.id, page.sourceId)).for('share');
  if (!current) throw new UnknownSourceError();
  if (current.url !== page.requestedUrl) throw new SourceMovedError();
  return recordCapture(tx, page.sourceId, page.fetched, page.fetchedAt, page.prejudged);
}

/** Fetch and record in one go: the re-check's path (a mutation records inside its audited write). */
export async function captureSource(db: Database, sourceId: number, options: FetchPageOptions = {}): Promise<CaptureOutcome> {
  const page = await fetchSourcePage(db, sourceId, options);
  return db.transaction((tx) => storeCapture(tx, page));
}

/** A file read from disk (the importer's models.dev TOML) stored as its source's capture. */
export async function captureFile(tx: Transaction, sourceId: number, url: string, bytes: Buffer, contentType: string, capturedAt?: string) {
  const extracted = await extractText(bytes, contentType, url);
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  return recordCapture(
    tx,
    sourceId,
    { requestedUrl: url, url, httpStatus: null, contentType, body: { sha256, bytes, format: extracted.format, text: extracted.text }, error: null, errorReason: null },
    capturedAt,
  );
}
