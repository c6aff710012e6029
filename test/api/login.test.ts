import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../helpers/app.ts';
import { passwordChecks } from '../../server/auth/passwords.ts';
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

describe('concurrent attempts: each is taken from the limits before its password is checked (argon2)', () => {
  // Issue 10, item 9: the limit was read before the check and counted after it, so attempts sent at
  // the same time all passed the read: 12 wrong passwords got 10-12 argon2 checks against a limit of
  // 5, and the right password sent among them signed in.
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp(
      async (db) => {
        await insertUser(db, 'raced@sourced.test', 'EDITOR');
        await insertUser(db, 'raced-too@sourced.test', 'EDITOR');
        await insertUser(db, 'steady@sourced.test', 'EDITOR');
      },
      { auth: { trustProxy: true } },
    );
  });
  afterAll(() => app?.close());

  const tally = (answers: Answer[]) => {
    const counts: Record<string, number> = {};
    for (const answer of answers) counts[answer.typename] = (counts[answer.typename] ?? 0) + 1;
    return counts;
  };

  it('12 wrong passwords sent at once get 5 password checks, for a known and an unknown email alike; then the right one is refused', async () => {
    const seen: Record<string, unknown>[] = [];
    for (const [email, address] of [
      ['raced@sourced.test', '203.0.113.21'],
      ['nobody-raced@sourced.test', '203.0.113.22'],
    ] as const) {
      const before = passwordChecks.count;
      const answers = await Promise.all(Array.from({ length: 12 }, (_, i) => login(app, email, `wrong password ${i}`, { 'x-forwarded-for': address })));
      const checks = passwordChecks.count - before;
      expect(checks, email).toBe(5);
      expect(tally(answers), email).toEqual({ InvalidCredentialsError: 5, TooManyAttemptsError: 7 });
      expect(answers.every((answer) => answer.setCookie === null)).toBe(true);
      const right = await login(app, email, password, { 'x-forwarded-for': '203.0.113.23' });
      expect(right).toMatchObject({ typename: 'TooManyAttemptsError', setCookie: null });
      seen.push({ checks, answers: tally(answers), then: right.typename });
      figures.push(`12 concurrent wrong passwords (${email.startsWith('nobody') ? 'unknown' : 'known'} email): ${checks} argon2 checks, ${JSON.stringify(tally(answers))}; the right password after: ${right.typename}`);
    }
    // Whether the email exists changes nothing in the answers.
    expect(seen[0]).toEqual(seen[1]);
  });

  it('the right password sent while 12 wrong ones are in flight is refused once their 5 checks have the points', async () => {
    const before = passwordChecks.count;
    const wrong = Array.from({ length: 12 }, (_, i) => login(app, 'raced-too@sourced.test', `wrong password ${i}`, { 'x-forwarded-for': `198.51.100.${i + 1}` }));
    // Bounded by count, not by time: wait until the wrong ones have started their checks.
    for (let i = 0; i < 1_000 && passwordChecks.count - before < 5; i++) await new Promise((resolve) => setTimeout(resolve, 5));
    const right = login(app, 'raced-too@sourced.test', password, { 'x-forwarded-for': '198.51.100.200' });
    const answers = await Promise.all([...wrong, right]);
    expect(answers.at(-1)).toMatchObject({ typename: 'TooManyAttemptsError', setCookie: null });
    expect(passwordChecks.count - before).toBe(5);
    expect(tally(answers)).toEqual({ InvalidCredentialsError: 5, TooManyAttemptsError: 8 });
    const [{ n }] = (await app.db.raw.query<{ n: number }>(`select count(*)::int as n from sessions s join users u on u.id = s.user_id where u.email = 'raced-too@sourced.test'`)) as [{ n: number }];
    expect(Number(n)).toBe(0);
  });

  it('30 sign-ins at once from one address to as many emails get 20 password checks', async () => {
    const before = passwordChecks.count;
    const answers = await Promise.all(
      Array.from({ length: 30 }, (_, i) => login(app, `stuffed-at-once-${i}@sourced.test`, 'guessed password', { 'x-forwarded-for': '192.0.2.99' })),
    );
    expect(passwordChecks.count - before).toBe(20);
    expect(tally(answers)).toEqual({ InvalidCredentialsError: 20, TooManyAttemptsError: 10 });
    // An attempt refused for its address was not charged to the account it named: that account
    // still has its 5 tries from elsewhere.
    const refused = answers.findIndex((answer) => answer.typename === 'TooManyAttemptsError');
    for (let i = 0; i < 5; i++) {
      expect((await login(app, `stuffed-at-once-${refused}@sourced.test`, `another guess ${i}`, { 'x-forwarded-for': '192.0.2.100' })).typename).toBe('InvalidCredentialsError');
    }
    expect((await login(app, `stuffed-at-once-${refused}@sourced.test`, 'another guess', { 'x-forwarded-for': '192.0.2.100' })).typename).toBe('TooManyAttemptsError');
  });

  it('a success gives its attempt back to the address: 25 sign-ins in a row from one address all succeed', async () => {
    for (let i = 0; i < 25; i++) {
      const answer = await login(app, 'steady@sourced.test', password, { 'x-forwarded-for': '192.0.2.150' });
      expect(answer.typename, `sign-in ${i + 1}`).toBe('LoginSuccess');
    }
  });
});
