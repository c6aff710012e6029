import type { Logger } from 'pino';
import { sql } from 'drizzle-orm';
import { rowsOf, type DatabaseHandle } from '../../db/client.ts';
import type { ChangeKind } from '../../db/schema/index.ts';
import { readChanges, type ChangeRow } from './log.ts';

// Live changes for this process's subscribers (the catalogChanged subscription): every instance hears
// the change log's NOTIFY at commit (db/migrations/*_catalog_changes), reads what is new, and hands
// each subscriber what it asked for through a bounded queue: a subscriber that falls that far behind
// is ended (it can catch up with `changes(since:)`), never slowing anyone else.

/** Events a subscriber may have waiting before it is ended as too slow. */
export const subscriberQueueLimit = 256;
/** Live subscriptions a process holds, and one client address may hold: each is a connection and a share of every change's work. */
export const maxSubscribers = 1_000;
export const maxSubscribersPerClient = 10;

export class TooManySubscribersError extends Error {
  constructor(perClient: boolean) {
    super(
      perClient
        ? `At most ${maxSubscribersPerClient} live subscriptions per client: close one first, or poll changes(since:).`
        : 'The server holds as many live subscriptions as it can; poll changes(since:) or subscribe again later.',
    );
  }
}
/** An id below the newest seen but not yet readable (its transaction committed later) is looked for this long. */
const lateCommitMs = 60_000;

export class SubscriberTooSlowError extends Error {
  constructor() {
    super(`More than ${subscriberQueueLimit} changes waited for this subscriber; it was ended. Catch up with changes(since:) and subscribe again.`);
  }
}

interface Subscriber {
  client: string;
  kinds: ReadonlySet<ChangeKind> | null;
  queue: ChangeRow[];
  wake: (() => void) | null;
  failed: Error | null;
}

export class ChangeStream {
  private readonly subscribers = new Set<Subscriber>();
  private lastSeen = 0;
  /** Ids below lastSeen not found yet, with when they were first missed. */
  private readonly late = new Map<number, number>();
  private unlisten: (() => Promise<void>) | null = null;
  private reading: Promise<void> | null = null;
  private again = false;
  /** Announcements may have been missed while nobody was subscribed: re-read where the log is first. */
  private stale = false;

  constructor(
    private readonly handle: DatabaseHandle,
    private readonly log: Logger,
  ) {}

  async start(): Promise<void> {
    const [row] = rowsOf<{ id: number | null }>(await this.handle.db.execute(sql`select max(id) as id from catalog_changes`));
    this.lastSeen = Number(row?.id ?? 0);
    // Also on every reconnect of the listener: changes committed meanwhile were not announced.
    this.unlisten = await this.handle.raw.listen('catalog_changes', (payload) => this.heard(payload), () => this.poke());
  }

  async stop(): Promise<void> {
    await this.unlisten?.();
    this.unlisten = null;
    await this.reading;
    for (const subscriber of this.subscribers) this.end(subscriber, new Error('The server is shutting down; subscribe again once it is back.'));
  }

  /** A NOTIFY names the newest id of its statement: with nobody subscribed, that is all there is to know. */
  private heard(payload: string): void {
    if (this.subscribers.size === 0 && !this.reading) {
      const id = Number(payload);
      if (Number.isSafeInteger(id)) this.lastSeen = Math.max(this.lastSeen, id);
      this.late.clear();
      return;
    }
    this.poke();
  }

  /** Reads what is new once at a time; a poke during a read makes one more read. */
  poke(): void {
    if (this.reading) {
      this.again = true;
      return;
    }
    this.reading = this.readNew()
      .catch((error) => this.log.warn({ err: error }, 'could not read new catalog changes; the next change tries again'))
      .finally(() => {
        this.reading = null;
        if (this.again) {
          this.again = false;
          this.poke();
        }
      });
  }

