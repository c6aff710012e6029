import { auditServer } from 'graphql-http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../helpers/app.ts';
import { CatalogFixture } from '../helpers/fixtures.ts';

let app: TestApp;

beforeAll(async () => {
  app = await startTestApp(async (db) => {
    const catalog = new CatalogFixture(db);
    await catalog.model('tiny', await catalog.provider('acme'));
  });
});
afterAll(() => app?.close());

describe('HTTP surface', () => {
  it('passes every MUST and SHOULD item of the GraphQL-over-HTTP audit', async () => {
    const results = await auditServer({ url: `${app.url}/graphql` });
    const failures = results.filter((result) => result.status !== 'ok' && !result.name.startsWith('MAY'));
    expect(failures.map((failure) => `${failure.name}: ${'reason' in failure ? failure.reason : ''}`)).toEqual([]);
    expect(results.length).toBeGreaterThan(30);
  });

  it('/health answers while the process is up', async () => {
    const response = await fetch(`${app.url}/health`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: 'ok' });
  });

  it('/ready answers when the database does', async () => {
    const response = await fetch(`${app.url}/ready`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: 'ready' });
  });

  it('serves GraphiQL to a browser (development), under a CSP of this origin only that forbids framing', async () => {
    const response = await fetch(`${app.url}/graphql`, { headers: { accept: 'text/html' } });
    expect(response.status).toBe(200);
    expect(await response.text()).toContain('GraphiQL');
    const csp = response.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain("frame-ancestors 'none'");
    // Scripts from this origin only: GraphiQL's assets come from the installed package.
    expect(/script-src ([^;]*)/.exec(csp)?.[1]).toBe("'self'");
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
  });

  it('with GraphiQL off (the production default), a browser gets no page loading third-party scripts', async () => {
    const production = await startTestApp(undefined, { graphiql: false });
    try {
      const response = await fetch(`${production.url}/graphql`, { headers: { accept: 'text/html' } });
      const text = await response.text();
      expect(text).not.toMatch(/<script|unpkg|https?:\/\/(?!127\.0\.0\.1)/i);
      expect(text).not.toContain('GraphiQL');
      // The API itself still answers.
      expect((await production.gql('{ methodology }')).status).toBe(200);
    } finally {
      await production.close();
    }
  });

  it('every /admin answer carries the admin CSP, the app page and its not-found alike', async () => {
    for (const path of ['/admin/', '/admin/assets/missing-file.js']) {
      const response = await fetch(`${app.url}${path}`);
      await response.arrayBuffer();
      expect(response.headers.get('content-security-policy'), path).toMatch(/default-src 'self'.*frame-ancestors 'none'/);
    }
  });

  it('echoes a request id, or makes one', async () => {
    const given = await fetch(`${app.url}/graphql?query={methodology}`, { headers: { 'x-request-id': 'trace-123' } });
    expect(given.headers.get('x-request-id')).toBe('trace-123');
    const made = await fetch(`${app.url}/graphql?query={methodology}`);
    expect(made.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('masks unexpected errors: no stack traces or SQL reach the client', async () => {
    // A table gone from under the server (a botched manual change): the driver throws a database error.
    await app.db.raw.query('alter table providers rename to providers_gone');
    try {
      const result = await app.gql('{ providers { name } }');
      expect(result.errors?.[0]?.message).toBe('Unexpected error.');
      const text = JSON.stringify(result.errors);
      expect(text).not.toMatch(/at .+\.(ts|js):\d+|select |from "|providers_gone|relation|stack/i);
    } finally {
      await app.db.raw.query('alter table providers_gone rename to providers');
    }
  });

  it('refuses bad input with a clear message', async () => {
    const result = await app.gql('{ leaderboard(benchmark: "x", first: 100000) { rank } }');
    expect(result.errors?.[0]?.message).toMatch(/first|100000|500|too big|less than/i);
  });
});
