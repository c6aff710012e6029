import type { Logger } from 'pino';
import type { DatabaseHandle } from '../../db/client.ts';
import type { Config } from '../config.ts';
import { readDigest, type DigestView } from '../digest/read.ts';
import { confirmationEmail, digestEmail, type MailSettings, type Recipient } from './messages.ts';
import { claimDue, expireLeases, markFailed, markSentMany, markSkipped, markUncertain, purgeUnconfirmed, type ClaimedEmail } from './outbox.ts';
import { backoffMs, Drainer, type RetryPolicy } from '../outbox/drainer.ts';
import { createMailTransport, type Email, type MailTransport, type MailTransportSettings, type SendOutcome } from './transport.ts';

// Sends the mail outbox (email_outbox: confirmation emails written by a subscription, digest emails
// written by a digest's publication, each in its own transaction), at most once per row:
// - a claim is one committed statement: the oldest due PENDING rows, locked with SKIP LOCKED, leased
//   (SENDING, lease_until, attempts + 1), or SKIPPED there and then when the subscriber left (or is
//   already confirmed). Only then is SMTP spoken to; no transaction is open meanwhile;
// - accepted → SENT (the confirmation token cleared); refused or not connected → PENDING again with
//   exponential backoff and jitter, FAILED after about a day (at once when the address is refused
//   for good); no answer in time → UNCERTAIN (it may have arrived);
// - a process killed mid-send leaves its rows SENDING: once their lease runs out they become
//   UNCERTAIN (at start and every `sweepMs`), counted for admins and never sent again on their own;
// - at most `ratePerSecond` emails a second (a token bucket shared by the concurrent sends, taken
//   before rows are claimed, so a leased row never waits for the rate), `concurrency` at a time.
// Woken by NOTIFY email_outbox (sent by the transactions that write the outbox) and by a poll. Also
// deletes never-confirmed subscriptions after 7 days, hourly.

export type MailRetryPolicy = RetryPolicy;

/** 1 min, 4, 16, 64 min, 4.3 h, then 6 h: 9 attempts over about 21 h (± 20%). */
export const defaultMailRetryPolicy: MailRetryPolicy = { baseMs: 60_000, factor: 4, capMs: 6 * 3_600_000, maxAttempts: 9, jitter: 0.2 };

/**
 * A token bucket: `rate` tokens a second, holding at most `burst`. `take` waits for at least one and
 * takes up to `max` of those there are; unused ones are given back.
 */
export class TokenBucket {
  private tokens: number;
  private last = performance.now();

  constructor(
    private readonly rate: number,
    private readonly burst: number,
  ) {
    this.tokens = burst;
  }

  private refill(): void {
    const now = performance.now();
    this.tokens = Math.min(this.burst, this.tokens + ((now - this.last) / 1000) * this.rate);
    this.last = now;
  }

  /** Between 1 and `max` tokens, once one is there; 0 if `signal` aborts first. */
  async take(max: number, signal: AbortSignal): Promise<number> {
    for (;;) {
      if (signal.aborted) return 0;
      this.refill();
      if (this.tokens >= 1) {
        const taken = Math.min(max, Math.floor(this.tokens));
        this.tokens -= taken;
        return taken;
      }
      const waitMs = Math.max(1, Math.ceil(((1 - this.tokens) / this.rate) * 1000));
      await new Promise<void>((resolve) => {
        const timer = setTimeout(done, waitMs);
        function done() {
          clearTimeout(timer);
          signal.removeEventListener('abort', done);
          resolve();
        }
        signal.addEventListener('abort', done, { once: true });
      });
    }
  }

  giveBack(count: number): void {
    if (count > 0) this.tokens = Math.min(this.burst, this.tokens + count);
  }
}

/** Emails in flight at once by default (and so at most this many UNCERTAIN after a kill -9). */
export const defaultMailConcurrency = 8;

/**
 * Records sends as SENT in groups: one statement for every send that finished while the previous one
 * ran (a group commit). Each send waits for its own group's commit, so it holds its place in the
 * worker's concurrency until it is recorded: no more rows than that are ever SENDING.
 */
class SentRecorder {
  private waiting: { id: number; messageId: string; done: () => void; failed: (error: unknown) => void }[] = [];
  private flushing = false;

  constructor(private readonly handle: DatabaseHandle) {}

  record(id: number, messageId: string): Promise<void> {
    return new Promise((done, failed) => {
      this.waiting.push({ id, messageId, done, failed });
      if (!this.flushing) void this.flush();
    });
  }

  private async flush(): Promise<void> {
    this.flushing = true;
    while (this.waiting.length) {
      const group = this.waiting.splice(0);
      try {
        await markSentMany(this.handle, group);
        for (const one of group) one.done();
      } catch (error) {
        for (const one of group) one.failed(error);
      }
    }
    this.flushing = false;
  }
}

export type MailWorkerSettings = MailSettings & MailTransportSettings & Pick<Config, 'MAIL_RATE_PER_SECOND'>;

