/**
 * Reads take turns; writes do not. A flood of uncached reads (a crawler, a spike after a launch) used to
 * fill the event loop and every pooled connection, and an editor's save waited behind all of it: under
 * 36 readers about a third of the saves met the request deadline and got "outcome unknown" though
 * they had committed. Queries now run at most READ_CONCURRENCY at once, the others wait in order (up to
 * READ_QUEUE of them, within their own deadline) and the rest are told at once to retry; mutations and
 * subscriptions never wait here. With fewer reads than pooled connections, a write always finds one.
 * While a signed-in user's write executes, one read runs at a time: Node runs one step at a time, and
 * each step of the write (a statement's reply, say) otherwise waits behind a step of every read in flight.
 *
 * A read takes room by its cost (queryCost.ts): one slot per `costPerSlot`, at most all of them. A
 * list of 100 models with their scores and sources (cost ~9,900) does ~30 ms of work in long
 * synchronous steps; eight of them at once made every turn of the event loop long, and an editor's
 * save took 4 s and /ready up to 8 s under a burst of them (final attack of issue 18, F5). The
 * public pages (cost under 1,000) take one slot each, as before.
 */
import type { IncomingHttpHeaders, ServerResponse } from 'node:http';
import { getOperationAST, GraphQLError } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import { LRUCache } from 'lru-cache';
import type { AuthService } from '../auth/authService.ts';
import { hashSessionToken, sessionTokenFromCookie } from '../auth/sessions.ts';
import { queryCosts } from './queryCost.ts';

/** The query cost one read slot stands for: a read of cost c takes ceil(c / costPerSlot) slots. */
export const costPerSlot = 1_000;

export const slotsForCost = (cost: number) => Math.max(1, Math.ceil(cost / costPerSlot));

export class ReadAdmission {
  /** Slots taken by the reads running. */
  private running = 0;
  private writes = 0;
  private readonly waiting: { slots: number; admit: () => void }[] = [];

  constructor(
    private readonly concurrency: number,
    private readonly queueLimit: number,
    /** Reads running at once while a write executes: the write's steps then queue behind few others. */
    private readonly whileWriting = 1,
  ) {}

  /**
   * A release to call once the read is done, or null: the queue is full, or the deadline passed while
   * waiting. `slots`: the room the read takes (slotsForCost); more than there is means all of it.
   */
  async enter(signal?: AbortSignal, slots = 1): Promise<(() => void) | null> {
    if (signal?.aborted) return null;
    const taken = Math.min(Math.max(1, slots), this.concurrency);
    // In order: nobody overtakes a read already waiting.
    if (this.waiting.length === 0 && this.fits(taken)) {
      this.running += taken;
      return this.releaser(taken);
    }
    if (this.waiting.length >= this.queueLimit) return null;
    return new Promise((resolve) => {
      const turn = {
        slots: taken,
        admit: () => {
          signal?.removeEventListener('abort', leave);
          resolve(this.releaser(taken));
        },
      };
      const leave = () => {
        const index = this.waiting.indexOf(turn);
        if (index >= 0) this.waiting.splice(index, 1);
        resolve(null);
      };
      signal?.addEventListener('abort', leave, { once: true });
      this.waiting.push(turn);
    });
  }

  /** A write starts (it never waits); call the result when it is done (the plugin below does, in `finally`). */
  writing(): () => void {
    this.writes++;
    return this.once(() => {
      this.writes--;
      this.drain();
    });
  }

  /** Slots taken by the reads running, reads waiting, and writes under way, now (for tests). */
  get load(): { running: number; waiting: number; writing: number } {
    return { running: this.running, waiting: this.waiting.length, writing: this.writes };
  }

  private get limit(): number {
    return this.writes > 0 ? Math.min(this.concurrency, this.whileWriting) : this.concurrency;
  }

  /** Room for a read of these slots now; a read runs alone when it needs more than the limit allows. */
  private fits(slots: number): boolean {
    return this.running === 0 || this.running + slots <= this.limit;
  }

  private releaser(slots: number): () => void {
    return this.once(() => {
      this.running -= slots;
      this.drain();
    });
  }

  private drain(): void {
    while (this.waiting.length > 0 && this.fits(this.waiting[0]!.slots)) {
      const next = this.waiting.shift()!;
      this.running += next.slots;
      next.admit();
    }
  }

  private once(action: () => void): () => void {
    let done = false;
    return () => {
      if (done) return;
      done = true;
      action();
    };
  }
}

const busyMessage = 'The service is busy; please retry in a second.';

/** The answer to a read the server has no room for: 503 with Retry-After, before anything ran. */
export const busyError = () =>
  new GraphQLError(busyMessage, {
    extensions: { code: 'SERVICE_UNAVAILABLE', http: { status: 503, headers: { 'retry-after': '1' } } },
  });

