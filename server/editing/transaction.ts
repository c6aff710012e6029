import type { Database } from '../../db/client.ts';
import { ValidationError } from '../errors.ts';
import type { Context, Viewer } from '../schema/builder.ts';
import { appendAuditEvent, type AuditEventInput } from './audit.ts';
import { databaseErrorAsValidation } from './databaseErrors.ts';

export type Transaction = Parameters<Parameters<Database['transaction']>[0]>[0];

export interface Write {
  tx: Transaction;
  viewer: Viewer;
  /** Appends this mutation's audit event; exactly one per successful mutation. */
  audit(event: Omit<AuditEventInput, 'actorId' | 'requestId'>): Promise<void>;
}

/**
 * Runs one mutation: its writes, version checks and its one audit event in one transaction. A thrown
 * error rolls everything back; a constraint violation comes back as a ValidationError naming the field.
 */
export async function write<T>(ctx: Context, change: (write: Write) => Promise<T>): Promise<T> {
  const viewer = ctx.viewer;
  if (!viewer) throw new Error('write() needs a signed-in viewer; the field must have authScopes');
  try {
    return await ctx.db.transaction(async (tx) => {
      let events = 0;
      const result = await change({
        tx,
        viewer,
        async audit(event) {
          events++;
          await appendAuditEvent(tx, { ...event, actorId: viewer.id, requestId: ctx.requestId });
        },
      });
      // A bug guard, not a user error: the trail must have one event per change.
      if (events !== 1) throw new Error(`a mutation appended ${events} audit events; exactly one is required`);
      return result;
    });
  } catch (error) {
    if (error instanceof ValidationError) throw error;
    throw databaseErrorAsValidation(error) ?? error;
  }
}
