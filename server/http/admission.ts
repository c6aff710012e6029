/**
 * Reads take turns; writes do not. A flood of uncached reads (a crawler, a spike after a launch) used to
 * fill the event loop and every pooled connection, and an editor's save waited behind all of it: under
 * 36 readers about a third of the saves met the request deadline and got "outcome unknown" though
 * they had committed. Queries now run at most READ_CONCURRENCY at once, the others wait in order (up to
 * READ_QUEUE of them, within their own deadline) and the rest are told at once to retry; mutations and
 * subscriptions never wait here. With fewer reads than pooled connections, a write always finds one.
 * While a signed-in user's write executes, one read runs at a time: Node runs one step at a time, and
 * each step of the write (a statement's reply, say) otherwise waits behind a step of every read in flight.
 */
import { getOperationAST, GraphQLError } from 'graphql';
import type { Plugin } from 'graphql-yoga';

export class ReadAdmission {
  private running = 0;
  private writes = 0;
  private readonly waiting: { admit: () => void }[] = [];

  constructor(
    private readonly concurrency: number,
    private readonly queueLimit: number,
    /** Reads running at once while a write executes: the write's steps then queue behind few others. */
    private readonly whileWriting = 1,
  ) {}

  /** A release to call once the read is done, or null: the queue is full, or the deadline passed while waiting. */
  async enter(signal?: AbortSignal): Promise<(() => void) | null> {
    if (signal?.aborted) return null;
    // In order: nobody overtakes a read already waiting.
    if (this.waiting.length === 0 && this.running < this.limit) {
      this.running++;
      return this.releaser();
    }
    if (this.waiting.length >= this.queueLimit) return null;
    return new Promise((resolve) => {
      const turn = {
        admit: () => {
          signal?.removeEventListener('abort', leave);
          resolve(this.releaser());
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

  /** Reads running and waiting, and writes under way, now (for tests). */
  get load(): { running: number; waiting: number; writing: number } {
    return { running: this.running, waiting: this.waiting.length, writing: this.writes };
  }

  private get limit(): number {
    return this.writes > 0 ? Math.min(this.concurrency, this.whileWriting) : this.concurrency;
  }

  private releaser(): () => void {
    return this.once(() => {
      this.running--;
      this.drain();
    });
  }

  private drain(): void {
    while (this.waiting.length > 0 && this.running < this.limit) {
      this.running++;
      this.waiting.shift()!.admit();
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

/** The answer to a read the server has no room for: 503 with Retry-After, before anything ran. */
export const busyError = () =>
  new GraphQLError('The service is busy; please retry in a second.', {
    extensions: { code: 'SERVICE_UNAVAILABLE', http: { status: 503, headers: { 'retry-after': '1' } } },
  });

/**
 * Queries through Yoga wait for their turn (see the module comment); the compiled pages take theirs in
 * server/http/compiledPages.ts. Only a signed-in user's mutation counts as a write: an anonymous one
 * (signing out, unsubscribing) changes nothing of the catalog, and a flood of them must not hold every
 * reader back (final attack of issue 18, F1).
 */
export function readAdmissionPlugin(admission: ReadAdmission): Plugin<{ deadline?: AbortSignal }> {
  return {
    onExecute({ args, executeFn, setExecuteFn }) {
      const kind = getOperationAST(args.document, args.operationName)?.operation;
      const ctx = args.contextValue as { deadline?: AbortSignal; viewer?: unknown };
      if (kind === 'mutation' && ctx.viewer) {
        setExecuteFn(async (execution) => {
          const done = admission.writing();
          try {
            return await executeFn(execution);
          } finally {
            done();
          }
        });
        return;
      }
      if (kind !== 'query') return;
      setExecuteFn(async (execution) => {
        const release = await admission.enter(ctx.deadline);
        if (!release) return { errors: [busyError()] };
        try {
          return await executeFn(execution);
        } finally {
          release();
        }
      });
    },
  };
}
