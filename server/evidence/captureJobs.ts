import type { Logger } from 'pino';
import type { Database } from '../../db/client.ts';
import { appendAuditEvent } from '../catalog/audit.ts';
import type { FetchPageOptions } from '../sources/fetchPage.ts';
import { fetchSourcePage, storeCapture, type CaptureOutcome } from './capture.ts';
import { stopExtractWorkers } from './extractIsolated.ts';

export interface CaptureRequester {
  /** Who asked (null: the server itself, e.g. the re-check). */
  actorId: number | null;
  requestId: string | null;
}

/**
 * Captures run here, outside any request: a page may take up to the fetch's timeout, longer than a
 * request may wait, and what it said is recorded whether or not the asker is still waiting. One
 * capture per source at a time (a second ask joins the first); `close` waits for those running.
 */
export class CaptureJobs {
  private readonly running = new Map<number, Promise<CaptureOutcome>>();
  private readonly queued = new Map<number, Promise<CaptureOutcome>>();
  private closed = false;

  constructor(
    private readonly db: Database,
    private readonly log: Logger,
    private readonly options: FetchPageOptions = {},
  ) {}

  /**
   * Captures a source, joining one already running; `fresh` asks for a fetch that starts after this
   * call (the source just changed address: a capture already under way read the old one), queued
   * behind the running one and shared by every such ask meanwhile.
   */
  capture(sourceId: number, by: CaptureRequester, options: { fresh?: boolean } = {}): Promise<CaptureOutcome> {
    const joined = this.running.get(sourceId);
    if (joined && !options.fresh) return joined;
    const queued = this.queued.get(sourceId);
    if (queued) return queued;
    if (this.closed) return Promise.reject(new Error('The server is shutting down; capture the source again once it is back.'));
    if (joined) {
      const next = joined
        .catch(() => undefined)
        .then(() => {
          this.queued.delete(sourceId);
          return this.start(sourceId, by);
        });
      this.queued.set(sourceId, next);
      next.catch(() => undefined);
      return next;
    }
    return this.start(sourceId, by);
  }

  private start(sourceId: number, by: CaptureRequester): Promise<CaptureOutcome> {
    if (this.closed) return Promise.reject(new Error('The server is shutting down; capture the source again once it is back.'));
    const job = this.run(sourceId, by).finally(() => {
      if (this.running.get(sourceId) === job) this.running.delete(sourceId);
    });
    this.running.set(sourceId, job);
    // Whoever asked may have stopped waiting: a failure is logged here, never left unhandled.
    job.catch((error) => this.log.warn({ err: error, sourceId }, 'capture failed'));
    return job;
  }

  private async run(sourceId: number, by: CaptureRequester): Promise<CaptureOutcome> {
    const page = await fetchSourcePage(this.db, sourceId, this.options);
    return this.db.transaction(async (tx) => {
      const outcome = await storeCapture(tx, page);
      await appendAuditEvent(tx, {
        actorId: by.actorId,
        requestId: by.requestId,
        action: 'CAPTURE',
        entityType: 'Source',
        entityId: sourceId,
        diff: {
          snapshot: { before: null, after: outcome.changed ? (outcome.snapshot.sha256 ?? outcome.snapshot.error) : 'unchanged' },
          evidence: { before: null, after: outcome.evidence },
        },
      });
      return outcome;
    });
  }

  async close(): Promise<void> {
    this.closed = true;
    await Promise.allSettled([...this.running.values(), ...this.queued.values()]);
    await stopExtractWorkers();
  }
}
