import type { AddressInfo } from 'node:net';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recordFigures, type Figure } from '../faults/harness.ts';
import { createApp } from '../../server/http/app.ts';
import type { AuthOptions } from '../../server/auth/authService.ts';
import { dummyPasswordHash, hashPassword, passwordChecks, verifyPassword } from '../../server/auth/passwords.ts';
import { CatalogMeta } from '../../server/http/catalogMeta.ts';
import { freshDatabase, type TestDatabase } from '../helpers/database.ts';
import { globalId, insertUser, op, password, smallCatalog } from '../helpers/editor.ts';

// Sign-in abuse and session hygiene through real HTTP: brute force locks (per account and per address)
// with a clear answer and a log line, unknown and known emails cost the same, the session cookie's
// attributes, sessions ending for real, and no stack trace or SQL text in any answer.

interface LogLine {
  level: number;
  msg: string;
  [key: string]: unknown;
}

interface SecurityApp {
  url: string;
  db: TestDatabase;
  logs: LogLine[];
  post(body: string | object, headers?: Record<string, string>): Promise<{ status: number; headers: Headers; text: string; json: any }>;
  login(email: string, secret: string, headers?: Record<string, string>): Promise<{ typename: string; message?: string; setCookie: string | null; json: any }>;
  close(): Promise<void>;
}

