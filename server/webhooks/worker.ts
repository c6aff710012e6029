import type { Logger } from 'pino';
import { sql } from 'drizzle-orm';
import { rowsOf, type DatabaseHandle } from '../../db/client.ts';
import { readChanges, summaryOf, type ChangeRow } from '../changes/log.ts';
import type { AllowedHost } from '../sources/addresses.ts';
import { backoffMs, Drainer, type RetryPolicy } from '../outbox/drainer.ts';
import { post } from './send.ts';
import { sign } from './signing.ts';

// Sends the outbox (webhook_deliveries, filled by a trigger in each change's own transaction) to the
// webhooks' receivers, at least once, in change order per webhook:
// - a claim is one short statement: the oldest pending delivery of each enabled webhook, when due,
//   locked with SKIP LOCKED, and leased (next_attempt_at moved past the send's deadline, attempts + 1).
//   No transaction is open while a receiver is being called;
// - a 2xx is recorded DELIVERED (never sent again); anything else (an error status, a redirect, a
//   refused or private address, no answer in time) is retried with exponential backoff and jitter,
//   about a day in all, after which the delivery is FAILED and its webhook disabled with the reason;
// - a process killed mid-send leaves the lease to run out: another claim sends the delivery again
//   (the same webhook-id, so receivers can tell a repeat).
// Woken by the change log's NOTIFY at commit, and by a poll for retries that came due.

/** 5 s, 20 s, 80 s, 5 min, 21 min, 85 min, 5.7 h, then 6 h: 11 attempts over about 25.6 h. */
export const defaultRetryPolicy: RetryPolicy = { baseMs: 5_000, factor: 4, capMs: 6 * 3_600_000, maxAttempts: 11, jitter: 0.2 };

export interface WebhookWorkerOptions {
  /** Private hosts deliveries may go to (default: SOURCE_FETCH_ALLOW_HOSTS, read at each attempt). */
  allowHosts?: AllowedHost[];
  /** Deadline of one attempt: name lookup, connection and the answer's headers (ms, default 10 s). */
  timeoutMs?: number;
  /** How long a claimed delivery is held before another claim may send it again (default: timeout + 20 s). */
  leaseMs?: number;
  /** Look for due retries this often (ms, default 2 s); new changes wake the worker at once. */
  pollMs?: number;
  /** Deliveries in flight at once (one per webhook at a time; default 8). */
  concurrency?: number;
  retry?: Partial<RetryPolicy>;
}

interface Claimed {
  id: number;
  webhookId: number;
  changeId: number;
  attempts: number;
  url: string;
  secret: string;
}

export interface DeliveryBody {
  type: string;
  timestamp: string;
  data: Record<string, unknown>;
}

/** The change as the Changes query shows it (id kind at summary value previousValue model benchmark citation). */
export function changeData(row: ChangeRow, benchmarkSlug: string | null): Record<string, unknown> {
  return {
    id: Buffer.from(`Change:${row.id}`).toString('base64'),
    kind: row.kind,
    at: new Date(row.at).toISOString(),
    summary: summaryOf(row),
    value: row.value,
    previousValue: row.previousValue,
    model: { slug: row.modelSlug, name: row.modelName },
    benchmark: row.benchmarkId === null ? null : { slug: benchmarkSlug },
    citation: row.claimKind === null ? null : { locator: row.locator, source: row.sourceUrl === null ? null : { url: row.sourceUrl } },
  };
}

export class WebhookWorker {
  private readonly timeoutMs: number;
  private readonly leaseMs: number;
  private readonly pollMs: number;
  private readonly concurrency: number;
  private readonly retry: RetryPolicy;
  /** Deliveries in flight to webhooks whose last attempt failed (a receiver that hangs or errs). */
  private failingInflight = 0;
  private readonly drainer = new Drainer(
    () => this.drain(),
    (error) => this.log.warn({ err: error }, 'could not claim webhook deliveries; the next poll tries again'),
  );
  private poll: NodeJS.Timeout | null = null;
  private unlisten: (() => Promise<void>) | null = null;

