import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import { jsonNestsDeeperThan, maxJsonDepth, urlParamsProblem } from './security.ts';

// The Node side of a request, before and after Yoga: its body read within limits and time, its JSON
// checked, and the plain JSON errors answered when a request never reaches GraphQL.

/** The value, or undefined when it takes longer than `ms`. */
export async function withDeadline<T>(promise: Promise<T>, ms: number): Promise<T | undefined> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<undefined>((resolve) => {
    timer = setTimeout(() => resolve(undefined), ms);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** Per socket, what its requests in flight do when it closes: one listener per socket, however many are pipelined on it. */
const onSocketClose = new WeakMap<Socket, Set<() => void>>();

/**
 * Calls `gone` when the socket closes; returns what stops that (once the answer is sent). A request
 * pipelined behind others has no response on the socket yet, so its own `close` would not come; one
 * parsed from bytes that arrived before the socket closed is handed over with the socket already
 * destroyed, and is gone from the start (a pipelining client that hung up had ~80 of 200 such requests
 * run, and readers waited seconds: second attack of stop 28).
 */
export function whenSocketCloses(socket: Socket, gone: () => void): () => void {
  if (socket.destroyed) {
    gone();
    return () => {};
  }
  let waiting = onSocketClose.get(socket);
  if (!waiting) {
    const callbacks = new Set<() => void>();
    onSocketClose.set(socket, callbacks);
    socket.once('close', () => {
      for (const callback of callbacks) callback();
      callbacks.clear();
    });
    waiting = callbacks;
  }
  waiting.add(gone);
  const set = waiting;
  return () => void set.delete(gone);
}

export const maxBodyBytes = 256 * 1024;

/**
 * The body of anyone not signed in: the largest contract operation is ~2 KB, and a GET's query is
 * bounded alike by Node's 16 KiB of headers. Bodies are read (and keyed for the cache) before the
 * door (server/http/admission.ts RequestGate): 200 KB ones took 11–17 ms each ahead of it, and a few
 * clients sending them kept every editor waiting seconds (final attack of issue 18).
 */
export const maxAnonymousBodyBytes = 16 * 1024;

export const bodyTooLargeMessage = (limit: number) =>
  limit < maxBodyBytes
    ? `The request body is larger than ${limit / 1024} KiB; signed in, up to ${maxBodyBytes / 1024} KiB.`
    : `The request body is larger than ${limit / 1024} KiB.`;

type BodyRead =
  | { body: string }
  | { aborted: true; received: number }
  | { status: 400 | 408 | 413; message: string; code: string; received: number };

/**
 * Reads a request body of `declared` bytes (its Content-Length, already checked against the cap),
 * never rejecting: a client that hangs up mid-body comes back as `aborted`; one that sends nothing
 * for long enough, or trickles, gets 408 when `timeoutMs` have passed since the headers; more bytes
 * than declared or than the cap (Node's parser should not let that happen) get 413.
 */
export function readBody(req: IncomingMessage, declared: number, timeoutMs: number): Promise<BodyRead> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let received = 0;
    let done = false;
    const finish = (result: BodyRead) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      req.off('data', onData).off('end', onEnd).off('error', onAborted).off('close', onClose);
      // Later errors of this request (the client hanging up after we answered) must not be unhandled.
      req.on('error', () => {});
      resolve(result);
    };
    const onData = (chunk: Buffer) => {
      received += chunk.length;
      if (received > declared || received > maxBodyBytes) {
        finish({ status: 413, message: 'The request body is longer than its Content-Length or the limit.', code: 'PAYLOAD_TOO_LARGE', received });
        return;
      }
      chunks.push(chunk);
    };
    const onEnd = () => {
      if (received !== declared) finish({ status: 400, message: 'The request body does not match its Content-Length.', code: 'BAD_REQUEST', received });
      else finish({ body: Buffer.concat(chunks).toString('utf8') });
    };
    const onAborted = () => finish({ aborted: true, received });
    const onClose = () => {
      if (!req.complete) finish({ aborted: true, received });
    };
    const timer = setTimeout(
      () => finish({ status: 408, message: `The request body did not arrive within ${Math.round(timeoutMs / 1000)} s.`, code: 'REQUEST_TIMEOUT', received }),
      timeoutMs,
    );
    req.on('data', onData).on('end', onEnd).on('error', onAborted).on('close', onClose);
  });
}

/**
 * What is wrong with the JSON a GraphQL request carries, or null: GET's `variables` and `extensions`
 * (a form-encoded POST's too) must parse, and no JSON may nest deeper than maxJsonDepth. A body that
 * is not JSON at all is Yoga's to refuse, as it does (400).
 */
export function requestJsonProblem(req: IncomingMessage, body: string | undefined): string | null {
  if (req.method === 'GET' || req.method === 'HEAD') {
    const query = (req.url ?? '').indexOf('?');
    return query === -1 ? null : urlParamsProblem(new URLSearchParams(req.url!.slice(query + 1)));
  }
  if (body === undefined) return null;
  if (/^application\/x-www-form-urlencoded\b/i.test(req.headers['content-type'] ?? '')) return urlParamsProblem(new URLSearchParams(body));
  return jsonNestsDeeperThan(body) ? `The request body nests JSON deeper than ${maxJsonDepth} levels.` : null;
}

/** The Fetch Request Yoga reads, for a Node request whose body was already read (for the cache key). */
export function nodeRequest(fetchAPI: { Request: typeof Request }, req: IncomingMessage, body: string): Request {
  const headers: [string, string][] = [];
  for (let i = 0; i < req.rawHeaders.length; i += 2) headers.push([req.rawHeaders[i]!, req.rawHeaders[i + 1]!]);
  const url = `http://${req.headers.host ?? 'localhost'}${req.url ?? '/'}`;
  return new fetchAPI.Request(url, { method: req.method, headers, body: req.method === 'POST' ? body : undefined });
}

export function sendError(res: ServerResponse, status: number, message: string, code: string, extra: Record<string, unknown> = {}) {
  if (!res.headersSent) res.setHeader('connection', 'close');
  sendJson(res, status, { errors: [{ message, extensions: { code, ...extra, http: { status } } }] });
}

export function sendJson(res: ServerResponse, status: number, body: unknown) {
  if (res.headersSent || res.destroyed) return;
  res.writeHead(status, { 'content-type': 'application/json', 'cache-control': 'no-store' });
  res.end(JSON.stringify(body));
}
