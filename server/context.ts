import type { SQL } from 'drizzle-orm';
import type { Logger } from 'pino';
import type { Database } from '../db/client.ts';
import type { AuthService } from './auth/authService.ts';
import type { RequestClient, Viewer } from './auth/viewer.ts';
import type { CaptureJobs } from './evidence/captureJobs.ts';
import type { CatalogMeta } from './http/catalogMeta.ts';

// What every resolver and catalog rule gets for one request. Here, not in the GraphQL builder, so
// auth/ and catalog/ depend on the request, never on GraphQL.

export type { Viewer };

/** What a resolver needs to sign someone in or out of this request. */
export interface RequestAuth extends RequestClient {
  service: AuthService;
}

export interface Context {
  db: Database;
  meta: CatalogMeta;
  viewer: Viewer | null;
  requestId: string;
  log: Logger;
  /** The request's session cookie, client address and the sign-in service (server/auth). */
  auth: RequestAuth;
  /** Aborted when the request's deadline passes and its client has been answered 503. */
  deadline?: AbortSignal;
  /** Captures of cited pages, run outside requests (server/evidence/captureJobs.ts). */
  captures: CaptureJobs;
  /** How long a request may wait for a capture before answering that it is still running (ms). */
  captureWaitMs: number;
  /** Capture a source's page when it is created. */
  captureOnCreate: boolean;
  /** Days after which a verified number not confirmed since is due for a new look, by table (null: never). */
  driftAfterDays: DriftAfterDays;
  /** Public changes as they commit, for this process's subscribers (server/changes/stream.ts). */
  changes: ChangeSubscriptions;
  /**
   * Set only while a known document is planned once (server/graphql/compiled.ts): a root field
   * hands its relational query over instead of running it.
   */
  planning?: {
    /** Hands over the field's read instead of running it. */
    keep(field: string, read: PlannedRead): void;
    /** This request's answer cannot be planned once (it depends on more than the plan's inputs). */
    decline(): void;
  };
  /** Who emails come from and the site's public address (links in emails; the digest preview). */
  mail: { MAIL_FROM: string; PUBLIC_URL: string };
}

/**
 * A root field's read, planned once (server/graphql/compiled.ts): a relational query and what turns its
 * rows into the field's value, or the count of a connection's rows (its `totalCount`).
 */
export type PlannedRead =
  | { table: 'models' | 'scores'; mode: 'first' | 'many'; config: Record<string, unknown>; finish?: (rows: unknown) => unknown }
  | { table: 'models'; mode: 'count'; where: SQL };

/** What a subscription resolver needs of server/changes/stream.ts's ChangeStream (named here: no import circle). */
export interface ChangeSubscriptions {
  subscribe(kinds: readonly string[] | null | undefined, client?: string): AsyncIterableIterator<unknown>;
}

export interface DriftAfterDays {
  scores: number | null;
  prices: number | null;
  model_facts: number | null;
}
