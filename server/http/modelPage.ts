import type { IncomingMessage, ServerResponse } from 'node:http';
import { escapeHtml as html } from '../mail/messages.ts';
import { htmlPage, sendHtml } from './htmlPage.ts';
import { sendError } from './nodeRequest.ts';

// GET /models/<slug>: a model's public numbers as a plain page, each with its source, where the
// digest page and the digest emails link a model's name. Read through the public GraphQL API (the
// same visibility rules and caches as every front end), rendered on the server: no JavaScript.

const query = `query ModelPlainPage($slug: String!) {
  model(slug: $slug) {
    slug name tagline provider { name }
    releaseDate { value citation { ...Cite } }
    contextWindow { value citation { ...Cite } }
    maxOutputTokens { value citation { ...Cite } }
    prices { kind usdPerMillionTokens effectiveFrom citation { ...Cite } }
    scores { value setting benchmark { name unit } citation { ...Cite } }
  }
}
fragment Cite on Citation { locator source { url title } }`;

interface Cite {
  locator: string;
  source: { url: string; title: string | null };
}
type Fact = { value: unknown; citation: Cite } | null;

interface PlainModel {
  slug: string;
  name: string;
  tagline: string | null;
  provider: { name: string };
  releaseDate: Fact;
  contextWindow: Fact;
  maxOutputTokens: Fact;
  prices: { kind: string; usdPerMillionTokens: string | number; effectiveFrom: string; citation: Cite }[];
  scores: { value: number; setting: string | null; benchmark: { name: string; unit: string }; citation: Cite }[];
}

/** Runs one GraphQL request in-process (the app's own Yoga). */
export type GraphQLFetch = (body: string) => Promise<{ data?: { model: PlainModel | null }; errors?: { message: string }[] }>;

const cite = (citation: Cite) =>
  `<a href="${html(citation.source.url)}" rel="noopener">${html(citation.source.title ?? citation.source.url)}</a>${citation.locator ? `, ${html(citation.locator)}` : ''}`;

const row = (label: string, value: string, citation: Cite) => `<tr><th scope="row">${html(label)}</th><td>${html(value)}</td><td class="source">${cite(citation)}</td></tr>`;

function body(model: PlainModel): string {
  const facts = (
    [
      ['Released', model.releaseDate],
      ['Context window', model.contextWindow],
      ['Max output', model.maxOutputTokens],
    ] as const
  )
    .filter(([, fact]) => fact)
    .map(([label, fact]) => row(label, String(fact!.value), fact!.citation));
  const prices = model.prices.map((price) =>
    row(`${price.kind.toLowerCase().replace(/_/g, ' ')} price`, `$${price.usdPerMillionTokens} / 1M tokens (from ${price.effectiveFrom})`, price.citation),
  );
  const scores = model.scores.map((score) =>
    row(`${score.benchmark.name}${score.setting ? ` (${score.setting})` : ''}`, `${score.value}${score.benchmark.unit === 'PERCENT' ? ' %' : ''}`, score.citation),
  );
  const table = (caption: string, rows: string[]) =>
    rows.length ? `<table><caption>${caption}</caption><thead><tr><th>What</th><th>Value</th><th>Source</th></tr></thead><tbody>\n${rows.join('\n')}\n</tbody></table>` : '';
  return `<p class="meta">${html(model.provider.name)}</p>
<h1>${html(model.name)}</h1>
${model.tagline ? `<p>${html(model.tagline)}</p>` : ''}
${table('Facts', facts)}
${table('Prices', prices)}
${table('Scores', scores)}
<p class="meta">Every number is published with its source, checked by a second person.</p>`;
}

const css = `  table { border-collapse: collapse; width: 100%; margin: 1rem 0; } caption { text-align: left; font-weight: 600; }
  th, td { text-align: left; padding: .25rem .5rem; border-bottom: 1px solid #ddd; vertical-align: top; }`;
const page = (title: string, content: string) => htmlPage(title, content, css);

const send = (req: IncomingMessage, res: ServerResponse, status: number, content: string) =>
  sendHtml(req, res, status, content, status === 200 ? 'public, max-age=60' : 'no-store');

export async function serveModelPage(req: IncomingMessage, res: ServerResponse, graphql: GraphQLFetch, path: string): Promise<void> {
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    res.setHeader('allow', 'GET, HEAD');
    return sendError(res, 405, 'Model pages are read with GET.', 'METHOD_NOT_ALLOWED');
  }
  const slug = path.slice('/models/'.length);
  const missing = () => send(req, res, 404, page('Not found', '<h1>No such model</h1><p>No public model has this address.</p>'));
  if (!/^[a-z0-9][a-z0-9.-]{0,99}$/.test(slug)) return missing();
  const answer = await graphql(JSON.stringify({ query, variables: { slug } }));
  if (answer.errors?.length) return sendError(res, 503, 'The model page could not be read just now; please retry.', 'SERVICE_UNAVAILABLE');
  const model = answer.data?.model;
  return model ? send(req, res, 200, page(`${model.name} · Sourced`, body(model))) : missing();
}
