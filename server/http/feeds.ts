import { createHash } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { sql } from 'drizzle-orm';
import { rowsOf, type Database } from '../../db/client.ts';
import { changeKinds, type ChangeKind } from '../../db/schema/index.ts';
import { readChanges, summaryOf, type ChangeRow } from '../changes/log.ts';
import { listPublishedDigests } from '../digest/read.ts';
import { sendError } from './nodeRequest.ts';

// GET /feed.atom (Atom 1.0, RFC 4287) and /feed.json (JSON Feed 1.1): the newest public changes
// (server/changes/log.ts), site-wide or filtered with ?model=<slug> and ?kinds=<KIND,KIND>. A feed
// reader polls: ETag and Last-Modified from the newest change it holds, 304 when nothing is new.
// The site-wide feed also carries the published weekly digests, linked to their pages.

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

/** One entry of either feed: a change, or a published digest. */
interface FeedEntry {
  id: string;
  title: string;
  text: string;
  at: string;
  tag: string;
  /** The cited source (a change) or the digest's page. */
  link: { rel: 'related' | 'alternate'; href: string } | null;
  extra: Record<string, unknown>;
}

const changeEntry = (row: ChangeRow): FeedEntry => ({
  id: `${tagBase}:change:${row.id}`,
  title: summaryOf(row),
  text: `${summaryOf(row)}${row.locator ? ` (${row.locator})` : ''}`,
  at: row.at,
  tag: row.kind,
  link: row.sourceUrl ? { rel: 'related', href: row.sourceUrl } : null,
  extra: { kind: row.kind, model: row.modelSlug, value: row.value, previous_value: row.previousValue },
});

const digestEntry = (publicUrl: string, digest: { week: string; title: string; publishedAt: string }): FeedEntry => ({
  id: `${tagBase}:digest:${digest.week}`,
  title: `Weekly digest ${digest.week}: ${digest.title}`,
  text: `The Sourced weekly digest of ${digest.week}: ${digest.title}.`,
  at: digest.publishedAt,
  tag: 'DIGEST',
  link: { rel: 'alternate', href: `${publicUrl}/digest/${digest.week}` },
  extra: { kind: 'DIGEST', week: digest.week },
});

function atomFeed(rows: FeedEntry[], request: FeedRequest, updated: string): string {
  const filter = [request.model && `model ${request.model}`, request.kinds?.join(', ')].filter(Boolean).join('; ');
  const items = rows.map(
    (row) => `  <entry>
    <id>${row.id}</id>
    <title>${xml(row.title)}</title>
    <updated>${row.at}</updated>
    <category term="${row.tag}"/>${row.link ? `\n    <link rel="${row.link.rel}" href="${xml(row.link.href)}"/>` : ''}
    <content type="text">${xml(row.text)}</content>
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

function jsonFeed(rows: FeedEntry[], request: FeedRequest): string {
  const filter = [request.model && `model ${request.model}`, request.kinds?.join(', ')].filter(Boolean).join('; ');
  return JSON.stringify({
    version: 'https://jsonfeed.org/version/1.1',
    title: filter ? `${feedTitle} (${filter})` : feedTitle,
    authors: [{ name: 'Sourced' }],
    items: rows.map((row) => ({
      id: row.id,
      title: row.title,
      content_text: row.text,
      date_published: row.at,
      tags: [row.tag],
      ...(row.link ? { [row.link.rel === 'alternate' ? 'url' : 'external_url']: row.link.href } : {}),
      _sourced: row.extra,
    })),
  });
}

/** Serves a feed; `db` is the request's (bounded by its deadline like any read). */
export async function serveFeed(req: IncomingMessage, res: ServerResponse, db: Database, path: string, publicUrl: string): Promise<void> {
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    res.setHeader('allow', 'GET, HEAD');
    return sendError(res, 405, 'Feeds are read with GET.', 'METHOD_NOT_ALLOWED');
  }
  const request = feedRequest(path, new URL(req.url ?? '/', 'http://localhost').searchParams);
  if ('problem' in request) return sendError(res, 400, request.problem, 'BAD_REQUEST');
  const changes = await readChanges(db, { kinds: request.kinds, modelSlug: request.model }, entries);
  const digests = request.model || request.kinds ? [] : await listPublishedDigests(db, 10, null);
  const rows = [...changes.map(changeEntry), ...digests.map((digest) => digestEntry(publicUrl, digest))]
    .sort((a, b) => b.at.localeCompare(a.at))
    .slice(0, entries);
  const newest = changes[0];
  const updated = rows[0]?.at ?? '1970-01-01T00:00:00.000Z';
  const filterKey = createHash('sha256').update(`${request.model ?? ''}|${request.kinds?.join(',') ?? ''}`).digest('hex').slice(0, 12);
  // The entries' words come from today's names (a renamed source rewrites them): the catalog version says when.
  const [version] = rowsOf<{ version: string }>(await db.execute(sql`select version::text as version from catalog_version`));
  const etag = `"feed-${request.format}-${newest?.id ?? 0}-${digests[0]?.week ?? 'none'}-${version?.version ?? 0}-${filterKey}"`;
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
