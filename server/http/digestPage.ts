import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Database } from '../../db/client.ts';
import { isoWeekPattern, listPublishedDigests, readDigest, type DigestView } from '../digest/read.ts';
import { escapeHtml as html, modelPagePath } from '../mail/messages.ts';
import { htmlPage, sendHtml } from './htmlPage.ts';
import { sendError } from './nodeRequest.ts';

// GET /digest/<week>: a published weekly digest as a server-rendered page, readable without
// JavaScript, each item linked to its model's page and to the source it cites. GET /digest: the list
// of published digests. Published digests never change, so the pages may be cached.

const kindNames: Record<string, string> = {
  MODEL_PUBLISHED: 'New model',
  MODEL_RETIRED: 'Retired',
  PRICE_CHANGED: 'Price',
  SCORE_PUBLISHED: 'New score',
  SCORE_SUPERSEDED: 'Corrected score',
  FACT_CHANGED: 'Fact',
  LEADERBOARD_MOVE: 'Leaderboard',
};

const css = `  h1 { font-size: 1.6rem; margin-bottom: .25rem; }
  ol { padding-left: 1.25rem; } li { margin: 0 0 1.25rem; }
  .kind { display: inline-block; font-size: .75rem; text-transform: uppercase; letter-spacing: .05em; color: #283593; }`;
const page = (title: string, body: string) => htmlPage(title, body, css);

function digestBody(digest: DigestView): string {
  const published = digest.publishedAt ? new Date(digest.publishedAt).toISOString().slice(0, 10) : '';
  const items = digest.items
    .map((item) => {
      const source = item.citation
        ? `<div class="source">Source: <a href="${html(item.citation.source.url)}" rel="noopener">${html(item.citation.source.title ?? item.citation.source.url)}</a>${
            item.citation.locator ? `, ${html(item.citation.locator)}` : ''
          }</div>`
        : '';
      return `<li id="item-${item.position}">
  <span class="kind">${html(kindNames[item.kind] ?? item.kind)}</span><br>
  <strong>${html(item.headline)}</strong> (<a href="${modelPagePath(item.model.slug)}">${html(item.model.name)}</a>)
  ${item.note ? `<div>${html(item.note)}</div>` : ''}
  ${source}
</li>`;
    })
    .join('\n');
  return `<header>
<p class="meta"><a href="/digest">Sourced weekly digest</a> · ${html(digest.week)}${published ? ` · published ${published}` : ''}</p>
<h1>${html(digest.title)}</h1>
</header>
<main>
${digest.intro ? `<p>${html(digest.intro)}</p>` : ''}
<ol>
${items}
</ol>
</main>`;
}

async function listBody(db: Database): Promise<string> {
  const digests = await listPublishedDigests(db, 100, null);
  const rows = digests.map((digest) => `<li><a href="/digest/${digest.week}">${html(digest.week)}: ${html(digest.title)}</a></li>`).join('\n');
  return `<h1>Sourced weekly digest</h1>
<p>New model launches, leaderboard moves and price drops, picked by hand each week, every number cited.</p>
${rows ? `<ul>\n${rows}\n</ul>` : '<p>No digest has been published yet.</p>'}`;
}

export async function serveDigestPage(req: IncomingMessage, res: ServerResponse, db: Database, path: string): Promise<void> {
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    res.setHeader('allow', 'GET, HEAD');
    return sendError(res, 405, 'Digest pages are read with GET.', 'METHOD_NOT_ALLOWED');
  }
  if (path === '/digest' || path === '/digest/') return sendHtml(req, res, 200, page('Sourced weekly digest', await listBody(db)), 'public, max-age=60');
  const week = path.slice('/digest/'.length).replace(/\/$/, '');
  if (!isoWeekPattern.test(week)) {
    return sendHtml(req, res, 404, page('Not found', `<h1>No such week</h1><p>Digest pages are at /digest/&lt;ISO week&gt;, e.g. /digest/2026-W49. <a href="/digest">All digests</a>.</p>`), 'no-store');
  }
  const digest = await readDigest(db, { week }, { publishedOnly: true });
  if (!digest) {
    return sendHtml(req, res, 404, page(`No digest for ${week}`, `<h1>No digest for ${html(week)}</h1><p>Nothing was published for that week. <a href="/digest">All digests</a>.</p>`), 'public, max-age=60');
  }
  return sendHtml(req, res, 200, page(`${digest.title} · Sourced weekly digest ${digest.week}`, digestBody(digest)), 'public, max-age=300');
}
