import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { publishedAssetsFile } from '../../server/http/graphiql.ts';
import { startTestApp, type TestApp } from '../helpers/app.ts';

let app: TestApp;

beforeAll(async () => {
  app = await startTestApp();
});
afterAll(() => app?.close());

/** GraphiQL's page, as a browser asks for it. */
async function graphiqlPage(url = app.url) {
  const response = await fetch(`${url}/graphql`, { headers: { accept: 'text/html' } });
  return { response, html: await response.text() };
}

/** Every URL the page (or a script it names) refers to with src=, href= or a quoted /graphiql/assets/ path. */
function referencedUrls(text: string): string[] {
  const attributes = [...text.matchAll(/\b(?:src|href)\s*=\s*["']?([^"'\s>]+)/gi)].map((match) => match[1]!);
  const assetPaths = [...text.matchAll(/["'](\/graphiql\/assets\/[^"']+)["']/g)].map((match) => match[1]!);
  return [...new Set([...attributes, ...assetPaths])];
}

const expectedType: Record<string, RegExp> = {
  js: /^text\/javascript; charset=utf-8$/,
  css: /^text\/css; charset=utf-8$/,
  ico: /^image\/x-icon$/,
};

const publishedFile = readFileSync(publishedAssetsFile());

describe('GraphiQL (development default), served from this server alone', () => {
  it('answers a browser with a page under a CSP of this origin only: no CDN, no inline script, no eval', async () => {
    const { response, html } = await graphiqlPage();
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/html/);
    expect(html).toContain('<title>Sourced GraphQL API</title>');
    // The page names its assets by path (same origin); nothing absolute, protocol-relative or a CDN.
    expect(html).not.toMatch(/https?:\/\/|["'=]\/\/|unpkg|jsdelivr|cdn/i);
    const scripts = [...html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/gi)];
    expect(scripts.length).toBeGreaterThanOrEqual(2);
    for (const [, attributes, body] of scripts) {
      // A script either comes from this origin or is a JSON data block (never executed, so CSP-neutral).
      if (/\bsrc=/.test(attributes!)) expect(body).toBe('');
      else expect(attributes).toMatch(/type="application\/json"/);
    }

    const csp = response.headers.get('content-security-policy') ?? '';
    const directives = Object.fromEntries(csp.split(';').map((part) => part.trim().split(/\s+/)).map(([name, ...values]) => [name, values]));
    expect(directives['default-src']).toEqual(["'none'"]);
    expect(directives['script-src']).toEqual(["'self'"]);
    expect(directives['worker-src']).toEqual(["'self'"]);
    expect(directives['connect-src']).toEqual(["'self'"]);
    expect(directives['frame-ancestors']).toEqual(["'none'"]);
    expect(csp).not.toMatch(/https?:|unsafe-eval|blob:/);
    // Styles may be inline (GraphiQL's editor writes <style> elements and style attributes), nothing else.
    for (const [name, values] of Object.entries(directives)) {
      if (name !== 'style-src') expect(values, name).not.toContain("'unsafe-inline'");
    }
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    // The page names content-hashed assets, so it is revalidated on every load.
    expect(response.headers.get('cache-control')).toBe('no-cache');
  });

  it('serves every asset the page and its start script name: 200, the right type, hashed names kept for a year', async () => {
    const { html } = await graphiqlPage();
    const pending = referencedUrls(html);
    const seen = new Set<string>();
    const types = new Set<string>();
    while (pending.length) {
      const reference = pending.shift()!;
      if (seen.has(reference)) continue;
      seen.add(reference);
      const url = new URL(reference, `${app.url}/graphql`);
      expect(url.origin, reference).toBe(app.url);
      expect(url.pathname, reference).toMatch(/^\/graphiql\/assets\/[\w.]+-[0-9a-f]{16}\.(js|css|ico)$/);
      const response = await fetch(url);
      expect(response.status, reference).toBe(200);
      const extension = url.pathname.split('.').pop()!;
      types.add(extension);
      expect(response.headers.get('content-type'), reference).toMatch(expectedType[extension]!);
      expect(response.headers.get('cache-control'), reference).toBe('public, max-age=31536000, immutable');
      expect(response.headers.get('x-content-type-options'), reference).toBe('nosniff');
      const body = Buffer.from(await response.arrayBuffer());
      // The name carries the content's hash: a new GraphiQL gets new names, never a stale cached copy.
      // GraphiQL's own assets are named by the hash of the package file holding them all; our start
      // script by its own.
      const hash = /-([0-9a-f]{16})\./.exec(url.pathname)![1];
      const hashed = url.pathname.includes('/start-') ? body : publishedFile;
      expect(createHash('sha256').update(hashed).digest('hex').slice(0, 16), reference).toBe(hash);
      if (extension === 'js') {
        const text = body.toString('utf8');
        // The start script names the editor's workers: they are fetched (and checked) too.
        pending.push(...[...text.matchAll(/["'](\/graphiql\/assets\/[^"']+)["']/g)].map((match) => match[1]!));
        expect(text, reference).not.toMatch(/unpkg\.com|cdn\.jsdelivr|esm\.sh/);
      }
    }
    expect(types).toEqual(new Set(['js', 'css', 'ico']));
    // GraphiQL's script and its stylesheet, the start script, the icon and Monaco's three workers.
    expect([...seen].filter((path) => /worker/.test(path))).toHaveLength(3);
    expect(seen.size).toBe(7);
  });

  it('compresses the large assets, answers If-None-Match with 304, and nothing for names it does not have', async () => {
    const { html } = await graphiqlPage();
    const script = referencedUrls(html).find((path) => /\/graphiql-[0-9a-f]{16}\.js$/.test(path))!;
    const compressed = await fetch(`${app.url}${script}`, { headers: { 'accept-encoding': 'gzip' } });
    expect(compressed.headers.get('content-encoding')).toBe('gzip');
    expect(compressed.headers.get('vary')).toBe('accept-encoding');
    const etag = compressed.headers.get('etag')!;
    await compressed.arrayBuffer();
    const again = await fetch(`${app.url}${script}`, { headers: { 'if-none-match': etag } });
    expect(again.status).toBe(304);

    for (const path of ['/graphiql/assets/graphiql-0000000000000000.js', '/graphiql/assets/', '/graphiql/assets/../../package.json', '/graphiql/assets/%2e%2e%2fpackage.json']) {
      const response = await fetch(`${app.url}${path}`);
      expect(response.status, path).toBe(404);
      expect(await response.text(), path).not.toContain('"name"');
    }
    const post = await fetch(`${app.url}${script}`, { method: 'POST', headers: { 'content-length': '0' } });
    expect(post.status).toBe(405);
  });

  it('with GraphiQL off (the production default) serves neither the page nor its assets', async () => {
    const { html } = await graphiqlPage();
    const assets = referencedUrls(html);
    const production = await startTestApp(undefined, { graphiql: false });
    try {
      const { html: text } = await graphiqlPage(production.url);
      expect(text).not.toMatch(/<script|graphiql/i);
      for (const path of assets) expect((await fetch(`${production.url}${path}`)).status, path).toBe(404);
    } finally {
      await production.close();
    }
  });
});
