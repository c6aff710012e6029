import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../helpers/app.ts';
import { globalId, insertUser, login, type Session } from '../helpers/editor.ts';
import { CatalogFixture } from '../helpers/fixtures.ts';
import { exchange, head, statusOf } from '../helpers/rawHttp.ts';

// Malformed input at the HTTP endpoint is the client's mistake: a 400 or a typed GraphQL error that
// says what is wrong, never a 500 or an INTERNAL_SERVER_ERROR (which means "our bug").

type Answer = { status: number; body: { data?: any; errors?: { message: string; extensions?: Record<string, unknown> }[] } };

async function get(app: TestApp, params: string, headers: Record<string, string> = {}): Promise<Answer> {
  const response = await fetch(`${app.url}/graphql?${params}`, { headers: { accept: 'application/graphql-response+json', ...headers } });
  return { status: response.status, body: (await response.json()) as Answer['body'] };
}

async function post(app: TestApp, body: string, headers: Record<string, string> = {}): Promise<Answer> {
  const response = await fetch(`${app.url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json', ...headers },
    body,
  });
  return { status: response.status, body: (await response.json()) as Answer['body'] };
}

const codes = (answer: Answer) => (answer.body.errors ?? []).map((error) => error.extensions?.code);
const deepArray = (levels: number) => `${'['.repeat(levels)}${']'.repeat(levels)}`;

for (const variant of [
  { name: 'with the response cache', responseCache: true },
  { name: 'without the response cache', responseCache: false },
]) {
  describe(`malformed or deeply nested request JSON, ${variant.name}`, () => {
    let app: TestApp;
    let signedIn: Session;

    beforeAll(async () => {
      app = await startTestApp(
        async (db) => {
          const catalog = new CatalogFixture(db);
          await catalog.model('tiny', await catalog.provider('acme'));
          await insertUser(db, 'nesting-editor@sourced.test', 'EDITOR');
        },
        { responseCache: variant.responseCache },
      );
      signedIn = await login(app, 'nesting-editor@sourced.test');
    });
    afterAll(async () => {
      await app?.close();
    });

    for (const parameter of ['variables', 'extensions']) {
      it(`GET with malformed JSON in "${parameter}" is a 400 naming the parameter, not a 500`, async () => {
        for (const headers of [{}, { cookie: 'sourced_session=x', 'x-graphql-yoga-csrf': '1' }] as Record<string, string>[]) {
          const answer = await get(app, `query=%7Bmethodology%7D&${parameter}=%7B`, headers);
          expect(answer.status, JSON.stringify(answer.body)).toBe(400);
          expect(codes(answer)).toEqual(['BAD_REQUEST']);
          expect(answer.body.errors![0]!.message).toContain(`"${parameter}"`);
        }
      });
    }

    it('GET with well-formed variables and extensions still answers', async () => {
      const answer = await get(app, `query=%7Bmethodology%7D&variables=${encodeURIComponent('{"a":[1,{"b":"[[["}]}')}&extensions=%7B%7D`);
      expect(answer.status, JSON.stringify(answer.body)).toBe(200);
      expect(typeof answer.body.data?.methodology).toBe('string');
    });

    it('GET variables nested deeper than the limit are a 400', async () => {
      const answer = await get(app, `query=%7Bmethodology%7D&variables=${encodeURIComponent(`{"x":${deepArray(1000)}}`)}`);
      expect(answer.status, JSON.stringify(answer.body)).toBe(400);
      expect(codes(answer)).toEqual(['BAD_REQUEST']);
      expect(answer.body.errors![0]!.message).toMatch(/"variables".*nests deeper than 64/);
    });

    it('a POST body nested 50,000 deep (under the size cap) is a 400 before anything walks it, not a stack overflow', async () => {
      // Signed in, up to 256 KiB; anyone else's body is at most 16 KiB (8,000 deep).
      const body = `{"query":"{methodology}","variables":${deepArray(50_000)}}`;
      const anonymous = `{"query":"{methodology}","variables":${deepArray(8_000)}}`;
      expect(body.length).toBeLessThan(256 * 1024);
      expect(anonymous.length).toBeLessThan(16 * 1024);
      for (const [text, headers] of [[anonymous, {}], [anonymous, { cookie: 'sourced_session=x' }], [body, signedIn.headers]] as [string, Record<string, string>][]) {
        const answer = await post(app, text, headers);
        expect(answer.status, JSON.stringify(answer.body).slice(0, 300)).toBe(400);
        expect(codes(answer)).toEqual(['BAD_REQUEST']);
        expect(answer.body.errors![0]!.message).toMatch(/nests JSON deeper than 64 levels/);
      }
      // Nested objects too, and at the socket the same.
      const objects = `{"query":"{methodology}","variables":{"a":${'{"a":'.repeat(2_500)}1${'}'.repeat(2_500)}}}`;
      expect((await post(app, objects)).status).toBe(400);
      const raw = await exchange(app.url, head(Buffer.byteLength(anonymous)), [anonymous]);
      expect(statusOf(raw.text), raw.text.slice(0, 300)).toBe(400);
    });

    it('nesting within the limit, and brackets inside strings, are not refused', async () => {
      const shallow = await post(app, JSON.stringify({ query: '{methodology}', variables: { x: JSON.parse(deepArray(60)), s: `${'['.repeat(5_000)}\\"{` } }));
      expect(shallow.status, JSON.stringify(shallow.body)).toBe(200);
      expect(typeof shallow.body.data?.methodology).toBe('string');
    });

    it('a form-encoded POST with malformed variables is a 400 naming the parameter', async () => {
      const response = await fetch(`${app.url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/graphql-response+json', 'x-graphql-yoga-csrf': '1' },
        body: 'query=%7Bmethodology%7D&variables=%7B',
      });
      expect(response.status).toBe(400);
      const body = (await response.json()) as Answer['body'];
      expect(body.errors![0]!.message).toContain('"variables"');
    });
  });
}

describe('global ids and benchmark slugs given as arguments', () => {
  let app: TestApp;
  let admin: Session;
  let editor: Session;
  const ids = {} as Record<string, number>;

  beforeAll(async () => {
    app = await startTestApp(async (db) => {
      const catalog = new CatalogFixture(db);
      const provider = await catalog.provider('acme');
      ids.model = await catalog.model('tiny', provider);
      ids.other = await catalog.model('other', provider);
      const source = await catalog.source();
      const bench = await catalog.benchmark('open-bench');
      const draft = await catalog.benchmark('draft-bench');
      const retired = await catalog.benchmark('retired-bench');
      await db.raw.query(`update benchmarks set publication = 'DRAFT' where id = $1`, [draft]);
      await db.raw.query(`update benchmarks set publication = 'RETIRED' where id = $1`, [retired]);
      await catalog.score(ids.model, bench, 50, source);
      await catalog.score(ids.other, draft, 70, source);
      await insertUser(db, 'admin@sourced.test', 'ADMIN');
      await insertUser(db, 'editor@sourced.test', 'EDITOR');
    });
    admin = await login(app, 'admin@sourced.test');
    editor = await login(app, 'editor@sourced.test');
  });
  afterAll(() => app?.close());

  it('auditEvents(entityId:) with a NUL in the decoded id is BAD_USER_INPUT, not an internal error', async () => {
    const answer = await app.gql(`{ auditEvents(first: 2, entityId: "TW9kZWw6AA==") { edges { cursor } } }`, undefined, admin.headers);
    expect(answer.errors?.map((error) => error.extensions?.code), JSON.stringify(answer.errors)).toEqual(['BAD_USER_INPUT']);
    expect(answer.errors![0]!.message).toContain('entityId');
  });

  it('every audit filter taking a global id refuses control characters and non-numeric row ids as BAD_USER_INPUT', async () => {
    const malformed = [
      Buffer.from('Model:\0').toString('base64'),
      Buffer.from('Model:1\u0001').toString('base64'),
      Buffer.from('Mo\0del:1').toString('base64'),
      Buffer.from('Model:abc').toString('base64'),
      Buffer.from('Model:1.5').toString('base64'),
      'not an id',
    ];
    for (const argument of ['entityId', 'actorId']) {
      for (const id of malformed) {
        const answer = await app.gql(`query ($id: ID!) { auditEvents(first: 2, ${argument}: $id) { edges { cursor } } }`, { id }, admin.headers);
        expect(answer.errors?.map((error) => error.extensions?.code), `${argument} ${id}: ${JSON.stringify(answer.errors)}`).toEqual(['BAD_USER_INPUT']);
        expect(answer.errors![0]!.message).toContain(argument);
      }
    }
    // Well-formed ids filter as before.
    const trail = await app.gql(`query ($id: ID!) { auditEvents(first: 2, entityId: $id) { edges { cursor } } }`, { id: globalId('Model', ids.model!) }, admin.headers);
    expect(trail.errors).toBeUndefined();
    expect(trail.data!.auditEvents.edges).toEqual([]);
  });

  it('other arguments taking a global id answer a NUL in it without an internal error', async () => {
    const nul = Buffer.from('Model:\0').toString('base64');
    const revisions = await app.gql(`query ($id: ID!) { revisions(first: 2, entityId: $id) { edges { cursor } } }`, { id: nul }, admin.headers);
    expect(revisions.errors?.map((error) => error.extensions?.code)).toEqual(['NOT_FOUND']);
    const node = await app.gql(`query ($id: ID!) { node(id: $id) { id } nodes(ids: [$id]) { id } }`, { id: nul }, admin.headers);
    expect(node.errors).toBeUndefined();
    expect(node.data).toEqual({ node: null, nodes: [null] });
  });

  it('ordering by SCORE on a nonexistent, draft or retired benchmark is the same typed BAD_USER_INPUT, not an empty page', async () => {
    const order = (benchmark: string, headers?: Record<string, string>) =>
      app.gql(
        `query ($b: String!) { models(first: 3, orderBy: { field: SCORE, benchmark: $b }) { totalCount pageInfo { hasNextPage } edges { node { slug } } } }`,
        { b: benchmark },
        headers,
      );
    const missing = await order('nonexistent-b');
    expect(missing.errors?.map((error) => ({ message: error.message, code: error.extensions?.code }))).toEqual([
      { message: 'No published benchmark "nonexistent-b".', code: 'BAD_USER_INPUT' },
    ]);
    for (const slug of ['draft-bench', 'retired-bench']) {
      const hidden = await order(slug);
      expect(hidden.status).toBe(missing.status);
      expect(hidden.data).toEqual(missing.data);
      expect(hidden.errors?.map((error) => ({ message: error.message, code: error.extensions?.code }))).toEqual([
        { message: `No published benchmark "${slug}".`, code: 'BAD_USER_INPUT' },
      ]);
    }
    // A published benchmark orders as before.
    const open = await order('open-bench');
    expect(open.errors).toBeUndefined();
    expect(open.data!.models.edges.map((edge: any) => edge.node.slug)).toEqual(['tiny', 'other']);
    // Signed-in editors see drafts and may order by one; a nonexistent benchmark is refused for them too.
    const asEditor = await order('draft-bench', editor.headers);
    expect(asEditor.errors).toBeUndefined();
    expect(asEditor.data!.models.edges.map((edge: any) => edge.node.slug)).toEqual(['other', 'tiny']);
    const missingForEditor = await order('nonexistent-b', editor.headers);
    expect(missingForEditor.errors?.map((error) => error.extensions?.code)).toEqual(['BAD_USER_INPUT']);
  });
});
