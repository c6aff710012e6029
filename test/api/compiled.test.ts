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
});
