import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Logger } from 'pino';
import type { Database } from '../../db/client.ts';
import { confirm, unsubscribe } from '../digest/subscribers.ts';
import { readBody, sendError } from './nodeRequest.ts';

// The pages the digest's emails link to, server-rendered, without JavaScript:
//   GET  /confirm?token=…      a button that confirms (a POST form: mail scanners open GET links)
//   POST /confirm              form body token=…: confirms, and says so
//   GET  /unsubscribe?token=…  a button that unsubscribes
//   POST /unsubscribe?token=…  unsubscribes: the List-Unsubscribe-Post one-click of RFC 8058 (body
//                              List-Unsubscribe=One-Click) gets a short text, the page's form a page.
// Failures show the typed error's message with its status (400 malformed, 404 unknown, 410 expired or used).

export const mailLinkPaths = new Set(['/confirm', '/unsubscribe']);

/** A form with one token, or RFC 8058's one field: a few hundred bytes. */
const maxMailLinkBody = 4 * 1024;

interface MailLinkOptions {
  bodyTimeoutMs: number;
  logger: Logger;
}

const html = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');

const pageHeaders = {
  'content-type': 'text/html; charset=utf-8',
  'cache-control': 'no-store',
  // The token is in the address: never sent on to another site, and nothing here runs scripts.
  'referrer-policy': 'no-referrer',
  'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
  'x-content-type-options': 'nosniff',
  'x-robots-tag': 'noindex',
};

function page(title: string, body: string): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${html(title)} · Sourced</title>
<style>body{font:16px/1.5 system-ui,sans-serif;max-width:34rem;margin:4rem auto;padding:0 1rem;color:#1a1a1a}h1{font-size:1.4rem}button{font:inherit;padding:.6rem 1.2rem;border:0;border-radius:.4rem;background:#1a1a1a;color:#fff;cursor:pointer}.error{color:#8a1c1c}</style>
</head>
<body>
<h1>${html(title)}</h1>
${body}
</body>
</html>
`;
}

function sendPage(req: IncomingMessage, res: ServerResponse, status: number, title: string, body: string) {
  if (res.headersSent || res.destroyed) return;
  const text = page(title, body);
  res.writeHead(status, { ...pageHeaders, 'content-length': Buffer.byteLength(text) });
  res.end(req.method === 'HEAD' ? undefined : text);
}

function sendText(res: ServerResponse, status: number, text: string) {
  if (res.headersSent || res.destroyed) return;
  res.writeHead(status, { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

/** The HTTP status of an expected failure (the typed errors carry theirs), or null for anything else. */
function statusOf(error: unknown): number | null {
  const status = (error as { httpStatus?: unknown } | null)?.httpStatus;
  return typeof status === 'number' ? status : null;
}

/** The form's fields, from a URL-encoded body or a multipart one (RFC 8058 allows both for one-click). */
function formFields(req: IncomingMessage, body: string): URLSearchParams {
  const type = req.headers['content-type'] ?? '';
  const boundary = /^multipart\/form-data\b.*;\s*boundary="?([^";]+)"?/i.exec(type)?.[1];
  if (!boundary) return new URLSearchParams(body);
  const fields = new URLSearchParams();
  for (const part of body.split(`--${boundary}`)) {
    const split = part.indexOf('\r\n\r\n');
    if (split === -1) continue;
    const name = /\bname="([^"]*)"/i.exec(part.slice(0, split))?.[1];
    if (name !== undefined) fields.append(name, part.slice(split + 4).replace(/\r\n$/, ''));
  }
  return fields;
}

/** Serves /confirm and /unsubscribe; `db` the server's (each step is one short transaction). */
export async function serveMailLink(req: IncomingMessage, res: ServerResponse, db: Database, path: string, options: MailLinkOptions): Promise<void> {
  const query = new URL(req.url ?? '/', 'http://localhost').searchParams;
  const isConfirm = path === '/confirm';
  if (req.method === 'GET' || req.method === 'HEAD') {
    const token = query.get('token') ?? '';
    if (isConfirm) {
      return sendPage(req, res, 200, 'Confirm your subscription',
        `<p>One click to start getting the Sourced digest: one short email a week.</p>
<form method="post" action="/confirm"><input type="hidden" name="token" value="${html(token)}"><button type="submit">Confirm my subscription</button></form>
<p>If you did not ask for it, close this page: nothing will be sent.</p>`);
    }
    return sendPage(req, res, 200, 'Unsubscribe from the digest',
      `<p>Stop the Sourced weekly digest? Your address will be erased.</p>
<form method="post" action="/unsubscribe?token=${html(encodeURIComponent(token))}"><input type="hidden" name="token" value="${html(token)}"><button type="submit">Unsubscribe</button></form>`);
  }
  if (req.method !== 'POST') {
    res.setHeader('allow', 'GET, HEAD, POST');
    return sendError(res, 405, 'Open this link, or send the form, with GET or POST.', 'METHOD_NOT_ALLOWED');
  }
  const length = Number(req.headers['content-length'] ?? Number.NaN);
  if (Number.isNaN(length)) return sendError(res, 411, 'A request body needs a Content-Length.', 'LENGTH_REQUIRED');
  if (length > maxMailLinkBody) return sendError(res, 413, `The request body is larger than ${maxMailLinkBody / 1024} KiB.`, 'PAYLOAD_TOO_LARGE');
  const read = await readBody(req, length, options.bodyTimeoutMs);
  if ('aborted' in read) {
    res.destroy();
    return;
  }
  if ('status' in read) {
    req.resume();
    return sendError(res, read.status, read.message, read.code);
  }
  const fields = formFields(req, read.body);
  const token = fields.get('token') ?? query.get('token') ?? '';
  const oneClick = !isConfirm && fields.get('List-Unsubscribe') === 'One-Click';
  try {
    if (isConfirm) {
      const { message } = await confirm(db, token, { log: options.logger });
      return sendPage(req, res, 200, 'You are subscribed', `<p>${html(message)}</p>`);
    }
    const { message } = await unsubscribe(db, token, { log: options.logger });
    if (oneClick) return sendText(res, 200, 'Unsubscribed.\n');
    return sendPage(req, res, 200, 'You are unsubscribed', `<p>${html(message)}</p>`);
  } catch (error) {
    const status = statusOf(error);
    if (status === null) throw error;
    const message = (error as Error).message;
    if (oneClick) return sendText(res, status, `${message}\n`);
    return sendPage(req, res, status, isConfirm ? 'This link does not work' : 'Could not unsubscribe', `<p class="error">${html(message)}</p>`);
  }
}
