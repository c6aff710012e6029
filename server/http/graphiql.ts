import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { gzip as gzipCallback } from 'node:zlib';
import type { Plugin } from 'graphql-yoga';

const gzip = promisify(gzipCallback);

/** Where GraphiQL's page finds its script, styles, editor workers and icon (all from this origin). */
export const graphiqlAssetsPath = '/graphiql/assets/';

/**
 * The CSP of GraphiQL's page: everything from this origin and nothing inline, except styles: GraphiQL's
 * editor (Monaco) writes its theme and layout into <style> elements at run time, as MUI does in the
 * admin. Its workers are scripts of this origin too; its fonts and icons are data: URLs in its CSS.
 * No framing, no forms, no base-URI change.
 */
export const graphiqlCsp = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "font-src 'self' data:",
  "img-src 'self' data:",
  "connect-src 'self'",
  "worker-src 'self'",
  "manifest-src 'self'",
  "frame-ancestors 'none'",
  "base-uri 'none'",
  "form-action 'none'",
].join('; ');

interface Asset {
  body: Buffer;
  contentType: string;
  etag: string;
  /** The body gzipped (compressed once, when first asked for), or undefined when not worth it. */
  gzipped(): Promise<Buffer> | undefined;
}

/** The assets' file names: what the page needs, known without loading the 9 MB bundle itself. */
interface AssetNames {
  stylesheet: string;
  script: string;
  icon: string;
  workers: { editorWorkerService: string; json: string; graphql: string };
  /** The start script is ours (a few lines naming the workers): named by its own hash. */
  start: { name: string; asset: Asset };
}

const javascript = 'text/javascript; charset=utf-8';

/**
 * GraphiQL as published in `@graphql-yoga/render-graphiql` (the build Yoga otherwise loads from unpkg:
 * React, GraphiQL, the explorer and Monaco's workers, each bundled into one string), served under
 * content-hashed names so browsers keep them for a year. Nothing is loaded until a browser asks, and
 * the page itself needs only the names (a hash of the package's file): importing the bundle takes over
 * a second, longer than a request's deadline on a busy machine, so that happens for the assets' requests,
 * which have none.
 */
export function createGraphiQL() {
  let naming: Promise<AssetNames> | undefined;
  let loading: Promise<Map<string, Asset>> | undefined;
  const names = () => (naming ??= assetNames());
  const bundle = () => (loading ??= names().then(loadBundle));

  /** GraphiQL's page (Yoga's `renderGraphiQL`): no inline script; its options ride in a JSON data block. */
  async function renderPage(options: Record<string, unknown> = {}): Promise<string> {
    const { stylesheet, script, start, icon } = await names();
    const title = typeof options.title === 'string' ? options.title : 'GraphiQL';
    // Escaped so that no value can close the data block (`</script>`) or open a comment.
    const json = JSON.stringify(options).replace(/</g, '\\u003c').replace(/>/g, '\\u003e').replace(/&/g, '\\u0026');
    return `<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8" />
    <meta name="viewport" content="width=device-width, initial-scale=1" />
    <title>${escapeHtml(title)}</title>
    <link rel="icon" href="${graphiqlAssetsPath}${icon}" />
    <link rel="stylesheet" href="${graphiqlAssetsPath}${stylesheet}" />
  </head>
  <body id="body" class="no-focus-outline">
    <noscript>GraphiQL needs JavaScript.</noscript>
    <div id="root">Loading ${escapeHtml(title)}…</div>
    <script type="application/json" id="graphiql-options">${json}</script>
    <script src="${graphiqlAssetsPath}${start.name}"></script>
    <script src="${graphiqlAssetsPath}${script}"></script>
  </body>
</html>
`;
  }

  /** Answers a request under graphiqlAssetsPath: a known asset (200/304), or 404 for any other name. */
  async function serveAsset(req: IncomingMessage, res: ServerResponse, path: string): Promise<void> {
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { allow: 'GET, HEAD' }).end();
      return;
    }
    const name = path.slice(graphiqlAssetsPath.length);
    const { start, stylesheet, script, icon, workers } = await names();
    const published = [stylesheet, script, icon, ...Object.values(workers)].includes(name);
    const asset = name === start.name ? start.asset : published ? (await bundle()).get(name) : undefined;
    if (!asset) {
      res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store', 'x-content-type-options': 'nosniff' }).end('Not found\n');
      return;
    }
    const headers: Record<string, string> = {
      'content-type': asset.contentType,
      // The name changes whenever the content does (a new package version), so it may be kept for good.
      'cache-control': 'public, max-age=31536000, immutable',
      etag: asset.etag,
      vary: 'accept-encoding',
      'x-content-type-options': 'nosniff',
      'cross-origin-resource-policy': 'same-origin',
    };
    if (req.headers['if-none-match'] === asset.etag) {
      res.writeHead(304, headers).end();
      return;
    }
    const gzipped = /\bgzip\b/.test(String(req.headers['accept-encoding'] ?? '')) ? asset.gzipped() : undefined;
    if (gzipped) headers['content-encoding'] = 'gzip';
    const body = gzipped ? await gzipped : asset.body;
    headers['content-length'] = String(body.length);
    res.writeHead(200, headers);
    res.end(req.method === 'HEAD' ? undefined : body);
  }

  return { renderPage, serveAsset };
}

