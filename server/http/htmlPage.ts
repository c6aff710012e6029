import type { IncomingMessage, ServerResponse } from 'node:http';
import { escapeHtml as html } from '../mail/messages.ts';

// The public server-rendered pages (/digest, /digest/<week>, /models/<slug>): one plain layout, no
// JavaScript, a strict content security policy.

export function htmlPage(title: string, body: string, css = ''): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${html(title)}</title>
<link rel="alternate" type="application/atom+xml" title="Sourced: what changed" href="/feed.atom">
<style>
  body { font: 16px/1.5 system-ui, sans-serif; max-width: 48rem; margin: 2rem auto; padding: 0 1rem; color: #1a1a1a; }
  .meta, .source { color: #555; font-size: .9rem; } a { color: #283593; }
${css}
</style>
</head>
<body>
${body}
</body>
</html>
`;
}

export function sendHtml(req: IncomingMessage, res: ServerResponse, status: number, body: string, cache: string): void {
  res.writeHead(status, {
    'content-type': 'text/html; charset=utf-8',
    'content-length': Buffer.byteLength(body),
    'cache-control': cache,
    'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'",
    'x-content-type-options': 'nosniff',
  });
  res.end(req.method === 'HEAD' ? undefined : body);
}
