import { createHash } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { sql } from 'drizzle-orm';
import { rowsOf, type Database } from '../../db/client.ts';
import { changeKinds, type ChangeKind } from '../../db/schema/index.ts';
import { readChanges, summaryOf, type ChangeRow } from '../changes/log.ts';
import { sendError } from './nodeRequest.ts';

// GET /feed.atom (Atom 1.0, RFC 4287) and /feed.json (JSON Feed 1.1): the newest public changes
// (server/changes/log.ts), site-wide or filtered with ?model=<slug> and ?kinds=<KIND,KIND>. A feed
// reader polls: ETag and Last-Modified from the newest change it holds, 304 when nothing is new.

const entries = 50;
const feedTitle = 'Sourced: what changed in the catalog';
// Atom ids must be permanent and absolute; tag URIs (RFC 4151) need no host of ours.
const tagBase = 'tag:sourced.catalog,2026';

interface FeedRequest {
  format: 'atom' | 'json';
  model: string | null;
  kinds: ChangeKind[] | null;
}

/** The feed a URL asks for, or why it is not one (a 400 with the message). */
export function feedRequest(path: string, query: URLSearchParams): FeedRequest | { problem: string } {
  const format = path === '/feed.atom' ? 'atom' : 'json';
  for (const key of query.keys()) if (key !== 'model' && key !== 'kinds') return { problem: `Unknown parameter "${key.slice(0, 40)}": use model and kinds.` };
  if (query.getAll('model').length > 1 || query.getAll('kinds').length > 1) return { problem: 'Give model and kinds at most once each.' };
  const model = query.get('model');
  if (model !== null && !/^[a-z0-9][a-z0-9.-]{0,99}$/.test(model)) return { problem: 'model must be a model slug, e.g. o4-mini.' };
  const kindsText = query.get('kinds');
  let kinds: ChangeKind[] | null = null;
  if (kindsText !== null) {
    const given = kindsText.split(',').map((kind) => kind.trim()).filter(Boolean);
    const unknown = given.filter((kind) => !(changeKinds as readonly string[]).includes(kind));
    if (given.length === 0 || unknown.length > 0) {
      return { problem: `kinds must be a comma-separated list of ${changeKinds.join(', ')}${unknown.length ? `; not ${unknown.slice(0, 3).map((kind) => `"${kind.slice(0, 40)}"`).join(', ')}` : ''}.` };
    }
    kinds = [...new Set(given)] as ChangeKind[];
  }
  return { format, model, kinds };
}

const xml = (text: string) =>
  text
    .replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;');

const entryId = (row: ChangeRow) => `${tagBase}:change:${row.id}`;

function atomFeed(rows: ChangeRow[], request: FeedRequest, updated: string): string {
  const filter = [request.model && `model ${request.model}`, request.kinds?.join(', ')].filter(Boolean).join('; ');
  const items = rows.map(
    (row) => `  <entry>
    <id>${entryId(row)}</id>
    <title>${xml(summaryOf(row))}</title>
    <updated>${row.at}</updated>
    <category term="${row.kind}"/>${row.sourceUrl ? `\n    <link rel="related" href="${xml(row.sourceUrl)}"/>` : ''}
    <content type="text">${xml(summaryOf(row))}${row.locator ? xml(` (${row.locator})`) : ''}</content>
  </entry>`,
  );
  return `<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom">
  <id>${tagBase}:changes${filter ? `:${xml(encodeURIComponent(filter))}` : ''}</id>
  <title>${xml(filter ? `${feedTitle} (${filter})` : feedTitle)}</title>
  <updated>${updated}</updated>
  <author><name>Sourced</name></author>
${items.join('\n')}
</feed>
`;
}

function jsonFeed(rows: ChangeRow[], request: FeedRequest): string {
  const filter = [request.model && `model ${request.model}`, request.kinds?.join(', ')].filter(Boolean).join('; ');
  return JSON.stringify({
    version: 'https://jsonfeed.org/version/1.1',
    title: filter ? `${feedTitle} (${filter})` : feedTitle,
    authors: [{ name: 'Sourced' }],
    items: rows.map((row) => ({
      id: entryId(row),
      title: summaryOf(row),
      content_text: `${summaryOf(row)}${row.locator ? ` (${row.locator})` : ''}`,
      date_published: row.at,
      tags: [row.kind],
      ...(row.sourceUrl ? { external_url: row.sourceUrl } : {}),
      _sourced: { kind: row.kind, model: row.modelSlug, value: row.value, previous_value: row.previousValue },
    })),
  });
}

/** Serves a feed; `db` is the request's (bounded by its deadline like any read). */
export async function serveFeed(req: IncomingMessage, res: ServerResponse, db: Database, path: string): Promise<void> {
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    res.setHeader('allow', 'GET, HEAD');
    return sendError(res, 405, 'Feeds are read with GET.', 'METHOD_NOT_ALLOWED');
  }
  const request = feedRequest(path, new URL(req.url ?? '/', 'http://localhost').searchParams);
  if ('problem' in request) return sendError(res, 400, request.problem, 'BAD_REQUEST');
  const rows = await readChanges(db, { kinds: request.kinds, modelSlug: request.model }, entries);
  const newest = rows[0];
  const updated = newest?.at ?? '1970-01-01T00:00:00.000Z';
  const filterKey = createHash('sha256').update(`${request.model ?? ''}|${request.kinds?.join(',') ?? ''}`).digest('hex').slice(0, 12);
  // The entries' words come from today's names (a renamed source rewrites them): the catalog version says when.
  const [version] = rowsOf<{ version: string }>(await db.execute(sql`select version::text as version from catalog_version`));
  const etag = `"feed-${request.format}-${newest?.id ?? 0}-${version?.version ?? 0}-${filterKey}"`;
  const lastModified = new Date(updated).toUTCString();
  const headers = { etag, 'last-modified': lastModified, 'cache-control': 'public, max-age=60' };
  const since = req.headers['if-modified-since'];
  const notModified =
    req.headers['if-none-match'] !== undefined
      ? req.headers['if-none-match'].split(',').some((tag) => tag.trim() === etag)
      : since !== undefined &&
        !Number.isNaN(Date.parse(since)) &&
        Date.parse(since) <= Date.now() &&
        Math.floor(Date.parse(updated) / 1000) <= Math.floor(Date.parse(since) / 1000);
  if (notModified) {
    res.writeHead(304, headers).end();
    return;
  }
  const body = request.format === 'atom' ? atomFeed(rows, request, updated) : jsonFeed(rows, request);
  res.writeHead(200, {
    ...headers,
    'content-type': request.format === 'atom' ? 'application/atom+xml; charset=utf-8' : 'application/feed+json; charset=utf-8',
    'content-length': Buffer.byteLength(body),
  });
  res.end(req.method === 'HEAD' ? undefined : body);
}