export interface MailWorkerOptions {
  /** Where emails go (default: from the settings: SMTP_URL, else .eml files in MAIL_OUTBOX_DIR). */
  transport?: MailTransport;
  /** Emails being sent at once (and SMTP connections; default `defaultMailConcurrency`). */
  concurrency?: number;
  /** Deadline of one send (ms, default 30 s): past it, the email is UNCERTAIN. */
  timeoutMs?: number;
  /** How long a claimed email is held SENDING before it counts as its sender's death (default: timeout + 15 s). */
  leaseMs?: number;
  /** Look for due retries this often (ms, default 5 s); NOTIFY email_outbox wakes the worker at once. */
  pollMs?: number;
  /** Look for SENDING rows past their lease this often (ms, default 30 s), and at start. */
  sweepMs?: number;
  /** Delete unconfirmed subscriptions older than 7 days this often (ms, default 1 h), and at start. */
  purgeMs?: number;
  retry?: Partial<MailRetryPolicy>;
}

/** An address as it may appear in an SMTP error, masked: logs and last_error never hold one. */
export function maskAddresses(text: string): string {
  return text.replace(/[^\s<>()[\]"',;:@]+@[^\s<>()[\]"',;:@]+/g, '<address>');
}

export class MailWorker {
  readonly transport: MailTransport;
  private readonly ownsTransport: boolean;
  private readonly concurrency: number;
  private readonly timeoutMs: number;
  private readonly leaseMs: number;
  private readonly retry: MailRetryPolicy;
  private readonly bucket: TokenBucket;
  private readonly sent: SentRecorder;
  private readonly digests = new Map<number, DigestView>();
  private readonly intervals: NodeJS.Timeout[] = [];
  private readonly drainer = new Drainer(
    () => this.drain(),
    (error) => this.log.warn({ err: error }, 'could not claim emails to send; the next poll tries again'),
  );
  private halt = new AbortController();
  private unlisten: (() => Promise<void>) | null = null;

  constructor(
    private readonly handle: DatabaseHandle,
    private readonly log: Logger,
    private readonly settings: MailWorkerSettings,
    private readonly options: MailWorkerOptions = {},
  ) {
    this.concurrency = Math.max(1, options.concurrency ?? defaultMailConcurrency);
    this.timeoutMs = options.timeoutMs ?? 30_000;
    this.leaseMs = options.leaseMs ?? this.timeoutMs + 15_000;
    this.retry = { ...defaultMailRetryPolicy, ...options.retry };
    const rate = settings.MAIL_RATE_PER_SECOND;
    this.bucket = new TokenBucket(rate, Math.max(1, Math.min(rate, this.concurrency)));
    this.sent = new SentRecorder(handle);
    this.ownsTransport = !options.transport;
    this.transport = options.transport ?? createMailTransport(settings, log, { maxConnections: this.concurrency, socketTimeoutMs: this.timeoutMs });
  }

  async start(): Promise<void> {
    this.drainer.start();
    this.halt = new AbortController();
    await this.sweep();
    await this.purge();
    this.unlisten = await this.handle.raw.listen('email_outbox', () => this.poke(), () => this.poke());
    const every = (ms: number, run: () => unknown) => {
      const interval = setInterval(run, ms);
      interval.unref();
      this.intervals.push(interval);
    };
    every(this.options.pollMs ?? 5_000, () => this.poke());
    every(this.options.sweepMs ?? 30_000, () => void this.sweep());
    every(this.options.purgeMs ?? 3_600_000, () => void this.purge());
    this.log.info({ mode: this.transport.mode, ratePerSecond: this.settings.MAIL_RATE_PER_SECOND, concurrency: this.concurrency }, 'mail worker started');
    this.poke();
  }

  /** Stops claiming; sends in flight finish (each bounded by its deadline) and are recorded. */
  async stop(): Promise<void> {
    this.drainer.halt();
    this.halt.abort();
    for (const interval of this.intervals.splice(0)) clearInterval(interval);
    await this.unlisten?.().catch(() => {});
    this.unlisten = null;
    await this.drainer.settle();
    if (this.ownsTransport) await this.transport.close();
  }

  /** Claims and sends what is due; a poke while claiming claims once more. */
  poke(): void {
    this.drainer.poke();
  }

  /** SENDING rows past their lease → UNCERTAIN (see outbox.ts expireLeases). */
  async sweep(): Promise<number> {
    try {
      const expired = await expireLeases(this.handle);
      if (expired.length) {
        this.log.warn(
          { emails: expired.length, outbox: expired.slice(0, 50).map((row) => row.id) },
          'emails whose sender stopped mid-send are now UNCERTAIN: they may have gone out and are not sent again on their own',
        );
      }
      return expired.length;
    } catch (error) {
      this.log.warn({ err: error }, 'could not look for emails whose sender stopped mid-send');
      return 0;
    }
  }

  /** Never-confirmed subscriptions older than 7 days go, with their emails. */
  async purge(): Promise<number> {
    try {
      const deleted = await purgeUnconfirmed(this.handle, 7);
      if (deleted) this.log.info({ subscribers: deleted }, 'unconfirmed subscriptions older than 7 days deleted');
      return deleted;
    } catch (error) {
      this.log.warn({ err: error }, 'could not delete unconfirmed subscriptions');
      return 0;
    }
  }

  private async drain(): Promise<void> {
    while (!this.drainer.isStopped) {
      const free = this.concurrency - this.drainer.busy;
      if (free <= 0) return; // a send finishing pokes again
      const tokens = await this.bucket.take(free, this.halt.signal);
      if (tokens === 0 || this.drainer.isStopped) {
        this.bucket.giveBack(tokens);
        return;
      }
      let claimed: ClaimedEmail[];
      try {
        claimed = await claimDue(this.handle, tokens, this.leaseMs);
      } catch (error) {
        this.bucket.giveBack(tokens);
        throw error;
      }
      const sending = claimed.filter((row) => row.status === 'SENDING');
      this.bucket.giveBack(tokens - sending.length);
      for (const row of claimed) {
        if (row.status === 'SKIPPED') this.log.info({ outbox: row.id, subscriber: row.subscriberId, kind: row.kind, reason: row.reason }, 'email skipped');
      }
      for (const row of sending) {
        this.drainer.track(this.deliver(row), (error) =>
          this.log.error({ err: error, outbox: row.id }, 'an email could not be recorded after sending; its lease runs out and it becomes UNCERTAIN'),
        );
      }
      if (claimed.length < tokens) return; // nothing more due now
    }
  }

  private async render(row: ClaimedEmail): Promise<Email | string> {
    const recipient: Recipient = { id: row.subscriberId, email: row.email, unsubscribeToken: row.unsubscribeToken };
    if (row.kind === 'CONFIRMATION') return confirmationEmail(this.settings, recipient, row.id, row.token!);
    let digest = this.digests.get(row.digestId!);
    if (!digest) {
      const read = await readDigest(this.handle.db, { id: row.digestId! }, { publishedOnly: true });
      if (!read) return 'not sent: the digest is not published';
      // A published digest never changes (a trigger refuses it): it is read once per process.
      if (this.digests.size >= 16) this.digests.clear();
      this.digests.set(read.id, read);
      digest = read;
    }
    return digestEmail(this.settings, digest, recipient);
  }

  private async deliver(row: ClaimedEmail): Promise<void> {
    const meta = { outboxId: row.id, subscriberId: row.subscriberId };
    let email: Email | string;
    try {
      email = await this.render(row);
    } catch (error) {
      await this.failed(row, { ok: false, kind: 'retry', error: `could not render: ${(error as Error).message}` });
      return;
    }
    if (typeof email === 'string') {
      await markSkipped(this.handle, row.id, email);
      return;
    }
    const outcome = await this.send(email, meta);
    if (outcome.ok) {
      await this.sent.record(row.id, outcome.messageId);
      this.log.debug({ ...meta, kind: row.kind, attempt: row.attempts }, 'email sent');
      return;
    }
    await this.failed(row, outcome);
  }

  /** The transport's send, with a deadline it cannot outlive (the transport's own abort comes first). */
  private async send(email: Email, meta: { outboxId: number; subscriberId: number }): Promise<SendOutcome> {
    const controller = new AbortController();
    const abort = setTimeout(() => controller.abort(), this.timeoutMs);
    let guard: NodeJS.Timeout | undefined;
    const late = new Promise<SendOutcome>((resolve) => {
      guard = setTimeout(() => resolve({ ok: false, kind: 'uncertain', error: `no outcome ${this.timeoutMs + 5_000} ms after the send began` }), this.timeoutMs + 5_000);
    });
    try {
      return await Promise.race([this.transport.send(email, meta, controller.signal), late]);
    } catch (error) {
      return { ok: false, kind: 'retry', error: String((error as Error)?.message ?? error) };
    } finally {
      clearTimeout(abort);
      clearTimeout(guard);
    }
  }

  private async failed(row: ClaimedEmail, outcome: Extract<SendOutcome, { ok: false }>): Promise<void> {
    const error = maskAddresses(outcome.error);
    const meta = { outbox: row.id, subscriber: row.subscriberId, kind: row.kind, attempt: row.attempts, error };
    if (outcome.kind === 'uncertain') {
      this.log.warn(meta, 'email UNCERTAIN: no answer in time, it may have gone out; not sent again on its own');
      await markUncertain(this.handle, row.id, error);
      return;
    }
    const final = outcome.kind === 'permanent' || row.attempts >= this.retry.maxAttempts;
    const delay = backoffMs(row.attempts, this.retry);
    this.log.warn({ ...meta, final, retryInMs: final ? null : delay }, final ? 'email FAILED: given up' : 'email not sent; retrying later');
    await markFailed(this.handle, row.id, error, delay, final);
    if (!final && delay < 60_000) this.drainer.pokeAfter(delay + 5);
  }
}
