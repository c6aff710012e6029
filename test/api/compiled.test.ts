import type { Plugin } from 'graphql-yoga';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemoCatalog } from '../../server/import/demo.ts';
import { readManifest, sha256 } from '../../server/http/persistedOperations.ts';
import { startTestApp, type TestApp } from '../helpers/app.ts';

// The compiled ModelPage (server/graphql/compiled.ts) answers byte for byte as the general path does.
// A request with an Origin header always takes the general path (its CORS answer is Yoga's), so each
// page is asked both ways; a Yoga plugin counts the executions to tell which path answered.

const pageText = Object.values(readManifest()).find((text) => text.startsWith('query ModelPage'))!;
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

  it('leaves other requests to the general path: signed-in, other documents, extra variables, GET', async () => {
    const before = executions;
    await ask({ query: pageText, variables: { slug: 'o4-mini' } }, { cookie: 'sourced_session=whatever' });
    await ask({ query: pageText, variables: { slug: 'o4-mini', asOf: null } });
    await ask({ query: `${pageText}\n`, variables: { slug: 'o4-mini' } });
    await ask({ query: pageText, variables: { slug: 'o4-mini' }, operationName: 'Other' });
    await fetch(`${app.url}/graphql?query=${encodeURIComponent(pageText)}&variables=${encodeURIComponent('{"slug":"o4-mini"}')}`);
    expect(executions - before).toBe(4);
  });
});
