import type { Transaction } from '../../db/client.ts';
import { RequestDeadlineError, ValidationError } from '../errors.ts';
import type { Context, Viewer } from '../context.ts';
import { appendAuditEvent, type AuditEventInput } from './audit.ts';
import { databaseErrorAsValidation, postgresErrorOf } from './databaseErrors.ts';

export interface Write {
  tx: Transaction;
  viewer: Viewer;
  /** Appends this mutation's audit event; exactly one per successful mutation. */
  audit(event: Omit<AuditEventInput, 'actorId' | 'requestId'>): Promise<void>;
  /** Captures a source's page once this write has committed (a new address, a new page). */
  captureAfterCommit(sourceId: number): void;
}

/**
 * Runs one mutation: its writes, version checks and its one audit event in one transaction. A thrown
 * error rolls everything back; a constraint violation comes back as a ValidationError naming the field.
 * Past the request's deadline (its client already got a 503) the transaction rolls back instead of
 * committing: checked once a connection is had (the wait for one is unbounded) and before COMMIT.
 */
export async function write<T>(ctx: Context, change: (write: Write) => Promise<T>, options: WriteOptions<T> = {}): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await writeOnce(ctx, change, options);
    } catch (error) {
      // Two writes that locked the same rows in opposite orders (a deadlock) or a serialization
      // failure: PostgreSQL rolled this one back whole, so it is safe to run again from the start.
      if (attempt < maxAttempts && retryable.has(postgresErrorOf(error)?.code ?? '')) continue;
      throw error;
    }
  }
}

export interface WriteOptions<T> {
  /** The audit events the change must append, from its result (a batch: one per entry); default exactly one. */
  expectedEvents?: (result: T) => number;
}

/** Deadlock detected, serialization failure. */
const retryable = new Set(['40P01', '40001']);
const maxAttempts = 3;

async function writeOnce<T>(ctx: Context, change: (write: Write) => Promise<T>, options: WriteOptions<T>): Promise<T> {
  const viewer = ctx.viewer;
  if (!viewer) throw new Error('write() needs a signed-in viewer; the field must have authScopes');
  const toCapture = new Set<number>();
  try {
    const committed = await ctx.db.transaction(async (tx) => {
      if (ctx.deadline?.aborted) throw new RequestDeadlineError();
      let events = 0;
      const result = await change({
        tx,
        viewer,
        async audit(event) {
          events++;
          await appendAuditEvent(tx, { ...event, actorId: viewer.id, requestId: ctx.requestId });
        },
        captureAfterCommit: (sourceId) => toCapture.add(sourceId),
      });
      // A bug guard, not a user error: the trail must have one event per change.
      const expected = options.expectedEvents?.(result) ?? 1;
      if (events !== expected || expected < 1) throw new Error(`a mutation appended ${events} audit events; ${expected} (at least one) are required`);
      if (ctx.deadline?.aborted) throw new RequestDeadlineError();
      return result;
    });
    // In the background, audited under its own request id (this request's one event is the change).
    if (ctx.captureOnCreate) {
      for (const sourceId of toCapture) ctx.captures.capture(sourceId, { actorId: viewer.id, requestId: `${ctx.requestId}/capture` }, { fresh: true }).catch(() => {});
    }
    return committed;
  } catch (error) {
    if (error instanceof ValidationError || error instanceof RequestDeadlineError) throw error;
    throw databaseErrorAsValidation(error) ?? error;
  }
}
