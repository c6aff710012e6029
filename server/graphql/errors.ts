import { sql } from 'drizzle-orm';
import { rowsOf } from '../../db/client.ts';
import type { Context } from '../context.ts';
import { builder } from './builder.ts';
import {
  ConflictError,
  InvalidCredentialsError,
  NotAuthorizedError,
  NotFoundError,
  TooManyAttemptsError,
  ValidationError,
  type FieldError,
} from '../errors.ts';

export const ErrorInterface = builder.interfaceRef<Error>('Error').implement({
  description: 'Every expected failure of a mutation: ask for `message` on this interface, details on the concrete type.',
  fields: (t) => ({ message: t.exposeString('message') }),
});

export const FieldErrorType = builder.objectRef<FieldError>('FieldError').implement({
  description: 'A problem with one input field.',
  fields: (t) => ({
    path: t.exposeString('path', { description: 'Dotted path into the input, e.g. `citation.locator`.' }),
    message: t.exposeString('message'),
  }),
});

builder.objectType(ValidationError, {
  name: 'ValidationError',
  description: 'The input breaks a rule; each field error names the field and explains the rule.',
  interfaces: [ErrorInterface],
  isTypeOf: (value) => value instanceof ValidationError,
  fields: (t) => ({
    fieldErrors: t.field({ type: [FieldErrorType], resolve: (error) => error.fieldErrors }),
  }),
});

builder.objectType(ConflictError, {
  name: 'ConflictError',
  description: 'Someone saved this record after you loaded it: nothing was changed. Reload and reapply.',
  interfaces: [ErrorInterface],
  isTypeOf: (value) => value instanceof ConflictError,
  fields: (t) => ({
    currentVersion: t.exposeInt('currentVersion'),
    changedBy: t.string({
      nullable: true,
      description: 'Email of whoever saved the current version (null when unknown or made by the system).',
      resolve: async (error, _args, ctx) => (await lastChange(error, ctx))?.email ?? null,
    }),
    changedAt: t.field({
      type: 'DateTime',
      nullable: true,
      description: 'When the current version was saved.',
      resolve: async (error, _args, ctx) => {
        const at = (await lastChange(error, ctx))?.at;
        return at ? new Date(at) : null;
      },
    }),
  }),
});

const lastChanges = new WeakMap<ConflictError, Promise<{ at: string; email: string | null } | null>>();

/** The audit trail's latest event of the record that moved on: who saved its current version, and when. */
function lastChange(error: ConflictError, ctx: Context) {
  const entity = error.entity;
  if (!entity) return Promise.resolve(null);
  let found = lastChanges.get(error);
  if (!found) {
    found = ctx.db
      .execute(
        sql`select to_char(a.at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') as at, u.email from audit_events a left join users u on u.id = a.actor_id
            where a.entity_type = ${entity.type} and a.entity_id = ${entity.id} order by a.id desc limit 1`,
      )
      .then((result) => {
        const rows = rowsOf<{ at: string; email: string | null }>(result);
        return rows[0] ?? null;
      });
    lastChanges.set(error, found);
  }
  return found;
}

builder.objectType(NotAuthorizedError, {
  name: 'NotAuthorizedError',
  description: 'You are not signed in, or your role does not allow this.',
  interfaces: [ErrorInterface],
  isTypeOf: (value) => value instanceof NotAuthorizedError,
});

builder.objectType(NotFoundError, {
  name: 'NotFoundError',
  interfaces: [ErrorInterface],
  isTypeOf: (value) => value instanceof NotFoundError,
});

builder.objectType(InvalidCredentialsError, {
  name: 'InvalidCredentialsError',
  description: 'Sign-in failed. The same answer for an unknown email and a wrong password.',
  interfaces: [ErrorInterface],
  isTypeOf: (value) => value instanceof InvalidCredentialsError,
});

builder.objectType(TooManyAttemptsError, {
  name: 'TooManyAttemptsError',
  description: 'Sign-in is locked for a while after repeated failures (per account and per client address).',
  interfaces: [ErrorInterface],
  isTypeOf: (value) => value instanceof TooManyAttemptsError,
  fields: (t) => ({ retryAfterSeconds: t.exposeInt('retryAfterSeconds') }),
});

/** The error types of a mutation that writes: every one can be refused, invalid, or not found. */
export const writeErrors = [NotAuthorizedError, ValidationError, NotFoundError];
/** …and, when it takes an expected version or moves a workflow, conflict. */
export const versionedWriteErrors = [...writeErrors, ConflictError];
