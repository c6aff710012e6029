import { createHash } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { promisify } from 'node:util';
import { gzip as gzipCallback } from 'node:zlib';

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

interface GraphiQLBundle {
  /** Asset file name (with its content hash) → the asset. */
  files: Map<string, Asset>;
  stylesheet: string;
  script: string;
  start: string;
  icon: string | undefined;
}

/**
 * GraphiQL as published in `@graphql-yoga/render-graphiql` (the build Yoga otherwise loads from unpkg:
 * React, GraphiQL, the explorer and Monaco's workers, each bundled into one string), served under
 * content-hashed names so browsers keep them for a year. Loaded on the first GraphiQL request only:
 * the bundle is ~9 MB, and production runs without GraphiQL.
 */
export function createGraphiQL() {
  let loading: Promise<GraphiQLBundle> | undefined;
  const bundle = () => (loading ??= loadBundle());

  /** GraphiQL's page (Yoga's `renderGraphiQL`): no inline script; its options ride in a JSON data block. */
  async function renderPage(options: Record<string, unknown> = {}): Promise<string> {
    const { stylesheet, script, start, icon } = await bundle();
    const title = typeof options.title === 'string' ? options.title : 'GraphiQL';
    // Escaped so that no value can close the data block (`</script>`) or open a comment.
    const json = JSON.stringify(options).replace(/</g, '\\u003c').replace(/>/g, '\\u003e').replace(/&/g, '\\u0026');
    return `<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8" />
    <meta name="viewport" content="width=device-width, initial-scale=1" />
    <title>${escapeHtml(title)}</title>
    ${icon ? `<link rel="icon" href="${graphiqlAssetsPath}${icon}" />` : ''}
    <link rel="stylesheet" href="${graphiqlAssetsPath}${stylesheet}" />
  </head>
  <body id="body" class="no-focus-outline">
    <noscript>GraphiQL needs JavaScript.</noscript>
    <div id="root">Loading ${escapeHtml(title)}…</div>
    <script type="application/json" id="graphiql-options">${json}</script>
    <script src="${graphiqlAssetsPath}${start}"></script>
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
    const asset = (await bundle()).files.get(path.slice(graphiqlAssetsPath.length));
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

async function loadBundle(): Promise<GraphiQLBundle> {
  const published = await import('@graphql-yoga/render-graphiql/graphiql');
  const files = new Map<string, Asset>();
  const add = (stem: string, extension: string, contentType: string, body: Buffer): string => {
    const hash = createHash('sha256').update(body).digest('hex').slice(0, 16);
    const name = `${stem}-${hash}.${extension}`;
    // Compressed off the main thread, once, when first asked for (the script is 5 MB, 1.3 MB gzipped).
    let gzipped: Promise<Buffer> | undefined;
    files.set(name, { body, contentType, etag: `"${hash}"`, gzipped: () => (body.length > 1024 ? (gzipped ??= gzip(body)) : undefined) });
    return name;
  };
  const javascript = 'text/javascript; charset=utf-8';
  const workers = {
    editorWorkerService: add('editor.worker', 'js', javascript, Buffer.from(published.editorWorkerService)),
    json: add('json.worker', 'js', javascript, Buffer.from(published.jsonWorker)),
    graphql: add('graphql.worker', 'js', javascript, Buffer.from(published.graphqlWorker)),
  };
  const icon = /^data:([^;,]+);base64,(.*)$/s.exec(published.favicon);
  return {
    files,
    stylesheet: add('graphiql', 'css', 'text/css; charset=utf-8', Buffer.from(published.css)),
    script: add('graphiql', 'js', javascript, Buffer.from(published.js)),
    start: add('start', 'js', javascript, Buffer.from(startScript(workers))),
    icon: icon ? add('favicon', 'ico', icon[1]!, Buffer.from(icon[2]!, 'base64')) : undefined,
  };
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