  private async readNew(): Promise<void> {
    if (this.subscribers.size === 0) {
      // Nobody listening (a reconnect may have missed announcements): where the log is gets read
      // when someone subscribes, not now.
      this.stale = true;
      return;
    }
    if (this.stale) {
      const [row] = rowsOf<{ id: number | null }>(await this.handle.db.execute(sql`select max(id) as id from catalog_changes`));
      this.lastSeen = Math.max(this.lastSeen, Number(row?.id ?? 0));
      this.late.clear();
      this.stale = false;
      return;
    }
    const now = Date.now();
    for (const [id, since] of this.late) if (now - since > lateCommitMs) this.late.delete(id);
    const committed = rowsOf<{ id: number }>(
      await this.handle.db.execute(sql`select id from catalog_changes where id > ${this.lastSeen} order by id limit 5000`),
    ).map((row) => Number(row.id));
    const lateFound = this.late.size
      ? rowsOf<{ id: number }>(await this.handle.db.execute(sql`select id from catalog_changes where id in (${sql.join([...this.late.keys()].map((id) => sql`${id}`), sql`, `)})`)).map((row) => Number(row.id))
      : [];
    for (const id of lateFound) this.late.delete(id);
    // Ids skipped between those read belong to transactions still open (or rolled back).
    let expected = this.lastSeen + 1;
    for (const id of committed) {
      for (; expected < id; expected++) this.late.set(expected, now);
      expected = id + 1;
    }
    if (committed.length) this.lastSeen = committed[committed.length - 1]!;
    const fresh = [...lateFound, ...committed];
    if (fresh.length === 0) return;
    // What readers may see of them (visibility as in changes()).
    const rows = await readChanges(this.handle.db, { ids: fresh }, fresh.length, true);
    for (const row of rows) this.publish(row);
    if (committed.length === 5000) this.again = true;
  }

  private publish(row: ChangeRow): void {
    for (const subscriber of this.subscribers) {
      if (subscriber.failed || (subscriber.kinds && !subscriber.kinds.has(row.kind))) continue;
      if (subscriber.queue.length >= subscriberQueueLimit) {
        this.end(subscriber, new SubscriberTooSlowError());
        continue;
      }
      subscriber.queue.push(row);
      subscriber.wake?.();
    }
  }

  private end(subscriber: Subscriber, error: Error): void {
    subscriber.failed = error;
    subscriber.queue.length = 0;
    this.subscribers.delete(subscriber);
    subscriber.wake?.();
  }

  /** The changes published from now on, of the given kinds (all when none), as they commit. */
  subscribe(kinds: readonly string[] | null | undefined, client = 'unknown'): AsyncIterableIterator<ChangeRow> {
    if (this.subscribers.size >= maxSubscribers) throw new TooManySubscribersError(false);
    let fromClient = 0;
    for (const other of this.subscribers) if (other.client === client) fromClient++;
    if (fromClient >= maxSubscribersPerClient) throw new TooManySubscribersError(true);
    const subscriber: Subscriber = { client, kinds: kinds?.length ? new Set(kinds as ChangeKind[]) : null, queue: [], wake: null, failed: null };
    this.subscribers.add(subscriber);
    if (this.stale) this.poke();
    const stream = this;
    let done = false;
    return {
      [Symbol.asyncIterator]() {
        return this;
      },
      async next(): Promise<IteratorResult<ChangeRow>> {
        while (!done) {
          const row = subscriber.queue.shift();
          if (row) return { value: row, done: false };
          if (subscriber.failed) throw subscriber.failed;
          await new Promise<void>((resolve) => {
            subscriber.wake = resolve;
          });
          subscriber.wake = null;
        }
        return { value: undefined, done: true };
      },
      async return(): Promise<IteratorResult<ChangeRow>> {
        done = true;
        stream.subscribers.delete(subscriber);
        subscriber.wake?.();
        return { value: undefined, done: true };
      },
    };
  }

  get subscriberCount(): number {
    return this.subscribers.size;
  }
}
