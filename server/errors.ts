import { GraphQLError } from 'graphql';

// Expected failures of the editor API. They are GraphQLErrors so that, outside a result union (a
// private query asked by the wrong person), Yoga passes them through instead of masking them.

export interface FieldError {
  /** Dotted path into the input, e.g. `citation.locator`. */
  path: string;
  message: string;
}

export class ValidationError extends GraphQLError {
  readonly fieldErrors: FieldError[];
  constructor(fieldErrors: FieldError[], message = summarise(fieldErrors)) {
    super(message, { extensions: { code: 'BAD_USER_INPUT' } });
    this.name = 'ValidationError';
    this.fieldErrors = fieldErrors;
  }

  static field(path: string, message: string): ValidationError {
    return new ValidationError([{ path, message }]);
  }
}

/**
 * The request's deadline passed and its client was already answered 503: a write still waiting for a
 * connection, or finishing late, rolls back rather than commit a change nobody was told about.
 */
export class RequestDeadlineError extends GraphQLError {
  constructor() {
    super('The service could not answer in time; nothing was saved. Please retry shortly.', {
      extensions: { code: 'SERVICE_UNAVAILABLE', http: { status: 503 } },
    });
    this.name = 'RequestDeadlineError';
  }
}

export class ConflictError extends GraphQLError {
  /** The record that moved on (audit entity type and row id), so the answer can say who changed it and when. */
  entity: { type: string; id: string } | null = null;
  constructor(
    readonly currentVersion: number,
    message = `This record changed since you loaded it (now at version ${currentVersion}). Reload it and apply your change again.`,
  ) {
    super(message, { extensions: { code: 'CONFLICT' } });
    this.name = 'ConflictError';
  }

  about(entityType: string | undefined, id: string | number): this {
    if (entityType) this.entity = { type: entityType, id: String(id) };
    return this;
  }
}

export class NotAuthorizedError extends GraphQLError {
  constructor(message = 'You are not allowed to do this.', signedIn = true) {
    super(message, { extensions: { code: signedIn ? 'FORBIDDEN' : 'UNAUTHENTICATED' } });
    this.name = 'NotAuthorizedError';
  }
}

export class NotFoundError extends GraphQLError {
  constructor(message = 'Nothing was found with this id.') {
    super(message, { extensions: { code: 'NOT_FOUND' } });
    this.name = 'NotFoundError';
  }
}

export class InvalidCredentialsError extends GraphQLError {
  constructor() {
    super('The email or password is not correct.', { extensions: { code: 'INVALID_CREDENTIALS' } });
    this.name = 'InvalidCredentialsError';
  }
}

export class TooManyAttemptsError extends GraphQLError {
  constructor(readonly retryAfterSeconds: number) {
    super(`Too many failed sign-in attempts. Try again in ${describeWait(retryAfterSeconds)}.`, {
      extensions: { code: 'TOO_MANY_ATTEMPTS' },
    });
    this.name = 'TooManyAttemptsError';
  }
}

function summarise(fieldErrors: FieldError[]): string {
  const first = fieldErrors[0];
  if (!first) return 'The input is not valid.';
  const more = fieldErrors.length > 1 ? ` (and ${fieldErrors.length - 1} more)` : '';
  return `${first.path ? `${first.path}: ` : ''}${first.message}${more}`;
}

function describeWait(seconds: number): string {
  if (seconds < 90) return `${Math.max(1, Math.ceil(seconds))} seconds`;
  return `${Math.ceil(seconds / 60)} minutes`;
}
