import { createHash } from 'node:crypto';
import { eq } from 'drizzle-orm';
import type { Database, Transaction } from '../../db/client.ts';
import { snapshotBodies, sourceSnapshots, sources, type EvidenceStatus } from '../../db/schema/index.ts';
import { fetchPage, type FetchPageOptions } from '../sources/fetchPage.ts';
import { evaluateSource, latestCapture } from './evaluate.ts';
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
  url: string;
  httpStatus: number | null;
  contentType: string | null;
  body: { sha256: string; bytes: Buffer; format: string; text: string | null } | null;
  error: string | null;
  errorReason: string | null;
}

async function fetchForCapture(url: string, options: FetchPageOptions): Promise<Fetched> {
  const page = await fetchPage(url, options);
  if (!page.ok) return { url: page.url ?? url, httpStatus: page.httpStatus, contentType: null, body: null, error: page.error, errorReason: page.reason };
  if (page.httpStatus >= 400) {
    return { url: page.url, httpStatus: page.httpStatus, contentType: page.contentType, body: null, error: 'HTTP_ERROR', errorReason: `the page answered HTTP ${page.httpStatus}` };
  }
  const extracted = await extractText(page.body, page.contentType, page.url);
  const sha256 = createHash('sha256').update(page.body).digest('hex');
  return {
    url: page.url,
    httpStatus: page.httpStatus,
    contentType: page.contentType,
    body: { sha256, bytes: page.body, format: extracted.format, text: extracted.text },
    error: null,
    errorReason: null,
  };
}

/**
 * Stores one capture (the body once per content) and re-checks every live number citing the source,
 * in one transaction: the evidence never points at a capture that is not there. A page identical to
 * the last capture adds no snapshot; its numbers are confirmed again.
 */
export async function recordCapture(tx: Transaction, sourceId: number, fetched: Fetched, capturedAt = new Date().toISOString()) {
  const latest = await latestCapture(tx, sourceId);
  if (fetched.body && latest && !latest.error && latest.sha256 === fetched.body.sha256) {
    const evidence = await evaluateSource(tx, sourceId, latest, { checkedAt: capturedAt, confirmedAt: capturedAt });
    const [snapshot] = await tx.select().from(sourceSnapshots).where(eq(sourceSnapshots.id, latest.id));
    return { snapshot: snapshot!, changed: false, evidence };
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
      httpStatus: fetched.httpStatus,
      contentType: fetched.contentType?.slice(0, 200) ?? null,
      fetchedAt: capturedAt,
      sha256: fetched.body?.sha256 ?? null,
      error: fetched.error,
      errorReason: fetched.errorReason,
    })
    .returning();
  // The capture just written is the latest: checked against as is, its text not read back.
  const capture = { ...snapshot!, format: fetched.body?.format ?? null, text: fetched.body?.text ?? null };
  const evidence = await evaluateSource(tx, sourceId, capture);
  return { snapshot: snapshot!, changed: true, evidence };
}

/** A source's page as fetched, for the address it had when the fetch began. */
export interface SourcePage {
  sourceId: number;
  requestedUrl: string;
  fetched: Fetched;
}

/**
 * Fetches a source's page (SSRF-safe, bounded: see fetchPage), with no transaction open while it
 * waits on the network.
 */
export async function fetchSourcePage(db: Database, sourceId: number, options: FetchPageOptions = {}): Promise<SourcePage> {
  const [source] = await db.select({ url: sources.url }).from(sources).where(eq(sources.id, sourceId));
  if (!source) throw new UnknownSourceError();
  return { sourceId, requestedUrl: source.url, fetched: await withCaptureSlot(() => fetchForCapture(source.url, options)) };
}

/**
 * Records a fetched page in the caller's transaction. If an editor changed the source's address
 * meanwhile, the capture is dropped (SourceMovedError) rather than filed under the new address.
 */
export async function storeCapture(tx: Transaction, page: SourcePage): Promise<CaptureOutcome> {
  const [current] = await tx.select({ url: sources.url }).from(sources).where(eq(sources.id, page.sourceId)).for('share');
  if (!current) throw new UnknownSourceError();
  if (current.url !== page.requestedUrl) throw new SourceMovedError();
  return recordCapture(tx, page.sourceId, page.fetched);
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
    { url, httpStatus: null, contentType, body: { sha256, bytes, format: extracted.format, text: extracted.text }, error: null, errorReason: null },
    capturedAt,
  );
}
