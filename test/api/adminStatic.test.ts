import { request } from 'node:http';
import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { brotliCompressSync, brotliDecompressSync, gunzipSync, gzipSync } from 'node:zlib';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../server/http/app.ts';
import { CatalogMeta } from '../../server/http/catalogMeta.ts';
import { freshDatabase, type TestDatabase } from '../helpers/database.ts';

const chunk = `export const models = ${JSON.stringify('model '.repeat(2000))};`;

/** The raw bytes of a response and its headers (fetch would decode them). */
function rawGet(url: string, headers: Record<string, string>): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: Buffer }> {
  return new Promise((resolve, reject) => {
    request(url, { headers }, (response) => {
      const parts: Buffer[] = [];
      response.on('data', (part: Buffer) => parts.push(part));
      response.on('end', () => resolve({ status: response.statusCode!, headers: response.headers, body: Buffer.concat(parts) }));
    })
      .on('error', reject)
      .end();
  });
}

describe('the admin app served at /admin', () => {
  let dist: string;
  let db: TestDatabase;
  let meta: CatalogMeta;
  let url: string;
  let close: () => Promise<void>;

  beforeAll(async () => {
    dist = await mkdtemp(join(tmpdir(), 'sourced-admin-'));
    await mkdir(join(dist, 'assets'));
    await writeFile(join(dist, 'index.html'), '<!doctype html><div id="root"></div><script type="module" src="/admin/assets/index-abc123.js"></script>');
    await writeFile(join(dist, 'assets', 'index-abc123.js'), `console.log(${JSON.stringify('x'.repeat(5000))});`);
    // As the build leaves a chunk: the file and its brotli and gzip copies (marked, to tell them apart).
    await writeFile(join(dist, 'assets', 'Models-def456.js'), chunk);
    await writeFile(join(dist, 'assets', 'Models-def456.js.br'), brotliCompressSync(`${chunk}//br`));
    await writeFile(join(dist, 'assets', 'Models-def456.js.gz'), gzipSync(`${chunk}//gz`));
    db = await freshDatabase();
    meta = new CatalogMeta(db);
    await meta.start();
    const { server } = createApp({ handle: db, meta, logger: pino({ level: 'silent' }), config: { CORS_ORIGINS: [] }, adminDir: dist });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    close = () => new Promise<void>((resolve) => server.close(() => resolve()));
  });

  afterAll(async () => {
    await close();
    await meta.stop();
    await db.destroy();
    await rm(dist, { recursive: true, force: true });
  });

  it('redirects /admin to /admin/ and serves index.html there, revalidated on every load', async () => {
    const redirect = await fetch(`${url}/admin`, { redirect: 'manual' });
    expect(redirect.status).toBe(301);
    expect(redirect.headers.get('location')).toBe('/admin/');
    const page = await fetch(`${url}/admin/`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toMatch(/^text\/html/);
    expect(page.headers.get('cache-control')).toBe('no-cache');
    expect(page.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
    expect(await page.text()).toContain('<div id="root">');
  });

  it('falls back to index.html for client-side routes, but not for missing assets', async () => {
    const route = await fetch(`${url}/admin/models/TW9kZWw6MQ==/show`);
    expect(route.status).toBe(200);
    expect(await route.text()).toContain('<div id="root">');
    expect((await fetch(`${url}/admin/assets/missing-123.js`)).status).toBe(404);
    expect((await fetch(`${url}/admin/favicon.png`)).status).toBe(404);
  });

  it('caches hashed assets for a year, compressed when the browser accepts gzip, with ETag revalidation', async () => {
    const asset = await fetch(`${url}/admin/assets/index-abc123.js`, { headers: { 'accept-encoding': 'gzip' } });
    expect(asset.status).toBe(200);
    expect(asset.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect(asset.headers.get('content-type')).toMatch(/^text\/javascript/);
    expect(asset.headers.get('content-encoding')).toBe('gzip');
    expect(await asset.text()).toContain('xxxxx');
    const again = await fetch(`${url}/admin/assets/index-abc123.js`, { headers: { 'accept-encoding': 'gzip', 'if-none-match': asset.headers.get('etag')! } });
    expect(again.status).toBe(304);
  });

  it('gives each encoding its own ETag, so a revalidation never swaps one encoding for another', async () => {
    const asset = `${url}/admin/assets/Models-def456.js`;
    const br = await rawGet(asset, { 'accept-encoding': 'br' });
    const gzip = await rawGet(asset, { 'accept-encoding': 'gzip' });
    const identity = await rawGet(asset, {});
    const tags = [br.headers.etag, gzip.headers.etag, identity.headers.etag];
    expect(new Set(tags).size).toBe(3);
    // The brotli copy's tag, sent by a client that now takes no encoding: the file itself, not a 304.
    const plain = await rawGet(asset, { 'if-none-match': String(br.headers.etag) });
    expect(plain.status).toBe(200);
    expect(plain.body.toString()).toBe(chunk);
    expect((await rawGet(asset, { 'accept-encoding': 'br', 'if-none-match': String(br.headers.etag) })).status).toBe(304);
  });

  it('sends the build’s brotli copy to a browser that accepts brotli, its gzip copy to one that accepts only gzip, and the file itself otherwise', async () => {
    const asset = `${url}/admin/assets/Models-def456.js`;
    const chrome = await rawGet(asset, { 'accept-encoding': 'gzip, deflate, br, zstd' });
    expect(chrome.status).toBe(200);
    expect(chrome.headers['content-encoding']).toBe('br');
    expect(chrome.headers.vary).toBe('accept-encoding');
    expect(chrome.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(chrome.headers['content-type']).toMatch(/^text\/javascript/);
    expect(Number(chrome.headers['content-length'])).toBe(chrome.body.length);
    expect(brotliDecompressSync(chrome.body).toString()).toBe(`${chunk}//br`);
    const gzipOnly = await rawGet(asset, { 'accept-encoding': 'gzip' });
    expect(gzipOnly.headers['content-encoding']).toBe('gzip');
    expect(gunzipSync(gzipOnly.body).toString()).toBe(`${chunk}//gz`);
    const refused = await rawGet(asset, { 'accept-encoding': 'br;q=0, gzip' });
    expect(refused.headers['content-encoding']).toBe('gzip');
    const identity = await rawGet(asset, {});
    expect(identity.headers['content-encoding']).toBeUndefined();
    expect(identity.body.toString()).toBe(chunk);
    expect(chrome.body.length).toBeLessThan(identity.body.length / 10);
  });

  it('compresses a file the build left without copies, index.html too, which stays revalidated on every load', async () => {
    const script = await rawGet(`${url}/admin/assets/index-abc123.js`, { 'accept-encoding': 'br' });
    expect(script.headers['content-encoding']).toBe('br');
    expect(brotliDecompressSync(script.body).toString()).toContain('xxxxx');
    await writeFile(join(dist, 'index.html'), `<!doctype html><div id="root"></div>${'<!-- padding -->'.repeat(100)}`);
    const page = await rawGet(`${url}/admin/`, { 'accept-encoding': 'gzip, br' });
    expect(page.headers['content-encoding']).toBe('br');
    expect(page.headers['cache-control']).toBe('no-cache');
    expect(page.headers.vary).toBe('accept-encoding');
    expect(brotliDecompressSync(page.body).toString()).toContain('<div id="root">');
  });

  it('refuses paths that climb out of the build directory and methods other than GET and HEAD', async () => {
    expect((await fetch(`${url}/admin/..%2f..%2fpackage.json`)).status).toBe(404);
    expect((await fetch(`${url}/admin/%2e%2e/%2e%2e/etc/passwd`)).status).toBe(404);
    expect((await fetch(`${url}/admin/`, { method: 'POST' })).status).toBe(405);
  });

  it('says how to build the app when it is missing', async () => {
    await rm(join(dist, 'index.html'));
    const response = await fetch(`${url}/admin/`);
    expect(response.status).toBe(503);
    expect(await response.text()).toContain('npm run build:admin');
  });
});
