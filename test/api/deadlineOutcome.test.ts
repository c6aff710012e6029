import { GraphQLError } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../helpers/app.ts';
import { insertUser, login, op, type Session } from '../helpers/editor.ts';
import { CatalogFixture } from '../helpers/fixtures.ts';

// A request answered 503 at its deadline may still have written: the deadline can pass after COMMIT
// was sent (or after it returned, while the answer was being built). A mutation's 503 says so, so that
// a client re-reads before retrying instead of creating the same thing twice.

// Long enough for a sign-in (argon2) and a write to finish on a busy machine; the slow plugin then holds
// the answer well past it.
const deadlineMs = 2_000;
let slowAfterExecution = false;
let connectionLostAfterExecution = false;

/** Holds an operation's answer past the deadline after it has executed (and its write committed). */
const slowAnswers: Plugin = {
  onExecute({ executeFn, setExecuteFn }) {
    if (connectionLostAfterExecution) {
      // The database connection dropped once the write was sent (as when COMMIT's reply is lost).
      setExecuteFn(async (args) => {
        await executeFn(args);
        const reset = Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET' });
        return { data: null, errors: [new GraphQLError(reset.message, { originalError: reset, path: ['createSource'] })] };
      });
      return;
    }
    if (!slowAfterExecution) return;
    setExecuteFn(async (args) => {
      const result = await executeFn(args);
      await new Promise((resolve) => setTimeout(resolve, deadlineMs + 1_500));
      return result;
    });
  },
};

let app: TestApp;
let editor: Session;

beforeAll(async () => {
  app = await startTestApp(
    async (db) => {
      const catalog = new CatalogFixture(db);
      await catalog.model('tiny', await catalog.provider('acme'));
      await insertUser(db, 'late-editor@sourced.test', 'EDITOR');
    },
    { requestTimeoutMs: deadlineMs, plugins: [slowAnswers] },
  );
  // A sign-in slower than the deadline (a loaded machine) is answered 503: try again.
  for (let attempt = 1; !editor; attempt++) {
    try {
      editor = await login(app, 'late-editor@sourced.test');
    } catch (error) {
      if (attempt >= 5) throw error;
    }
  }
});
afterAll(() => app?.close());

async function post(body: unknown, headers: Record<string, string> = {}) {
  const response = await fetch(`${app.url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json', ...headers },
    body: JSON.stringify(body),
  });
  return { status: response.status, body: (await response.json()) as { errors?: { message: string; extensions: Record<string, unknown> }[] } };
}

describe('a 503 at the request deadline', () => {
  it('for a mutation, says the outcome is unknown (the change may have been saved), and it was', async () => {
    const url = 'https://acme.test/late-page';
    slowAfterExecution = true;
    let answer;
    try {
      answer = await post(
        { query: op('CreateSource'), variables: { input: { url, title: 'Late page', publisher: 'Acme', kind: 'VENDOR_DOCS', retrievedAt: '2026-11-01' } } },
        editor.headers,
      );
    } finally {
      slowAfterExecution = false;
    }
    expect(answer.status).toBe(503);
    const error = answer.body.errors?.[0];
    expect(error?.extensions).toMatchObject({ code: 'SERVICE_UNAVAILABLE', outcome: 'UNKNOWN' });
    expect(error?.message).toMatch(/may or may not have been saved/);
    expect(error?.message).toMatch(/re-read before retrying/);
    // Why the client must re-read: the write did commit.
    const rows = await app.db.raw.query<{ n: number }>('select count(*)::int as n from sources where url = $1', [url]);
    expect(rows.map((row) => Number(row.n))).toEqual([1]);
  });

  it('for a mutation whose database connection dropped, also says the outcome is unknown', async () => {
    const url = 'https://acme.test/lost-reply';
    connectionLostAfterExecution = true;
    let answer;
    try {
      answer = await post(
        { query: op('CreateSource'), variables: { input: { url, title: 'Lost reply', publisher: 'Acme', kind: 'VENDOR_DOCS', retrievedAt: '2026-11-01' } } },
        editor.headers,
      );
    } finally {
      connectionLostAfterExecution = false;
    }
    const error = answer.body.errors?.[0];
    expect(error?.extensions).toMatchObject({ code: 'SERVICE_UNAVAILABLE', outcome: 'UNKNOWN' });
    expect(error?.message).toMatch(/re-read before retrying/);
    const rows = await app.db.raw.query<{ n: number }>('select count(*)::int as n from sources where url = $1', [url]);
    expect(rows.map((row) => Number(row.n))).toEqual([1]);
    // The same drop under a query: nothing to re-read, no outcome.
    connectionLostAfterExecution = true;
    try {
      const read = await post({ query: '{ models(first: 1) { totalCount } }' });
      expect(read.body.errors?.[0]?.extensions.code).toBe('SERVICE_UNAVAILABLE');
      expect(read.body.errors?.[0]?.extensions).not.toHaveProperty('outcome');
    } finally {
      connectionLostAfterExecution = false;
    }
  });

  it('for a query, is a plain "retry shortly" with no outcome to report', async () => {
    slowAfterExecution = true;
    let answer;
    try {
      answer = await post({ query: '{ models(first: 1) { totalCount } }' });
    } finally {
      slowAfterExecution = false;
    }
    expect(answer.status).toBe(503);
    const error = answer.body.errors?.[0];
    expect(error?.extensions.code).toBe('SERVICE_UNAVAILABLE');
    expect(error?.extensions).not.toHaveProperty('outcome');
    expect(error?.message).toMatch(/retry/);
  });
});
