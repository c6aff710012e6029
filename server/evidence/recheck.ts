import type { Logger } from 'pino';
import { sql } from 'drizzle-orm';
import { rowsOf, type Database } from '../../db/client.ts';
import type { EvidenceStatus } from '../../db/schema/index.ts';

import { eachWithConcurrency } from '../sources/linkCheck.ts';
import type { CaptureJobs } from './captureJobs.ts';

// The re-check: sources cited by live numbers whose last capture is older than `dueAfterDays` are
// captured again (CaptureJobs: bounded, one per source, audited); a changed page makes a new capture
// and re-checks every number citing it. Run by `npm run sources:check` and, in the server, on a timer.

export interface RecheckOptions {
  /** A source captured more recently than this many days ago is left alone. */
  dueAfterDays: number;
  /** Sources captured at the same time (1 to 8; CaptureJobs bounds fetching to 4 in any case). */
  concurrency?: number;
  /** At most this many sources per run, the longest unchecked first. */
  limit?: number;
  /** Audit request id of the run's captures. */
  requestId: string;
}

export interface RecheckSummary {
  due: number;
  captured: number;
  changed: number;
  failed: number;
  evidence: Partial<Record<EvidenceStatus, number>>;
}

const liveCitation = (table: string) => sql`exists (select 1 from ${sql.raw(table)} c where c.source_id = s.id and c.status in ('DRAFT', 'PENDING_REVIEW', 'VERIFIED'))`;

/** Sources due for a new capture, the longest unchecked first. */
export async function dueSources(db: Database, dueAfterDays: number, limit: number): Promise<number[]> {
  const result = await db.execute(sql`
    select s.id from sources s
    left join lateral (
      select fetched_at, http_status, sha256 from source_snapshots snap
      where snap.source_id = s.id and coalesce(snap.requested_url, snap.url) = s.url
      order by snap.id desc limit 1
    ) last on true
    where s.retired_at is null
      and (${liveCitation('scores')} or ${liveCitation('prices')} or ${liveCitation('model_facts')})
      -- A dataset file kept at import (read from disk, at a pinned commit) does not change.
      and not (last.sha256 is not null and last.http_status is null)
      and (last.fetched_at is null or last.fetched_at < now() - make_interval(days => ${dueAfterDays}))
    order by last.fetched_at asc nulls first, s.id
    limit ${limit}`);
  return rowsOf<{ id: number }>(result).map((row) => Number(row.id));
}

export async function recheckSources(db: Database, captures: CaptureJobs, options: RecheckOptions): Promise<RecheckSummary> {
  const due = await dueSources(db, options.dueAfterDays, Math.max(1, Math.min(options.limit ?? 500, 10_000)));
  const summary: RecheckSummary = { due: due.length, captured: 0, changed: 0, failed: 0, evidence: {} };
  await eachWithConcurrency(due, Math.max(1, Math.min(options.concurrency ?? 4, 8)), async (sourceId) => {
    try {
      const outcome = await captures.capture(sourceId, { actorId: null, requestId: options.requestId });
      summary.captured++;
      if (outcome.changed) summary.changed++;
      for (const [status, count] of Object.entries(outcome.evidence)) {
        summary.evidence[status as EvidenceStatus] = (summary.evidence[status as EvidenceStatus] ?? 0) + (count ?? 0);
      }
    } catch {
      // Logged by CaptureJobs (a source moved or retired meanwhile, the server closing): the next run tries again.
      summary.failed++;
    }
  });
  return summary;
}

/**
 * The server's timer: a run every `everyMinutes` (none while one is still going). Several instances
 * may each run one; a source captured by another meanwhile is no longer due, and one captured twice
 * adds no snapshot (same body) — only the fetch is repeated.
 */
export class RecheckSchedule {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<unknown> | null = null;
  private runs = 0;
  private stopped = false;

  constructor(
    private readonly db: Database,
    private readonly captures: CaptureJobs,
    private readonly log: Logger,
    private readonly options: { everyMinutes: number; dueAfterDays: number },
  ) {}

  /** The first run comes a few minutes after start (a server restarted often still re-checks), then every interval. */
  start(): void {
    if (this.options.everyMinutes <= 0) return;
    const every = this.options.everyMinutes * 60_000;
    this.timer = setTimeout(() => {
      void this.runOnce();
      this.timer = setInterval(() => void this.runOnce(), every);
      this.timer.unref();
    }, Math.min(every, 5 * 60_000));
    this.timer.unref();
  }

  runOnce(): Promise<unknown> {
    if (this.running) return this.running;
    if (this.stopped) return Promise.resolve();
    const requestId = `recheck:${new Date().toISOString()}:${++this.runs}`;
    this.running = recheckSources(this.db, this.captures, { dueAfterDays: this.options.dueAfterDays, requestId })
      .then((summary) => this.log.info({ ...summary, requestId }, 'sources re-checked'))
      .catch((error) => this.log.warn({ err: error }, 'source re-check failed; the next run tries again'))
      .finally(() => {
        this.running = null;
      });
    return this.running;
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    clearInterval(this.timer);
    await this.running;
  }
}