/** The same answer, for a request refused at the door (RequestGate), before anything of it was parsed. */
export function sendBusy(res: ServerResponse): void {
  if (res.headersSent || res.destroyed) return;
  const body = JSON.stringify({ errors: [{ message: busyMessage, extensions: { code: 'SERVICE_UNAVAILABLE' } }] });
  res.writeHead(503, { 'content-type': 'application/json; charset=utf-8', 'retry-after': '1', 'cache-control': 'no-store' }).end(body);
}

/**
 * Queries through Yoga wait for their turn (see the module comment); the compiled pages take theirs in
 * server/http/compiledPages.ts. Only a signed-in user's mutation counts as a write: an anonymous one
 * (signing out, unsubscribing) changes nothing of the catalog, and a flood of them must not hold every
 * reader back (final attack of issue 18, F1).
 */
export function readAdmissionPlugin(admission: ReadAdmission, gate?: RequestGate): Plugin<{ deadline?: AbortSignal }> {
  return {
    onExecute({ args, executeFn, setExecuteFn }) {
      const kind = getOperationAST(args.document, args.operationName)?.operation;
      const ctx = args.contextValue as { deadline?: AbortSignal; viewer?: unknown };
      if (kind === 'mutation' && ctx.viewer) {
        setExecuteFn(async (execution) => {
          const done = [admission.writing(), gate?.writing()];
          try {
            return await executeFn(execution);
          } finally {
            for (const end of done) end?.();
          }
        });
        return;
      }
      if (kind !== 'query') return;
      setExecuteFn(async (execution) => {
        const release = await admission.enter(ctx.deadline, slotsForCost(queryCosts.get(ctx) ?? 0));
        if (!release) return { errors: [busyError()] };
        try {
          // Execution stops when the deadline passes or the client hangs up (server/http/app.ts): the
          // slot goes back then, not once an answer nobody will read is built.
          return await executeFn(ctx.deadline ? ({ ...execution, signal: ctx.deadline } as typeof execution) : execution);
        } catch (error) {
          // Stopped by its own signal: nobody reads this answer (the client is gone, or was answered 503
          // at the deadline); not an error to log.
          if (ctx.deadline?.aborted && error === ctx.deadline.reason) return { errors: [busyError()] };
          throw error;
        } finally {
          release();
        }
      });
    },
  };
}

/**
 * The requests of anyone not signed in take turns from the start (body read, before any parsing or refusing): at most
 * `concurrency` are parsed, checked and answered at once, the others wait in order (within their
 * deadline, up to `queueLimit`), and the rest are told at once to retry. Admission by cost above gates
 * only execution: a burst of 100 clients whose requests each cost 2 ms to parse, validate and refuse
 * kept every turn of the event loop ~200 ms long, and an editor's saves all met the deadline (final
 * attack of issue 18, F5). Signed-in users pass at once: a session this process found live lately
 * is recognised from its cookie without a lookup; a made-up or signed-out one is not, and waits.
 */
export class RequestGate {
  private readonly turns: ReadAdmission;
  /**
   * Hashes of session tokens seen live, kept until sign-out or a lookup finds the session gone (one
   * ended elsewhere passes once more, then is forgotten). No expiry by time: an editor idle over a form
   * for minutes must still send a large body and pass at once.
   */
  private readonly live = new LRUCache<string, true>({ max: 10_000 });

  constructor(concurrency: number, queueLimit: number) {
    this.turns = new ReadAdmission(concurrency, queueLimit);
  }

  /** Sessions started and ended (sign-in, sign-out) are known at once. */
  follow(auth: Pick<AuthService, 'onSessionStarted' | 'onSessionEnded'>): void {
    auth.onSessionStarted = (tokenHash) => this.live.set(tokenHash, true);
    auth.onSessionEnded = (tokenHash) => this.live.delete(tokenHash);
  }

  /** A request's session was looked up: live, or not (expired, signed out elsewhere, its user disabled). */
  sessionSeen(tokenHash: string | null, live: boolean): void {
    if (!tokenHash) return;
    if (live) this.live.set(tokenHash, true);
    else this.live.delete(tokenHash);
  }

  /** The request comes with a session seen live lately (a signed-in user, most likely still). */
  knows(headers: IncomingHttpHeaders): boolean {
    const cookie = headers.cookie ?? null;
    for (const secure of [true, false]) {
      const token = sessionTokenFromCookie(cookie, secure);
      if (token && this.live.has(hashSessionToken(token))) return true;
    }
    return false;
  }

  /** A release (a no-op for a signed-in user), or null: no room, or the deadline passed while waiting. */
  async enter(headers: IncomingHttpHeaders, signal: AbortSignal): Promise<(() => void) | null> {
    return this.knows(headers) ? () => {} : this.turns.enter(signal);
  }

  /** A signed-in user's write starts: one request at a time passes the door until it is done. */
  writing(): () => void {
    return this.turns.writing();
  }

  /** Requests being answered and waiting, now (for tests). */
  get load(): { running: number; waiting: number } {
    const { running, waiting } = this.turns.load;
    return { running, waiting };
  }
}
