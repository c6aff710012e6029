import { createHash } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { extname, join, normalize, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';

/** Where `npm run build:admin` writes the editors' app. */
export const defaultAdminDir = fileURLToPath(new URL('../../admin/dist/', import.meta.url));

const contentTypes: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.map': 'application/json',
  '.txt': 'text/plain; charset=utf-8',
};
const compressible = new Set(['.html', '.js', '.css', '.json', '.svg', '.map', '.txt']);

// The app only talks to its own origin; styles are injected at run time by MUI (emotion).
const securityHeaders = {
  'content-security-policy':
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self' data:; connect-src 'self'; frame-ancestors 'none'; base-uri 'self'; form-action 'self'",
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'same-origin',
};

interface StaticFile {
  body: Buffer;
  br?: Buffer;
  gzip?: Buffer;
  etag: string;
  mtimeMs: number;
}

/**
 * Serves the built admin SPA under /admin: hashed files in /admin/assets/ are cached for a year
 * (their names change with their content), index.html is revalidated on every load, and any other
 * path without a file extension falls back to index.html so client-side routes survive a reload.
 * Text files go brotli- or gzip-compressed as the browser accepts: the build writes `.br` and `.gz`
 * beside them (admin/vite.config.ts); a file without them is compressed here once, when first read.
 */
export function createAdminHandler(distDir: string = defaultAdminDir) {
  const cache = new Map<string, StaticFile>();

  async function load(file: string): Promise<StaticFile | null> {
    const info = await stat(file).catch(() => null);
    if (!info?.isFile()) return null;
    const cached = cache.get(file);
    if (cached && cached.mtimeMs === info.mtimeMs) return cached;
    const body = await readFile(file);
    const compress = compressible.has(extname(file)) && body.length > 1024;
    const entry: StaticFile = {
      body,
      br: compress ? ((await precompressed(file, '.br', info.mtimeMs)) ?? brotliCompressSync(body, { params: { [constants.BROTLI_PARAM_QUALITY]: 5 } })) : undefined,
      gzip: compress ? ((await precompressed(file, '.gz', info.mtimeMs)) ?? gzipSync(body)) : undefined,
      etag: `"${createHash('sha1').update(body).digest('base64url').slice(0, 20)}"`,
      mtimeMs: info.mtimeMs,
    };
    cache.set(file, entry);
    return entry;
  }

  /** The build's compressed copy of `file`, unless missing or older than the file. */
  async function precompressed(file: string, extension: string, mtimeMs: number): Promise<Buffer | null> {
    const info = await stat(file + extension).catch(() => null);
    if (!info?.isFile() || info.mtimeMs < mtimeMs) return null;
    return readFile(file + extension);
  }

  return async function serveAdmin(req: IncomingMessage, res: ServerResponse, path: string): Promise<void> {
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { allow: 'GET, HEAD' }).end();
      return;
    }
    if (path === '/admin') {
      res.writeHead(301, { location: '/admin/' }).end();
      return;
    }
    let relative: string;
    try {
      relative = decodeURIComponent(path.slice('/admin/'.length));
    } catch {
      res.writeHead(400).end();
      return;
    }
    const root = normalize(distDir.endsWith(sep) ? distDir : distDir + sep);
    const requested = normalize(join(root, relative));
    if (!requested.startsWith(root) || relative.includes('\0')) {
      res.writeHead(404).end();
      return;
    }
    const isAsset = relative.startsWith('assets/');
    let file = relative === '' ? null : await load(requested);
    let served = requested;
    if (!file && !isAsset && extname(relative) === '') {
      served = join(root, 'index.html');
      file = await load(served);
      if (!file) {
        res.writeHead(503, { ...securityHeaders, 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store' });
        res.end('The admin app is not built yet: run `npm run build:admin` (npm start does it when needed).\n');
        return;
      }
    }
    if (!file) {
      res.writeHead(404, { ...securityHeaders, 'content-type': 'text/plain; charset=utf-8' }).end('Not found\n');
      return;
    }
    const extension = extname(served);
    const encoding = chooseEncoding(String(req.headers['accept-encoding'] ?? ''), file);
    // Each encoding is its own representation with its own ETag (RFC 9110 8.8.3): a cache revalidating
    // one must not be told it may reuse another.
    const etag = encoding ? `${file.etag.slice(0, -1)}-${encoding}"` : file.etag;
    const headers: Record<string, string> = {
      ...securityHeaders,
      'content-type': contentTypes[extension] ?? 'application/octet-stream',
      'cache-control': isAsset ? 'public, max-age=31536000, immutable' : 'no-cache',
      etag,
      vary: 'accept-encoding',
    };
    const ifNoneMatch = String(req.headers['if-none-match'] ?? '');
    if (ifNoneMatch.split(',').some((tag) => tag.trim().replace(/^W\//, '') === etag)) {
      res.writeHead(304, headers).end();
      return;
    }
    const body = encoding ? file[encoding]! : file.body;
    if (encoding) headers['content-encoding'] = encoding;
    headers['content-length'] = String(body.length);
    res.writeHead(200, headers);
    res.end(req.method === 'HEAD' ? undefined : body);
  };
}

/** brotli when the browser accepts it (smaller), else gzip, else none; `;q=0` refuses one. */
function chooseEncoding(accepted: string, file: StaticFile): 'br' | 'gzip' | null {
  const accepts = (name: string) =>
    accepted.split(',').some((part) => {
      const [token, ...params] = part.trim().toLowerCase().split(';');
      return token === name && !params.some((param) => /^\s*q=0(\.0*)?\s*$/.test(param));
    });
  if (file.br && accepts('br')) return 'br';
  if (file.gzip && accepts('gzip')) return 'gzip';
  return null;
}
