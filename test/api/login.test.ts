import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../helpers/app.ts';
import { insertUser, op, password } from '../helpers/editor.ts';

// Sign-in limits (server/auth/loginLimiter.ts, default 5 failures per account and 20 per client
// address in 15 minutes, then a 15-minute lock) and how the client address is taken: the socket's
// address, or with TRUST_PROXY the last X-Forwarded-For entry (the one the proxy appends). Headers
// a client writes itself must not buy it a fresh address. test/api/sessions.security.test.ts covers
// the limits from the proxy's side (one X-Forwarded-For entry per request); this file covers the
// contract's Login operation and forged addresses.

const figures: string[] = [];
afterAll(() => console.log(`login limits:\n  ${figures.join('\n  ')}`));

interface Answer {
  status: number;
  typename: string;
  message?: string;
  retryAfterSeconds?: number;
  setCookie: string | null;
}

// The contract's Login, plus the wait a locked client is told.
const loginQuery = op('Login').replace('__typename', '__typename ... on TooManyAttemptsError { retryAfterSeconds }');

async function login(app: TestApp, email: string, secret: string, headers: Record<string, string> = {}): Promise<Answer> {
  const response = await fetch(`${app.url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json', ...headers },
    body: JSON.stringify({
      query: loginQuery,
      variables: { email, password: secret },
    }),
  });
  const body = (await response.json()) as { data: { login: { __typename: string; message?: string; retryAfterSeconds?: number } } };
  return { status: response.status, typename: body.data.login.__typename, ...body.data.login, setCookie: response.headers.get('set-cookie') };
}

/** Wrong passwords until the answer is not InvalidCredentialsError; returns how many failures it took. */
async function failUntilLocked(try_: (attempt: number) => Promise<Answer>, bound = 60) {
  for (let attempt = 0; attempt < bound; attempt++) {
    const answer = await try_(attempt);
    expect(answer.status).toBe(200);
    if (answer.typename !== 'InvalidCredentialsError') return { failures: attempt, answer };
    expect(answer.message).toBe('The email or password is not correct.');
    expect(answer.setCookie).toBeNull();
  }
  return { failures: Infinity, answer: null };
}

const lockMessage = /^Too many failed sign-in attempts\. Try again in \d+ (seconds|minutes)\.$/;

describe('directly connected clients (no trusted proxy)', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp(async (db) => {
      await insertUser(db, 'victim@sourced.test', 'EDITOR');
      await insertUser(db, 'bystander@sourced.test', 'EDITOR');
    });
  });
  afterAll(() => app?.close());

  it('a burst of wrong passwords locks the account after 5 failures, with a clear message; the right password is refused too', async () => {
    const { failures, answer } = await failUntilLocked(() => login(app, 'victim@sourced.test', 'not the password'));
    expect(failures).toBe(5);
    expect(answer).toMatchObject({ typename: 'TooManyAttemptsError', message: expect.stringMatching(lockMessage), setCookie: null });
    expect(answer!.retryAfterSeconds).toBeGreaterThan(14 * 60);
    expect(answer!.retryAfterSeconds).toBeLessThanOrEqual(15 * 60);
    const right = await login(app, 'victim@sourced.test', password);
    expect(right).toMatchObject({ typename: 'TooManyAttemptsError', setCookie: null });
    // The same account spelled differently is the same account.
    expect((await login(app, '  VICTIM@sourced.test ', password)).typename).toBe('TooManyAttemptsError');
    // Others can still sign in from this address (it has 5 failures of 20).
    expect((await login(app, 'bystander@sourced.test', password)).typename).toBe('LoginSuccess');
    figures.push(`per account: locked after ${failures} failures; answer ${answer!.typename} "${answer!.message}" (retryAfterSeconds ${answer!.retryAfterSeconds}), HTTP 200, no cookie`);
  });

  it('one address trying many accounts is locked after 20 failures; X-Forwarded-For it sends itself is ignored', async () => {
    const { failures, answer } = await failUntilLocked((attempt) =>
      login(app, `guess-${attempt}@sourced.test`, 'guessed password', { 'x-forwarded-for': `198.51.100.${attempt + 1}` }),
    );
    // This address already has the 5 failures above (answers refused while locked are not counted).
    expect(failures + 5).toBe(20);
    expect(answer).toMatchObject({ typename: 'TooManyAttemptsError', message: expect.stringMatching(lockMessage) });
    expect((await login(app, 'bystander@sourced.test', password, { 'x-forwarded-for': '192.0.2.1' })).typename).toBe('TooManyAttemptsError');
    figures.push(`per address (no proxy, forged X-Forwarded-For ignored): locked after ${failures + 5} failures from 127.0.0.1 (5 on one account, ${failures} on as many others); answer "${answer!.message}"`);
  });
});

describe('behind a trusted proxy (TRUST_PROXY): the address is the entry the proxy appended', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp(
      async (db) => {
        await insertUser(db, 'bystander@sourced.test', 'EDITOR');
        await insertUser(db, 'target@sourced.test', 'EDITOR');
      },
      { auth: { trustProxy: true } },
    );
  });
  afterAll(() => app?.close());

  it('a client forging its own X-Forwarded-For entries before the proxy\'s is still locked after 20 failures', async () => {
    const real = '203.0.113.50';
    const { failures, answer } = await failUntilLocked((attempt) =>
      // What a proxy that appends the peer address forwards: "<whatever the client sent>, <client>".
      login(app, `stuffed-${attempt}@sourced.test`, 'guessed password', { 'x-forwarded-for': `10.${attempt}.0.1, 192.0.2.${attempt}, ${real}` }),
    );
    expect(failures).toBe(20);
    expect(answer).toMatchObject({ typename: 'TooManyAttemptsError', message: expect.stringMatching(lockMessage) });
    expect((await login(app, 'bystander@sourced.test', password, { 'x-forwarded-for': `192.0.2.77, ${real}` })).typename).toBe('TooManyAttemptsError');
    // Another client behind the same proxy is not affected.
    expect((await login(app, 'bystander@sourced.test', password, { 'x-forwarded-for': `${real}, 203.0.113.51` })).typename).toBe('LoginSuccess');
    figures.push(`per address (trusted proxy, forged leading entries): locked after ${failures} failures; answer "${answer!.message}"`);
  });

  it('an account attacked from many real addresses still locks after 5 failures', async () => {
    const { failures, answer } = await failUntilLocked((attempt) => login(app, 'target@sourced.test', 'wrong', { 'x-forwarded-for': `198.51.100.${attempt + 10}` }));
    expect(failures).toBe(5);
    expect(answer!.typename).toBe('TooManyAttemptsError');
    const sessions = await app.db.raw.query<{ n: number }>(`select count(*)::int as n from sessions s join users u on u.id = s.user_id where u.email = 'target@sourced.test'`);
    expect(Number(sessions[0]!.n)).toBe(0);
    figures.push(`per account from ${failures} different addresses: locked after ${failures} failures`);
  });
});
