import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { isIP } from 'node:net';
import { bareHost } from '../sources/addresses.ts';
import { destination, headerText, type OutboundOptions, untilAborted } from '../sources/outbound.ts';

// One delivery attempt: the same destination rules as source fetching (server/sources/outbound.ts:
// http(s) only, no credentials, every resolved address public unless the host is in
// SOURCE_FETCH_ALLOW_HOSTS), a connection to exactly the address checked, one deadline for the name
// lookup, the connection and the answer's headers, and no redirect followed (a 3xx is a failure:
// its Location could name a private address).

export interface SendOptions extends OutboundOptions {
  timeoutMs: number;
}

export type SendResult =
  | { ok: true; status: number }
  | { ok: false; status: number | null; error: string; permanent?: boolean };

const userAgent = 'Sourced webhooks (+https://github.com/sourced)';

export async function post(url: string, headers: Record<string, string>, body: string, options: SendOptions): Promise<SendResult> {
  const deadline = new AbortController();
  const timer = setTimeout(() => deadline.abort(new Error('deadline')), options.timeoutMs);
  const { signal } = deadline;
  try {
    const target = await untilAborted(destination(url, options), signal);
    if (!target.ok) return { ok: false, status: null, error: `refused: ${target.reason} (${target.error})` };
    const secure = target.url.protocol === 'https:';
    const host = bareHost(target.url.hostname);
    const payload = Buffer.from(body, 'utf8');
    const status = await new Promise<number>((resolve, reject) => {
      const request = (secure ? httpsRequest : httpRequest)({
        host: target.address,
        family: target.family,
        port: target.url.port || (secure ? 443 : 80),
        path: `${target.url.pathname}${target.url.search}`,
        method: 'POST',
        headers: {
          ...headers,
          host: target.url.host,
          'user-agent': headerText(userAgent),
          'content-type': 'application/json',
          'content-length': String(payload.length),
        },
        ...(secure && !isIP(host) ? { servername: host } : {}),
        agent: false,
        maxHeaderSize: 16 * 1024,
        signal,
      });
      request.on('response', (response) => {
        const code = response.statusCode ?? 0;
        // Only the status matters; the answer's body is not read (the socket is closed).
        response.destroy();
        if (code >= 300 && code < 400) {
          const location = headerText(String(response.headers.location ?? ''));
          reject(Object.assign(new Error(`redirect not followed${location ? ` (to ${location})` : ''}`), { status: code }));
          return;
        }
        resolve(code);
      });
      request.on('error', reject);
      request.end(payload);
    });
    if (status >= 200 && status < 300) return { ok: true, status };
    return { ok: false, status, error: `answered HTTP ${status}` };
  } catch (error) {
    const status = (error as { status?: number }).status ?? null;
    if (status !== null) return { ok: false, status, error: (error as Error).message };
    if (signal.aborted) return { ok: false, status: null, error: `no answer within ${options.timeoutMs} ms` };
    const code = (error as { code?: string }).code ?? (error as Error).name;
    return { ok: false, status: null, error: `connection failed (${code})` };
  } finally {
    clearTimeout(timer);
    deadline.abort(new Error('done'));
  }
}