/** The file whose exports are GraphiQL's assets (the one `import()` below loads). */
export function publishedAssetsFile(): string {
  const require = createRequire(import.meta.url);
  return join(dirname(require.resolve('@graphql-yoga/render-graphiql/package.json')), 'esm', 'graphiql.js');
}

function asset(body: Buffer, contentType: string, hash: string): Asset {
  // Compressed off the main thread, once, when first asked for (the script is 5 MB, 1.3 MB gzipped).
  let gzipped: Promise<Buffer> | undefined;
  return { body, contentType, etag: `"${hash}"`, gzipped: () => (body.length > 1024 ? (gzipped ??= gzip(body)) : undefined) };
}

const hashOf = (content: Buffer) => createHash('sha256').update(content).digest('hex').slice(0, 16);

async function assetNames(): Promise<AssetNames> {
  // Every published asset is named by the hash of the file holding them all: a new version, new names.
  const hash = hashOf(await readFile(publishedAssetsFile()));
  const named = (stem: string, extension: string) => `${stem}-${hash}.${extension}`;
  const workers = { editorWorkerService: named('editor.worker', 'js'), json: named('json.worker', 'js'), graphql: named('graphql.worker', 'js') };
  const startBody = Buffer.from(startScript(workers));
  const startHash = hashOf(startBody);
  return {
    stylesheet: named('graphiql', 'css'),
    script: named('graphiql', 'js'),
    icon: named('favicon', 'ico'),
    workers,
    start: { name: `start-${startHash}.js`, asset: asset(startBody, javascript, startHash) },
  };
}

async function loadBundle(names: AssetNames): Promise<Map<string, Asset>> {
  const published = await import('@graphql-yoga/render-graphiql/graphiql');
  const hash = /-([0-9a-f]{16})\./.exec(names.script)![1]!;
  const files = new Map<string, Asset>();
  const add = (name: string, contentType: string, body: Buffer) => files.set(name, asset(body, contentType, hash));
  add(names.stylesheet, 'text/css; charset=utf-8', Buffer.from(published.css));
  add(names.script, javascript, Buffer.from(published.js));
  add(names.workers.editorWorkerService, javascript, Buffer.from(published.editorWorkerService));
  add(names.workers.json, javascript, Buffer.from(published.jsonWorker));
  add(names.workers.graphql, javascript, Buffer.from(published.graphqlWorker));
  const icon = /^data:(image\/[\w.+-]+);base64,(.*)$/s.exec(published.favicon);
  if (icon) add(names.icon, icon[1]!, Buffer.from(icon[2]!, 'base64'));
  return files;
}

/**
 * Runs before GraphiQL's script: tells its editor (Monaco) where its workers are (this origin, by
 * label), then renders GraphiQL into #root once the document is parsed, with the page's options.
 */
function startScript(workers: Record<string, string>): string {
  const urls = Object.fromEntries(Object.entries(workers).map(([label, name]) => [label, graphiqlAssetsPath + name]));
  return `'use strict';
(function () {
  var workers = ${JSON.stringify(urls)};
  self.MonacoEnvironment = {
    globalAPI: false,
    getWorkerUrl: function (moduleId, label) {
      return workers[label] || workers.editorWorkerService;
    },
  };
  document.addEventListener('DOMContentLoaded', function () {
    var options = JSON.parse(document.getElementById('graphiql-options').textContent || '{}');
    YogaGraphiQL.renderYogaGraphiQL(document.getElementById('root'), options);
  });
})();
`;
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);
}

/**
 * Any HTML Yoga answers (GraphiQL, in development) gets GraphiQL's CSP (graphiqlCsp above: everything
 * from this origin, nothing inline but styles) and is revalidated on every load: it names the assets.
 */
export function graphiqlCspPlugin(): Plugin {
  return {
    onResponse({ response }) {
      if (!/^text\/html\b/.test(response.headers.get('content-type') ?? '')) return;
      response.headers.set('content-security-policy', graphiqlCsp);
      response.headers.set('cache-control', 'no-cache');
      response.headers.set('x-content-type-options', 'nosniff');
      response.headers.set('referrer-policy', 'same-origin');
    },
  };
}