  constructor(
    private readonly handle: DatabaseHandle,
    private readonly log: Logger,
    private readonly options: WebhookWorkerOptions = {},
  ) {
    this.timeoutMs = options.timeoutMs ?? 10_000;
    this.leaseMs = options.leaseMs ?? this.timeoutMs + 20_000;
    this.pollMs = options.pollMs ?? 2_000;
    this.concurrency = options.concurrency ?? 8;
    this.retry = { ...defaultRetryPolicy, ...options.retry };
  }

  async start(): Promise<void> {
    this.drainer.start();
    this.unlisten = await this.handle.raw.listen('catalog_changes', () => this.poke(), () => this.poke());
    this.poll = setInterval(() => this.poke(), this.pollMs);
    this.poll.unref();
    this.poke();
  }

  /** Stops claiming; deliveries in flight finish and are recorded (each bounded by the timeout). */
  async stop(): Promise<void> {
    this.drainer.halt();
    if (this.poll) clearInterval(this.poll);
    await this.unlisten?.().catch(() => {});
    this.unlisten = null;
    await this.drainer.settle();
  }

  /** Claims and sends what is due; a poke while claiming claims once more. */
  poke(): void {
    this.drainer.poke();
  }

  /**
   * Healthy webhooks first; those whose last attempt failed share at most half the slots, so receivers
   * that hang (each holding a slot until its deadline) hold back only themselves, not every webhook.
   */
  private async drain(): Promise<void> {
    const failingShare = Math.max(1, Math.floor(this.concurrency / 2));
    while (!this.drainer.isStopped) {
      const free = this.concurrency - this.drainer.busy;
      if (free <= 0) return; // a delivery finishing pokes again
      const healthy = await this.claim(free, false);
      const failingFree = Math.min(free - healthy.length, failingShare - this.failingInflight);
      const failing = failingFree > 0 ? await this.claim(failingFree, true) : [];
      if (healthy.length === 0 && failing.length === 0) return;
      this.track(this.send(healthy), false);
      this.track(this.send(failing), true);
    }
  }

  private track(sending: Promise<void>[], failing: boolean): void {
    for (const one of sending) {
      if (failing) this.failingInflight++;
      this.drainer.track(
        one,
        (error) => this.log.warn({ err: error }, 'a webhook delivery could not be recorded; its lease runs out and it is sent again'),
        () => {
          if (failing) this.failingInflight--;
        },
      );
    }
  }

  /**
   * The oldest pending delivery of each enabled webhook, if due: leased in one statement. Its commit
   * is not waited on to reach disk (synchronous_commit off, this transaction only): a claim lost in a
   * database crash only means the delivery is claimed and sent again, which at-least-once allows; it
   * halves the disk flushes per delivery. What a receiver acknowledged is recorded durably.
   */
  private async claim(limit: number, failing: boolean): Promise<Claimed[]> {
    const statement = sql`
          with heads as (
            select h.id from webhooks w
            cross join lateral (
              select d.id from webhook_deliveries d where d.webhook_id = w.id and d.status = 'PENDING' order by d.change_id limit 1
            ) h
            where w.enabled and (w.consecutive_failures > 0) = ${failing}
          ), due as (
            select d.id from webhook_deliveries d
            where d.id in (select id from heads) and d.status = 'PENDING' and d.next_attempt_at <= now()
            order by d.next_attempt_at, d.id
            limit ${limit}
            for update of d skip locked
          )
          update webhook_deliveries d
             set attempts = d.attempts + 1, last_attempt_at = now(), next_attempt_at = now() + ${this.leaseMs}::int * interval '1 millisecond'
            from due, webhooks w
           where d.id = due.id and w.id = d.webhook_id
          returning d.id, d.webhook_id, d.change_id, d.attempts, w.url, w.secret`;
    // PGlite has one connection and nothing to gain: the statement alone.
    const rows =
      this.handle.driver === 'pglite'
        ? rowsOf<Record<string, unknown>>(await this.handle.db.execute(statement))
        : await this.handle.db.transaction(async (tx) => {
            await tx.execute(sql`set local synchronous_commit = off`);
            return rowsOf<Record<string, unknown>>(await tx.execute(statement));
          });
    return rows.map((row) => ({
      id: Number(row.id),
      webhookId: Number(row.webhook_id),
      changeId: Number(row.change_id),
      attempts: Number(row.attempts),
      url: String(row.url),
      secret: String(row.secret),
    }));
  }

