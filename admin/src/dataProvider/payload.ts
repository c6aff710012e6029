import { HttpError } from 'react-admin';

export interface FieldError {
  path: string | string[];
  message: string;
}

export interface Payload {
  __typename: string;
  message?: string;
  fieldErrors?: FieldError[];
  currentVersion?: number;
  [field: string]: unknown;
}

/** What the conflict dialog needs: the version the server has now, and who made it and when if known. */
export interface ConflictDetails {
  message: string;
  currentVersion?: number;
  changedBy?: string | null;
  changedAt?: string | null;
}

/** Input wrappers the API nests fields under; the form knows fields by their own names. */
const wrappers = new Set(['input', 'patch', 'data']);

/** `['input', 'citation', 'locator']` or `'input.citation.locator'` → `{ citation: { locator: message } }`. */
export function fieldErrorsToFormErrors(fieldErrors: FieldError[], renames: Record<string, string> = {}) {
  const errors: Record<string, unknown> = {};
  for (const { path, message } of fieldErrors) {
    const parts = (Array.isArray(path) ? path : String(path).split('.')).map(String).filter((p) => p !== '');
    while (parts.length > 1 && wrappers.has(parts[0]!)) parts.shift();
    const dotted = renames[parts.join('.')] ?? parts.join('.');
    let target = errors;
    const keys = dotted.split('.');
    keys.forEach((key, index) => {
      if (index === keys.length - 1) {
        if (typeof target[key] !== 'object') target[key] = message;
      } else {
        if (typeof target[key] !== 'object' || target[key] === null) target[key] = {};
        target = target[key] as Record<string, unknown>;
      }
    });
  }
  return errors;
}

export class ConflictHttpError extends HttpError {
  constructor(public readonly conflict: ConflictDetails) {
    super(conflict.message, 409, { conflict });
  }
}

/**
 * The record is public: the change was not applied but sent for review (RevisionPending). Not a
 * failure, but not a save either: the form must say so rather than show the old record as saved.
 */
export class RevisionPendingError extends HttpError {
  constructor(message: string, public readonly revisionId: string | null) {
    super(message, 202, { revisionPending: true, revisionId });
  }
}

export function isRevisionPending(error: unknown): error is RevisionPendingError {
  return error instanceof HttpError && (error.body as { revisionPending?: boolean } | undefined)?.revisionPending === true;
}

export function isConflict(error: unknown): error is ConflictHttpError {
  return error instanceof HttpError && error.status === 409;
}

/**
 * A mutation's union result: the success payload, or a typed error turned into an HttpError that
 * react-admin understands (ValidationError → field errors shown on the form; ConflictError → 409).
 */
export function unwrap<T = Payload>(payload: Payload | null | undefined, renames?: Record<string, string>): T {
  if (!payload) throw new HttpError('The API returned no result.', 500);
  const type = payload.__typename;
  if (type === 'RevisionPending') {
    const revision = payload.revision as { id?: string } | undefined;
    throw new RevisionPendingError(payload.message ?? 'Sent for review: a second person must approve this change.', revision?.id ?? null);
  }
  if (!type.endsWith('Error')) return payload as T;
  const message = payload.message ?? 'The change was refused.';
  switch (type) {
    case 'ValidationError': {
      const errors = fieldErrorsToFormErrors(payload.fieldErrors ?? [], renames);
      throw new HttpError(message, 400, { errors: { ...errors, root: { serverError: message } } });
    }
    case 'ConflictError':
      throw new ConflictHttpError({
        message,
        currentVersion: payload.currentVersion,
        changedBy: (payload.changedBy as string | null | undefined) ?? null,
        changedAt: (payload.changedAt as string | null | undefined) ?? null,
      });
    case 'NotAuthorizedError':
      throw new HttpError(message, 403, { typed: true });
    case 'NotFoundError':
      throw new HttpError(message, 404);
    default:
      throw new HttpError(message, 400);
  }
}
