// What the two outbox workers (server/webhooks/worker.ts, server/mail/worker.ts) share: the wake-up
// loop that claims due rows and starts their sends, and the retry schedule.

export interface RetryPolicy {
  /** Wait after the first failed attempt (ms); each later one waits `factor` times longer, up to `capMs`. */
  baseMs: number;
  factor: number;
  capMs: number;
  /** Attempts in all before the row is given up (FAILED). */
  maxAttempts: number;
  /** Each wait is spread by up to ± this fraction. */
  jitter: number;
}

/** The delay before attempt `attempts + 1`, after `attempts` failed ones: exponential, capped, jittered. */
export function backoffMs(attempts: number, policy: RetryPolicy, random = Math.random): number {
  const plain = Math.min(policy.capMs, policy.baseMs * policy.factor ** Math.max(0, attempts - 1));
  return Math.max(0, Math.round(plain * (1 + policy.jitter * (2 * random() - 1))));
}

/**
 * Runs `drain` (claim what is due, start sending it) whenever poked, never twice at once: a poke that
 * arrives while a drain runs makes it run once more afterwards, so no wake-up (a NOTIFY, a poll, a
 * send finishing, a retry coming due) is lost. Sends started by a drain are tracked, so `settle`
 * can wait for them and each finishing send pokes again (its slot is free).
 */
export class Drainer {
  private draining: Promise<void> | null = null;
  private again = false;
  private stopped = true;
  private readonly inflight = new Set<Promise<void>>();
  private readonly timers = new Set<NodeJS.Timeout>();

  constructor(
    private readonly drain: () => Promise<void>,
    /** A drain that threw (a claim that failed): logged; the next poke or poll tries again. */
    private readonly onDrainError: (error: unknown) => void,
  ) {}

  get isStopped(): boolean {
    return this.stopped;
  }

  /** Sends in flight. */
  get busy(): number {
    return this.inflight.size;
  }

  start(): void {
    this.stopped = false;
  }

  poke(): void {
    if (this.stopped) return;
    if (this.draining) {
      this.again = true;
      return;
    }
    this.draining = this.drain()
      .catch(this.onDrainError)
      .finally(() => {
        this.draining = null;
        if (this.again) {
          this.again = false;
          this.poke();
        }
      });
  }

  /** Pokes once `ms` have passed (a retry coming due soon), unless stopped by then. */
  pokeAfter(ms: number): void {
    if (this.stopped) return;
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      this.poke();
    }, ms);
    timer.unref();
    this.timers.add(timer);
  }

  /** Holds a send's slot until it settles (its failure goes to `onError`), then pokes. */
  track(send: Promise<void>, onError: (error: unknown) => void, onSettled?: () => void): void {
    const tracked: Promise<void> = send.catch(onError).finally(() => {
      onSettled?.();
      this.inflight.delete(tracked);
      this.poke();
    });
    this.inflight.add(tracked);
  }

  /** No more drains from now on; pending retry timers are cleared. */
  halt(): void {
    this.stopped = true;
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
  }

  /** Waits for the running drain and every send in flight (each bounded by its own deadline). */
  async settle(): Promise<void> {
    await this.draining;
    await Promise.allSettled([...this.inflight]);
  }
}