/** The real app on a free port, like test/helpers/app.ts, but with its pino logs captured. */
async function startSecurityApp(auth: Partial<AuthOptions>, prepare: (db: TestDatabase) => Promise<unknown>): Promise<SecurityApp> {
  const db = await freshDatabase();
  await prepare(db);
  const meta = new CatalogMeta(db);
  await meta.start();
  const logs: LogLine[] = [];
  const logger = pino({ level: 'info' }, { write: (line: string) => void logs.push(JSON.parse(line)) });
  const { server } = createApp({ handle: db, meta, logger, config: { CORS_ORIGINS: [], REQUEST_TIMEOUT_MS: 10_000 }, auth });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const post: SecurityApp['post'] = async (body, headers = {}) => {
    const response = await fetch(`${url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json', ...headers },
      body: typeof body === 'string' ? body : JSON.stringify(body),
    });
    const text = await response.text();
    let json: any = null;
    try {
      json = JSON.parse(text);
    } catch {
      // not JSON: the test looks at the text
    }
    return { status: response.status, headers: response.headers, text, json };
  };
  return {
    url,
    db,
    logs,
    post,
    async login(email, secret, headers = {}) {
      const response = await post({ query: op('Login'), variables: { email, password: secret } }, headers);
      const result = response.json?.data?.login ?? {};
      return { typename: result.__typename, message: result.message, setCookie: response.headers.get('set-cookie'), json: response.json };
    },
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await meta.stop();
      await db.destroy();
    },
  };
}

const cookiePair = (setCookie: string | null) => setCookie!.split(';')[0]!;
const attributes = (setCookie: string) =>
  setCookie
    .split(';')
    .slice(1)
    .map((part) => part.trim());
const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
};

/** Anything in an answer that betrays the implementation: stack frames, file paths, SQL, driver messages. */
const leaks = [
  /\bat [\w.<>]+ \(/, // stack frame "at fn ("
  /\bat (file:|node:|\/)/,
  /\.(ts|js|mjs|cjs):\d+/,
  /node_modules/,
  /\bselect\b[\s\S]{0,200}\bfrom\b/i,
  /\binsert into\b/i,
  /\bdelete from\b/i,
  /\bupdate "?\w+"? set\b/i,
  /syntax error at or near/i,
  /violates [\w -]*constraint/i,
  /\brelation "/i,
  /invalid byte sequence/i,
  /\bpostgres(ql)?\b/i,
  /\bpglite\b/i,
  /drizzle/i,
  /"stack"/,
];
function expectNoLeak(text: string, what: string) {
  for (const pattern of leaks) expect(text, `${what} answered ${text.slice(0, 400)}`).not.toMatch(pattern);
}

const figures: string[] = [];
/** The same figures against their goals, for the faults report (npm run test:faults). */
const goals: Figure[] = [];
afterAll(() => {
  if (figures.length) console.log(`\nsessions.security figures:\n  ${figures.join('\n  ')}`);
  if (goals.length) recordFigures('sign-in and sessions', goals);
});

const victim = 'victim@sourced.test';
const roaming = 'roaming@sourced.test';
const bystander = 'bystander@sourced.test';

describe('brute force against sign-in (default limits, behind a trusted proxy)', () => {
  let app: SecurityApp;
  beforeAll(async () => {
    app = await startSecurityApp({ trustProxy: true }, async (db) => {
      for (const email of [victim, roaming, bystander]) await insertUser(db, email, 'EDITOR');
    });
  });
  afterAll(() => app?.close());

  /** Wrong passwords until the API says TooManyAttempts (bounded at 50 tries). */
  async function failUntilLocked(email: string, address: (attempt: number) => string) {
    const answers: string[] = [];
    for (let attempt = 0; attempt < 50; attempt++) {
      const result = await app.login(email, `wrong password ${attempt}`, { 'x-forwarded-for': address(attempt) });
      answers.push(result.typename);
      if (result.typename === 'TooManyAttemptsError') return { failures: attempt, answers, message: result.message! };
      expect(result.typename).toBe('InvalidCredentialsError');
      expect(result.message).toBe('The email or password is not correct.');
      expect(result.setCookie).toBeNull();
    }
    throw new Error(`${email} was never locked: ${answers.join(', ')}`);
  }

  it('from one address: the account locks after 5 failures, even the right password is refused, and it is logged', async () => {
    const { failures, message } = await failUntilLocked(victim, () => '203.0.113.7');
    expect(failures).toBe(5);
    expect(message).toMatch(/^Too many failed sign-in attempts\. Try again in \d+ (seconds|minutes)\.$/);
    const right = await app.login(victim, password, { 'x-forwarded-for': '203.0.113.7' });
    expect(right.typename).toBe('TooManyAttemptsError');
    expect(right.setCookie).toBeNull();
    expect(right.json.data.login.message).toBe(message);
    // Another account from another address is not affected.
    expect((await app.login(bystander, password, { 'x-forwarded-for': '192.0.2.200' })).typename).toBe('LoginSuccess');

    const lockout = app.logs.filter((line) => line.event === 'login_lockout' && line.account === victim);
    expect(lockout).toHaveLength(1);
    expect(lockout[0]).toMatchObject({ scope: 'account', ip: '203.0.113.7', failures: 5, level: 40 });
    expect(lockout[0]!.msg).toBe('account locked after 5 failed sign-ins');
    const refused = app.logs.filter((line) => line.event === 'login_refused_locked' && line.account === victim);
    expect(refused.length).toBe(2);
    expect(app.logs.filter((line) => line.event === 'login_failed' && line.account === victim)).toHaveLength(5);
    // No password ever reaches the log.
    expect(JSON.stringify(app.logs)).not.toContain('wrong password');
    expect(JSON.stringify(app.logs)).not.toContain(password);
    figures.push(`one address: locked after ${failures} failures; answer "${message}"; log "${lockout[0]!.msg}"`);
    goals.push({ name: 'brute force from one address: failures before the account locks', value: failures, goal: '≤ 5, logged', met: failures <= 5 });
  });

  it('from many addresses (a new X-Forwarded-For each try): the account still locks after 5 failures', async () => {
    const { failures, message } = await failUntilLocked(roaming, (attempt) => `198.51.100.${attempt + 1}`);
    expect(failures).toBe(5);
    expect(message).toMatch(/^Too many failed sign-in attempts/);
    const right = await app.login(roaming, password, { 'x-forwarded-for': '198.51.100.250' });
    expect(right.typename).toBe('TooManyAttemptsError');
    const lockout = app.logs.filter((line) => line.event === 'login_lockout' && line.account === roaming);
    expect(lockout).toHaveLength(1);
    expect(lockout[0]).toMatchObject({ scope: 'account', ip: '198.51.100.5' });
    const addresses = new Set(app.logs.filter((line) => line.event === 'login_failed' && line.account === roaming).map((line) => line.ip));
    expect(addresses.size).toBe(5);
    figures.push(`many addresses: locked after ${failures} failures from ${addresses.size} addresses; answer "${message}"`);
    goals.push({ name: 'brute force from many addresses: failures before the account locks', value: failures, goal: '≤ 5, logged', met: failures <= 5 });
  });

  it('one address trying many emails (credential stuffing) is locked after 20 failures, for every account', async () => {
    const address = '203.0.113.99';
    let failures = 0;
    let answer: Awaited<ReturnType<SecurityApp['login']>> | null = null;
    for (; failures < 60; failures++) {
      answer = await app.login(`stuffed-${failures}@sourced.test`, 'guessed password', { 'x-forwarded-for': address });
      if (answer.typename !== 'InvalidCredentialsError') break;
    }
    expect(failures).toBe(20);
    expect(answer!.typename).toBe('TooManyAttemptsError');
    // The address is locked even for a real account with its right password.
    expect((await app.login(bystander, password, { 'x-forwarded-for': address })).typename).toBe('TooManyAttemptsError');
    const lockout = app.logs.filter((line) => line.event === 'login_lockout' && line.scope === 'address');
    expect(lockout).toHaveLength(1);
    expect(lockout[0]).toMatchObject({ ip: address, failures: 20 });
    expect(lockout[0]!.msg).toBe('client address locked after 20 failed sign-ins');
    figures.push(`one address, many emails: address locked after ${failures} failures; log "${lockout[0]!.msg}"`);
    goals.push({ name: 'one address, many emails: failures before the address locks', value: failures, goal: '≤ 20, logged', met: failures <= 20 });
  });
});

describe('unknown and known emails answer in the same time', () => {
  let app: SecurityApp;
  beforeAll(async () => {
    // Limits out of the way: this measures the password check, not the lock.
    app = await startSecurityApp({ loginLimits: { perAccount: 1_000, perAddress: 1_000, windowSeconds: 60, lockSeconds: 60 } }, (db) =>
      insertUser(db, 'timing@sourced.test', 'EDITOR'),
    );
  });
  afterAll(() => app?.close());

  it('a wrong password and an unknown email each cost one argon2 check with the same parameters (times reported against a goal)', async () => {
    const hash = await hashPassword('some other password');
    const argon: number[] = [];
    await verifyPassword(hash, 'warm up');
    for (let i = 0; i < 20; i++) {
      const started = performance.now();
      await verifyPassword(hash, 'not it');
      argon.push(performance.now() - started);
    }
    const argonMs = median(argon);

    const known: number[] = [];
    const unknown: number[] = [];
    const unhashed: number[] = [];
    const timed = async (email: string) => {
      const started = performance.now();
      const result = await app.login(email, 'not the password at all');
      const ms = performance.now() - started;
      expect(result.typename).toBe('InvalidCredentialsError');
      return ms;
    };
    // An email over 254 characters is refused before any lookup or hashing: the cost of the request alone.
    const tooLong = `${'x'.repeat(250)}@sourced.test`;
    for (let i = 0; i < 3; i++) for (const email of ['timing@sourced.test', `warmup-${i}@sourced.test`, tooLong]) await timed(email);
    for (let i = 0; i < 20; i++) {
      // Interleaved in a rotating order, so drift in machine load hits all three alike.
      const round: [number[], string][] = [
        [known, 'timing@sourced.test'],
        [unknown, `nobody-${i}@sourced.test`],
        [unhashed, tooLong],
      ];
      for (let k = 0; k < 3; k++) {
        const [list, email] = round[(i + k) % 3]!;
        list.push(await timed(email));
      }
    }
    const knownMs = median(known);
    const unknownMs = median(unknown);
    const pairedDifference = median(known.map((ms, i) => ms - unknown[i]!));
    const unknownOverRequest = median(unknown.map((ms, i) => ms - unhashed[i]!));
    figures.push(
      `login timing: known email ${knownMs.toFixed(1)} ms, unknown email ${unknownMs.toFixed(1)} ms (medians of 20), ` +
        `paired difference ${pairedDifference.toFixed(1)} ms; unknown email minus an unhashed refusal ${unknownOverRequest.toFixed(1)} ms; argon2 verify ${argonMs.toFixed(1)} ms`,
    );
    goals.push({
      name: 'login time, known vs unknown email (medians of 20, ms)',
      value: `${knownMs.toFixed(1)} / ${unknownMs.toFixed(1)}`,
      goal: `< ${(argonMs * 0.5 + 5).toFixed(0)} ms apart`,
      met: Math.abs(knownMs - unknownMs) < argonMs * 0.5 + 5,
      // A time: judged on the serial faults run, shown but not held to its goal on a loaded one.
      timing: true,
    });
    // Times are figures (a loaded machine stretches them; the faults report reads the goal above). What
    // must hold on any machine is the mechanism: a known and an unknown email each cost exactly one
    // argon2 verification with the same parameters (the dummy hash), and an over-long email none.
    const checks = async (email: string) => {
      const before = passwordChecks.count;
      await timed(email);
      return passwordChecks.count - before;
    };
    expect(await checks('timing@sourced.test')).toBe(1);
    expect(await checks('nobody-counted@sourced.test')).toBe(1);
    expect(await checks(tooLong)).toBe(0);
    const [account] = await app.db.raw.query<{ password_hash: string }>(`select password_hash from users where email = 'timing@sourced.test'`);
    const parameters = (encoded: string) => encoded.split('$').slice(1, 4).join('$');
    expect(parameters(await dummyPasswordHash())).toBe(parameters(account!.password_hash));
  });
});

describe('the session cookie', () => {
  let proxied: SecurityApp; // trusts X-Forwarded-Proto/-For; cookieSecure auto
  let direct: SecurityApp; // no proxy: X-Forwarded-Proto is ignored
  let always: SecurityApp; // COOKIE_SECURE=always
  let ids: { admin: number; editor: number; reviewer: number; disabled: number };

  const accounts = async (db: TestDatabase) => {
    await smallCatalog(db);
    ids = {
      admin: await insertUser(db, 'admin@sourced.test', 'ADMIN'),
      editor: await insertUser(db, 'editor@sourced.test', 'EDITOR'),
      reviewer: await insertUser(db, 'reviewer@sourced.test', 'REVIEWER'),
      disabled: await insertUser(db, 'leaver@sourced.test', 'EDITOR'),
    };
  };
  beforeAll(async () => {
    proxied = await startSecurityApp({ trustProxy: true }, accounts);
    direct = await startSecurityApp({}, (db) => insertUser(db, 'editor@sourced.test', 'EDITOR'));
    always = await startSecurityApp({ cookieSecure: 'always' }, (db) => insertUser(db, 'editor@sourced.test', 'EDITOR'));
  });
  afterAll(async () => {
    await proxied?.close();
    await direct?.close();
    await always?.close();
  });

  const me = async (app: SecurityApp, cookie: string, headers: Record<string, string> = {}) =>
    (await app.post({ query: op('Me') }, { cookie, ...headers })).json.data.me as { email: string } | null;

  function expectAttributes(setCookie: string, secure: boolean) {
    const name = setCookie.split('=')[0];
    expect(name).toBe(secure ? '__Host-sourced_session' : 'sourced_session');
    const attrs = attributes(setCookie);
    expect(attrs).toContain('HttpOnly');
    expect(attrs).toContain('SameSite=Lax');
    expect(attrs).toContain('Path=/');
    expect(attrs.some((attr) => /^domain=/i.test(attr))).toBe(false);
    expect(attrs.includes('Secure')).toBe(secure);
    expect(setCookie.split(';')[0]).toMatch(/^[\w-]+=[\w-]{43}$/);
  }

  it('over HTTPS (X-Forwarded-Proto from a trusted proxy): __Host-sourced_session; Secure; HttpOnly; SameSite=Lax; Path=/; no Domain', async () => {
    const https = { 'x-forwarded-proto': 'https' };
    const signIn = await proxied.login('editor@sourced.test', password, https);
    expect(signIn.typename).toBe('LoginSuccess');
    expectAttributes(signIn.setCookie!, true);
    figures.push(`HTTPS via proxy: ${signIn.setCookie!.replace(/=[\w-]{43}/, '=…')}`);
    const cookie = cookiePair(signIn.setCookie);
    expect(await me(proxied, cookie, https)).toMatchObject({ email: 'editor@sourced.test' });
    // Only the name matching the request is read: the secure cookie is not a session over plain HTTP,
    // and the same token under the plain name is not one over HTTPS.
    expect(await me(proxied, cookie)).toBeNull();
    expect(await me(proxied, cookie.replace('__Host-', ''), https)).toBeNull();
    // Logging out clears the same cookie, with the same attributes.
    const out = await proxied.post({ query: op('Logout') }, { cookie, ...https });
    expect(out.json.data.logout).toBe(true);
    const cleared = out.headers.get('set-cookie')!;
    expect(cleared).toMatch(/^__Host-sourced_session=;/);
    expect(attributes(cleared)).toEqual(expect.arrayContaining(['Secure', 'HttpOnly', 'Path=/', 'SameSite=Lax', 'Max-Age=0']));
  });

  it('over plain HTTP (local development): sourced_session; HttpOnly; SameSite=Lax; Path=/; not Secure', async () => {
    const signIn = await proxied.login('editor@sourced.test', password);
    expect(signIn.typename).toBe('LoginSuccess');
    expectAttributes(signIn.setCookie!, false);
    figures.push(`plain HTTP: ${signIn.setCookie!.replace(/=[\w-]{43}/, '=…')}`);
    const cookie = cookiePair(signIn.setCookie);
    expect(await me(proxied, cookie)).toMatchObject({ email: 'editor@sourced.test' });
    expect(await me(proxied, `__Host-${cookie}`)).toBeNull();
  });

  it('X-Forwarded-Proto is ignored without a trusted proxy; COOKIE_SECURE=always gives the __Host- cookie over HTTP', async () => {
    const spoofed = await direct.login('editor@sourced.test', password, { 'x-forwarded-proto': 'https' });
    expectAttributes(spoofed.setCookie!, false);
    const secure = await always.login('editor@sourced.test', password);
    expectAttributes(secure.setCookie!, true);
    figures.push(`COOKIE_SECURE=always: ${secure.setCookie!.replace(/=[\w-]{43}/, '=…')}`);
    expect(await me(always, cookiePair(secure.setCookie))).toMatchObject({ email: 'editor@sourced.test' });
    expect(await me(always, cookiePair(secure.setCookie).replace('__Host-', ''))).toBeNull();
  });

  const updateUser = `mutation($id: ID!, $expectedVersion: Int!, $patch: UpdateUserInput!) {
    updateUser(id: $id, expectedVersion: $expectedVersion, patch: $patch) {
      __typename ... on UpdateUserSuccess { user { id version disabled } } ... on Error { message }
    }
  }`;
  const createSource = (cookie: string, n: number) =>
    proxied.post(
      { query: op('CreateSource'), variables: { input: { url: `https://x.test/${n}`, title: 'x', publisher: 'x', kind: 'OTHER', retrievedAt: '2025-01-01' } } },
      { cookie },
    );
  const version = async (id: number) => Number((await proxied.db.raw.query<{ version: number }>('select version from users where id = $1', [id]))[0]!.version);
  const sessionsOf = async (id: number) =>
    Number((await proxied.db.raw.query<{ n: number }>('select count(*)::int as n from sessions where user_id = $1', [id]))[0]!.n);

  it('the old cookie is dead after logout', async () => {
    const cookie = cookiePair((await proxied.login('reviewer@sourced.test', password)).setCookie);
    expect(await me(proxied, cookie)).toMatchObject({ email: 'reviewer@sourced.test' });
    const before = await sessionsOf(ids.reviewer);
    expect((await proxied.post({ query: op('Logout') }, { cookie })).json.data.logout).toBe(true);
    expect(await sessionsOf(ids.reviewer)).toBe(before - 1);
    expect(await me(proxied, cookie)).toBeNull();
    expect((await createSource(cookie, 1)).json.data.createSource.__typename).toBe('NotAuthorizedError');
    // A second logout with the dead cookie ends nothing.
    expect((await proxied.post({ query: op('Logout') }, { cookie })).json.data.logout).toBe(false);
  });

  it('the old cookie is dead after an admin changes the password; the new password works', async () => {
    const admin = cookiePair((await proxied.login('admin@sourced.test', password)).setCookie);
    const old = cookiePair((await proxied.login('editor@sourced.test', password)).setCookie);
    expect((await createSource(old, 2)).json.data.createSource.__typename).toBe('CreateSourceSuccess');
    const changed = await proxied.post(
      { query: updateUser, variables: { id: globalId('User', ids.editor), expectedVersion: await version(ids.editor), patch: { password: 'a brand new password' } } },
      { cookie: admin },
    );
    expect(changed.json.data.updateUser.__typename).toBe('UpdateUserSuccess');
    expect(await sessionsOf(ids.editor)).toBe(0);
    expect(await me(proxied, old)).toBeNull();
    expect((await createSource(old, 3)).json.data.createSource.__typename).toBe('NotAuthorizedError');
    expect((await proxied.login('editor@sourced.test', password)).typename).toBe('InvalidCredentialsError');
    const fresh = await proxied.login('editor@sourced.test', 'a brand new password');
    expect(fresh.typename).toBe('LoginSuccess');
    expect(await me(proxied, cookiePair(fresh.setCookie))).toMatchObject({ email: 'editor@sourced.test' });
  });

  it('the old cookie is dead after an admin disables the account, and the account cannot sign in', async () => {
    const admin = cookiePair((await proxied.login('admin@sourced.test', password)).setCookie);
    const old = cookiePair((await proxied.login('leaver@sourced.test', password)).setCookie);
    expect(await me(proxied, old)).toMatchObject({ email: 'leaver@sourced.test' });
    const disabled = await proxied.post(
      { query: updateUser, variables: { id: globalId('User', ids.disabled), expectedVersion: await version(ids.disabled), patch: { disabled: true } } },
      { cookie: admin },
    );
    expect(disabled.json.data.updateUser).toMatchObject({ __typename: 'UpdateUserSuccess', user: { disabled: true } });
    expect(await sessionsOf(ids.disabled)).toBe(0);
    expect(await me(proxied, old)).toBeNull();
    expect((await createSource(old, 4)).json.data.createSource.__typename).toBe('NotAuthorizedError');
    const again = await proxied.login('leaver@sourced.test', password);
    expect(again.typename).toBe('InvalidCredentialsError');
    expect(again.setCookie).toBeNull();
  });

  it('no answer carries a stack trace or SQL text: malformed requests, bad input, a database error', async () => {
    const admin = cookiePair((await proxied.login('admin@sourced.test', password)).setCookie);
    const editor = cookiePair((await proxied.login('editor@sourced.test', 'a brand new password')).setCookie);
    const probes: [string, string | object, Record<string, string>?][] = [
      ['malformed JSON', '{"query": "{ models { totalCount } "'],
      ['a JSON array of garbage', '[1, "x", null]'],
      ['query is not a string', { query: { a: 1 } }],
      ['GraphQL syntax error', { query: '{ model(slug: ) {' }],
      ['unknown field', { query: '{ model(slug: "o4-mini") { secretColumn } }' }],
      ['variable of the wrong type', { query: 'query($n: Int!) { models(first: $n) { totalCount } }', variables: { n: 'many' } }],
      ['Int out of range', { query: 'query($n: Int!) { models(first: $n) { totalCount } }', variables: { n: 2 ** 40 } }],
      ['a NUL byte in a search (the database refuses it)', { query: '{ models(first: 5, filter: { search: "a\\u0000b" }) { totalCount } }' }],
      ['a NUL byte in a source search', { query: '{ sources(first: 5, filter: { search: "\\u0000" }) { totalCount } }' }],
      ['a broken global id', { query: '{ node(id: "%%%not-base64") { id } }' }],
      ['a global id of an unknown type', { query: `{ node(id: "${Buffer.from("Users'; drop table users;--:1").toString('base64')}") { id } }` }],
      ['a broken cursor', { query: '{ models(first: 2, after: "zzz\'--") { totalCount } }' }],
      [
        'a NUL byte in a write (the database refuses it)',
        { query: op('CreateSource'), variables: { input: { url: 'https://nul.test/', title: 'a\u0000b', publisher: 'x', kind: 'OTHER', retrievedAt: '2025-01-01' } } },
        { cookie: editor },
      ],
      [
        'a score far outside the integer range of a version',
        { query: op('UpdateModel'), variables: { id: globalId('Model', 1), expectedVersion: 2 ** 31, patch: { tagline: 'x' } } },
        { cookie: editor },
      ],
      [
        'an admin update with a huge version',
        { query: updateUser, variables: { id: globalId('User', ids.editor), expectedVersion: 2_147_483_647, patch: { name: 'x'.repeat(5000) } } },
        { cookie: admin },
      ],
      ['a value the database cannot store', { query: op('CreateScore'), variables: { input: { model: 'o4-mini', benchmark: 'gpqa-diamond', value: 1e308, citation: { sourceId: globalId('Source', 1), locator: 'x' } } } }, { cookie: editor }],
    ];
    let errors = 0;
    for (const [what, body, headers] of probes) {
      const response = await proxied.post(body, headers);
      expect(response.status, what).toBeLessThan(500);
      expectNoLeak(response.text, what);
      expect(response.text.length, what).toBeGreaterThan(0);
      // PostgreSQL cannot store NUL: such text is refused before it gets there, and says why.
      if (what.startsWith('a NUL byte')) expect(response.text, what).toContain('must not contain the NUL character');
      // A cursor that is not one of ours is read as "from the start": an answer, not a leak.
      if (response.json?.errors || /Error"/.test(response.text) || what === 'a broken cursor') errors++;
    }
    // Every probe was refused somehow (an error or an error payload), none succeeded.
    expect(errors).toBe(probes.length);
    // None of them got as far as an unexpected error.
    const unexpected = proxied.logs.filter((line) => line.msg === 'unexpected error while executing an operation');
    expect(unexpected).toEqual([]);
    figures.push(`leak probes: ${probes.length} answered without stack or SQL; ${unexpected.length} unexpected errors`);
    goals.push({ name: 'hostile requests answered with a stack trace or SQL', value: 0, goal: `0 of ${probes.length}`, met: true });
  });
});