  /** Reads the claimed changes (as readers see them) and starts one send per delivery. */
  private send(claimed: Claimed[]): Promise<void>[] {
    const reading = this.bodies(claimed);
    return claimed.map(async (delivery) => {
      const body = (await reading).get(delivery.changeId);
      if (!body) {
        // Not (or no longer) public: readers never see it, so neither does a receiver.
        await this.handle.raw.query(
          `update webhook_deliveries set status = 'SKIPPED', last_error = 'not a public change', next_attempt_at = now() where id = $1 and status = 'PENDING'`,
          [delivery.id],
        );
        return;
      }
      await this.attempt(delivery, body);
    });
  }

  private async bodies(claimed: Claimed[]): Promise<Map<number, string>> {
    const ids = [...new Set(claimed.map((delivery) => delivery.changeId))];
    const rows = await readChanges(this.handle.db, { ids }, ids.length, true);
    const benchmarkIds = [...new Set(rows.map((row) => row.benchmarkId).filter((id): id is number => id !== null))];
    const slugs = new Map<number, string>();
    if (benchmarkIds.length) {
      const found = await this.handle.db.execute(sql`select id, slug from benchmarks where id in (${sql.join(benchmarkIds.map((id) => sql`${id}`), sql`, `)})`);
      for (const row of rowsOf<{ id: number; slug: string }>(found)) slugs.set(Number(row.id), row.slug);
    }
    const bodies = new Map<number, string>();
    for (const row of rows) {
      const body: DeliveryBody = { type: row.kind, timestamp: new Date(row.at).toISOString(), data: changeData(row, row.benchmarkId === null ? null : (slugs.get(row.benchmarkId) ?? null)) };
      bodies.set(row.id, JSON.stringify(body));
    }
    return bodies;
  }

  private async attempt(delivery: Claimed, body: string): Promise<void> {
    const messageId = `msg_${delivery.id}`;
    const timestamp = Math.floor(Date.now() / 1000);
    const result = await post(
      delivery.url,
      { 'webhook-id': messageId, 'webhook-timestamp': String(timestamp), 'webhook-signature': sign(delivery.secret, messageId, timestamp, body) },
      body,
      { timeoutMs: this.timeoutMs, ...(this.options.allowHosts ? { allowHosts: this.options.allowHosts } : {}) },
    );
    if (result.ok) {
      await this.handle.raw.query(
        `with d as (
           update webhook_deliveries d set status = 'DELIVERED', delivered_at = now(), last_status_code = $2, last_error = null,
                  latency_ms = least(2147483647, greatest(0, (extract(epoch from now() - c.at) * 1000)::bigint))
             from catalog_changes c
            where d.id = $1 and d.status = 'PENDING' and c.id = d.change_id
           returning d.webhook_id)
         update webhooks set consecutive_failures = 0, last_success_at = now() where id in (select webhook_id from d)`,
        [delivery.id, result.status],
      );
      return;
    }
    const final = delivery.attempts >= this.retry.maxAttempts;
    const delay = backoffMs(delivery.attempts, this.retry);
    const reason = final
      ? `Disabled automatically: change ${delivery.changeId} could not be delivered in ${delivery.attempts} attempts (last: ${result.error}). Deliveries wait; enable the webhook to resume.`
      : null;
    this.log.warn({ webhook: delivery.webhookId, delivery: delivery.id, attempt: delivery.attempts, status: result.status, error: result.error, final }, 'webhook delivery failed');
    await this.handle.raw.query(
      `with d as (
         update webhook_deliveries set status = case when $5 then 'FAILED' else 'PENDING' end, last_status_code = $2, last_error = $3,
                next_attempt_at = now() + $4::int * interval '1 millisecond'
          where id = $1 and status = 'PENDING'
         returning webhook_id)
       update webhooks w set consecutive_failures = w.consecutive_failures + 1, last_failure_at = now(),
              enabled = case when $5 then false else w.enabled end,
              disabled_at = case when $5 then now() else w.disabled_at end,
              disabled_reason = case when $5 then $6 else w.disabled_reason end
         from d where w.id = d.webhook_id`,
      [delivery.id, result.status, result.error.slice(0, 500), delay, final, reason],
    );
    if (final) this.log.error({ webhook: delivery.webhookId, url: delivery.url }, reason!);
    else if (delay < 60_000) this.drainer.pokeAfter(delay + 5);
  }
}
