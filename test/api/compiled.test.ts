import type { Plugin } from 'graphql-yoga';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemoCatalog } from '../../server/import/demo.ts';
import { fullTexts } from '../../server/graphql/compiled.ts';
import { readManifest, sha256 } from '../../server/http/persistedOperations.ts';
import { startTestApp, type TestApp } from '../helpers/app.ts';
import { until } from '../helpers/until.ts';

// The compiled ModelPage (server/graphql/compiled.ts) answers byte for byte as the general path does.
// A request with an Origin header always takes the general path (its CORS answer is Yoga's), so each
// page is asked both ways; a Yoga plugin counts the executions to tell which path answered.

const pageText = Object.values(readManifest()).find((text) => text.startsWith('query ModelPage'))!;
const boardText = Object.values(readManifest()).find((text) => text.startsWith('query Leaderboard'))!;
const listText = Object.values(readManifest()).find((text) => text.startsWith('query Models'))!;
let app: TestApp;
let executions = 0;
const countExecutions: Plugin = { onExecute: () => void executions++ };

beforeAll(async () => {
  app = await startTestApp((db) => seedDemoCatalog(db), { plugins: [countExecutions] });
});
afterAll(() => app?.close());

async function ask(body: unknown, headers: Record<string, string> = {}) {
  const response = await fetch(`${app.url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });
  return { status: response.status, type: response.headers.get('content-type'), text: await response.text() };
}

/** The same request answered by the compiled path and by the general one. */
async function bothWays(body: unknown, headers: Record<string, string> = {}) {
  const before = executions;
  const compiled = await ask(body, headers);
  const compiledExecutions = executions - before;
  const general = await ask(body, { ...headers, origin: 'http://front-end.example' });
  return { compiled, general, compiledExecutions, generalExecutions: executions - before - compiledExecutions };
}

describe('compiled model page', () => {
  it('answers every demo model exactly as the general path does, without executing', async () => {
    const slugs = (await app.db.raw.query<{ slug: string }>(`select slug from models order by id`)).map((row) => row.slug);
    expect(slugs.length).toBeGreaterThan(200);
    let compiledExecutions = 0;
    for (const slug of slugs) {
      const both = await bothWays({ query: pageText, variables: { slug }, operationName: 'ModelPage' });
      expect(both.compiled.status).toBe(200);
      expect(both.compiled.type).toBe(both.general.type);
      expect(both.compiled.text, slug).toBe(both.general.text);
      expect(both.generalExecutions).toBe(1);
      compiledExecutions += both.compiledExecutions;
    }
    expect(compiledExecutions).toBe(0);
  });

  it('answers a persisted hash, either JSON media type, an unknown slug and a draft model as the general path does', async () => {
    const hash = { extensions: { persistedQuery: { version: 1, sha256Hash: sha256(pageText) } }, variables: { slug: 'o4-mini' } };
    const asked: [unknown, Record<string, string>][] = [
      [hash, {}],
      [{ query: pageText, variables: { slug: 'o4-mini' } }, { accept: 'application/graphql-response+json' }],
      [{ query: pageText, variables: { slug: 'o4-mini' } }, { accept: 'text/html, application/graphql-response+json;q=0.9, application/json' }],
      [{ query: pageText, variables: { slug: 'no-such-model' } }, {}],
      // Variables the document does not declare are ignored, as graphql-js does.
      [{ query: pageText, variables: { slug: 'o4-mini', asOf: null } }, {}],
    ];
    await app.db.raw.query(`update models set publication = 'DRAFT' where slug = 'o3'`);
    asked.push([{ query: pageText, variables: { slug: 'o3' } }, {}]);
    for (const [body, headers] of asked) {
      const both = await bothWays(body, headers);
      expect(both.compiledExecutions, JSON.stringify(body)).toBe(0);
      expect(both.compiled.type).toBe(both.general.type);
      expect(both.compiled.text).toBe(both.general.text);
    }
    expect(JSON.parse((await ask({ query: pageText, variables: { slug: 'o3' } })).text).data.model).toBeNull();
  });

  it('never shows a number waiting for review, a withdrawn one, or one on a draft benchmark', async () => {
    const [score] = await app.db.raw.query<{ id: number; value: number }>(
      `select s.id, s.value from scores s join models m on m.id = s.model_id where m.slug = 'o4-mini' and s.status = 'VERIFIED' order by s.id limit 1`,
    );
    const values = async () => (JSON.parse((await ask({ query: pageText, variables: { slug: 'o4-mini' } })).text).data.model.scores as { value: number }[]).map((row) => row.value);
    expect(await values()).toContain(score!.value);
    for (const status of ['PENDING_REVIEW', 'RETIRED', 'DRAFT']) {
      await app.db.raw.query(`update scores set status = $1 where id = $2`, [status, score!.id]);
      expect(await values(), status).not.toContain(score!.value);
    }
    await app.db.raw.query(`update scores set status = 'VERIFIED' where id = $1`, [score!.id]);
    await app.db.raw.query(`update benchmarks set publication = 'DRAFT' where id = (select benchmark_id from scores where id = $1)`, [score!.id]);
    expect(await values()).not.toContain(score!.value);
  });

  it('recognises a JSON body exactly as Yoga does: other spellings of the content type get its answer', async () => {
    const body = JSON.stringify({ query: pageText, variables: { slug: 'o4-mini' } });
    for (const type of ['APPLICATION/JSON', 'Application/Json; charset=utf-8', 'application/json ;charset=utf-8', 'application/json\t; charset=utf-8', 'application/json; charset=utf-8', 'application/json, text/plain', 'text/plain']) {
      const send = (origin?: string) =>
        fetch(`${app.url}/graphql`, { method: 'POST', headers: { 'content-type': type, ...(origin ? { origin } : {}) }, body }).then(async (response) => ({ status: response.status, text: await response.text() }));
      const [compiled, general] = [await send(), await send('http://front-end.example')];
      expect(compiled, type).toEqual(general);
    }
  });

  it('refuses a body nested deeper than the general path accepts, as it does', async () => {
    const deep = JSON.parse(`${'['.repeat(70)}1${']'.repeat(70)}`);
    for (const variables of [{ slug: 'o4-mini', deep }, { slug: 'o4-mini', deep: JSON.parse(`${'['.repeat(63)}1${']'.repeat(63)}`) }]) {
      const both = await bothWays({ query: pageText, variables });
      expect(both.compiled.status).toBe(both.general.status);
      expect(both.compiled.text).toBe(both.general.text);
    }
    expect((await ask({ query: pageText, variables: { slug: 'o4-mini', deep } })).status).toBe(400);
  });

  it('leaves other requests to the general path: signed-in, other documents, extra variables, GET', async () => {
    const before = executions;
    await ask({ query: pageText, variables: { slug: 'o4-mini' } }, { cookie: 'sourced_session=whatever' });
    await ask({ query: `${pageText}\n`, variables: { slug: 'o4-mini' } });
    await ask({ query: pageText, variables: { slug: 'o4-mini' }, operationName: 'Other' });
    await fetch(`${app.url}/graphql?query=${encodeURIComponent(pageText)}&variables=${encodeURIComponent('{"slug":"o4-mini"}')}`);
    expect(executions - before).toBe(3);
  });
});

describe('compiled leaderboard', () => {
  it('answers every demo benchmark, at several page sizes, exactly as the general path does', async () => {
    const slugs = (await app.db.raw.query<{ slug: string }>(`select slug from benchmarks order by id`)).map((row) => row.slug);
    expect(slugs.length).toBeGreaterThan(10);
    let compiledExecutions = 0;
    let rows = 0;
    // Few boards written out in full, so that most keep their values as parameters: both kinds are checked.
    fullTexts.max = fullTexts.known.size + 4;
    for (const benchmark of [...slugs, 'no-such-benchmark']) {
      for (const first of [50, 1, 500]) {
        const both = await bothWays({ query: boardText, variables: { benchmark, first }, operationName: 'Leaderboard' });
        expect(both.compiled.status).toBe(200);
        expect(both.compiled.text, `${benchmark} ${first}`).toBe(both.general.text);
        compiledExecutions += both.compiledExecutions;
        rows += JSON.parse(both.compiled.text).data.leaderboard.length;
      }
    }
    expect(rows).toBeGreaterThan(100);
    // Boards whose benchmark declares no default setting rank by the most common conditions, which
    // change with the scores: those (and unknown benchmarks) take the general path.
    const declared = (await app.db.raw.query<{ n: number }>(`select count(*)::int as n from benchmarks where default_setting is not null and publication = 'PUBLISHED'`))[0]!.n;
    expect(declared).toBeGreaterThan(5);
    expect(compiledExecutions).toBe((slugs.length + 1 - declared) * 3);
    expect(fullTexts.known.size).toBe(fullTexts.max);
  });

  it('answers a filtered board, an invalid page size and a missing variable as the general path does', async () => {
    const [board] = await app.db.raw.query<{ slug: string }>(`select slug from benchmarks where default_setting is not null and publication = 'PUBLISHED' order by id limit 1`);
    const asked = [
      { benchmark: board!.slug, first: 50, filter: { openWeights: true } },
      { benchmark: board!.slug, first: 0 },
      { benchmark: board!.slug, first: 501 },
      { benchmark: board!.slug, first: 'ten' },
      { first: 5 },
      { benchmark: board!.slug },
      { benchmark: `${board!.slug}${' '.repeat(400)}`, first: 5 },
    ];
    for (const variables of asked) {
      const both = await bothWays({ query: boardText, variables });
      expect(both.compiled.status, JSON.stringify(variables)).toBe(both.general.status);
      expect(both.compiled.text.replace(/"requestId":"[^"]*"/g, ''), JSON.stringify(variables)).toBe(both.general.text.replace(/"requestId":"[^"]*"/g, ''));
    }
  });

  it('follows a change of the benchmark (its plan is made again)', async () => {
    const [board] = await app.db.raw.query<{ slug: string; id: number }>(`select slug, id from benchmarks where default_setting is not null and publication = 'PUBLISHED' order by id limit 1`);
    const ask50 = async () => JSON.parse((await ask({ query: boardText, variables: { benchmark: board!.slug, first: 50 } })).text).data;
    expect((await ask50()).benchmark.slug).toBe(board!.slug);
    await app.db.raw.query(`update benchmarks set name = 'Renamed board', higher_is_better = not higher_is_better where id = $1`, [board!.id]);
    const renamed = await until(ask50, (data) => data.benchmark.name === 'Renamed board');
    const general = JSON.parse((await ask({ query: boardText, variables: { benchmark: board!.slug, first: 50 } }, { origin: 'http://front-end.example' })).text).data;
    expect(renamed).toEqual(general);
    await app.db.raw.query(`update benchmarks set publication = 'DRAFT' where id = $1`, [board!.id]);
    const hidden = await until(ask50, (data) => data.benchmark === null);
    expect(hidden.leaderboard).toEqual([]);
  });
});

describe('compiled model list', () => {
  const list = (variables: Record<string, unknown>) => ({ query: listText, variables, operationName: 'Models' });

  it('answers first pages in every order, with filters and page sizes, exactly as the general path does, without executing', async () => {
    const asked: Record<string, unknown>[] = [{}, { first: 0 }, { first: 1 }, { first: 100 }, { first: 101 }, { filter: { provider: 'openai' }, first: 7 }, { filter: { provider: 'no-such-provider' } }];
    for (const field of ['NAME', 'RELEASE_DATE', 'CONTEXT_WINDOW', 'INPUT_PRICE', 'OUTPUT_PRICE']) {
      for (const direction of ['ASC', 'DESC']) asked.push({ first: 20, orderBy: { field, direction } });
    }
    asked.push({ first: 5, filter: { openWeights: true, minContextWindow: 100000, search: 'llama' }, orderBy: { field: 'NAME' } });
    let compiledExecutions = 0;
    for (const variables of asked) {
      const both = await bothWays(list(variables));
      expect(both.compiled.status, JSON.stringify(variables)).toBe(200);
      expect(both.compiled.text, JSON.stringify(variables)).toBe(both.general.text);
      expect(both.generalExecutions).toBe(1);
      compiledExecutions += both.compiledExecutions;
    }
    expect(compiledExecutions).toBe(0);
    const page = JSON.parse((await ask(list({ first: 100 }))).text).data.models;
    const published = (await app.db.raw.query<{ n: number }>(`select count(*)::int as n from models m join providers p on p.id = m.provider_id where m.publication = 'PUBLISHED' and p.publication = 'PUBLISHED'`))[0]!.n;
    expect(page.totalCount).toBe(published);
    expect(page.edges).toHaveLength(100);
    expect(JSON.parse((await ask(list({ filter: { provider: 'no-such-provider' } }))).text).data.models).toEqual({ totalCount: 0, pageInfo: { hasNextPage: false, endCursor: null }, edges: [] });
  });

  it('leaves later pages, past days, orders by score and refused variables to the general path, which answers them', async () => {
    const first = JSON.parse((await ask(list({ first: 3, orderBy: { field: 'RELEASE_DATE', direction: 'DESC' } }))).text).data.models;
    const asked = [
      { first: 3, after: first.pageInfo.endCursor, orderBy: { field: 'RELEASE_DATE', direction: 'DESC' } },
      { first: 3, orderBy: { field: 'SCORE', direction: 'DESC', benchmark: 'gpqa-diamond' } },
      { first: -1 },
      { first: 3, after: 'not-a-cursor' },
      { first: 3, filter: { search: 'x'.repeat(101) } },
    ];
    let executed = 0;
    for (const variables of asked) {
      const both = await bothWays(list(variables));
      executed += both.generalExecutions;
      // Executed by Yoga both times (or refused before execution both times).
      expect(both.compiledExecutions, JSON.stringify(variables)).toBe(both.generalExecutions);
      expect(both.compiled.status).toBe(both.general.status);
      expect(both.compiled.text.replace(/"requestId":"[^"]*"/g, '')).toBe(both.general.text.replace(/"requestId":"[^"]*"/g, ''));
    }
    expect(executed).toBeGreaterThanOrEqual(3);
  });

  it('lists and counts only what is public, as it is now', async () => {
    const names = async () => {
      const page = JSON.parse((await ask(list({ first: 100, filter: { provider: 'openai' } }))).text).data.models;
      return { count: page.totalCount as number, slugs: (page.edges as { node: { slug: string } }[]).map((edge) => edge.node.slug) };
    };
    const before = await names();
    expect(before.slugs).toContain('o4-mini');
    await app.db.raw.query(`update models set publication = 'DRAFT' where slug = 'o4-mini'`);
    const hidden = await names();
    expect(hidden.slugs).not.toContain('o4-mini');
    expect(hidden.count).toBe(before.count - 1);
    await app.db.raw.query(`update models set publication = 'PUBLISHED' where slug = 'o4-mini'`);
    await app.db.raw.query(`update providers set publication = 'DRAFT' where slug = 'openai'`);
    expect(await names()).toEqual({ count: 0, slugs: [] });
    await app.db.raw.query(`update providers set publication = 'PUBLISHED' where slug = 'openai'`);
    expect(await names()).toEqual(before);
  });
});
