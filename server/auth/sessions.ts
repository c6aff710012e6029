import { createHash, randomBytes } from 'node:crypto';

/**
 * Over HTTPS the cookie carries the `__Host-` prefix: browsers then accept it only with Secure,
 * Path=/ and no Domain, so a sibling subdomain or a plain-HTTP page cannot set or shadow it. Over
 * plain HTTP (local development) browsers refuse `__Host-` cookies, so the plain name is used.
 */
export const secureSessionCookieName = '__Host-sourced_session';
export const plainSessionCookieName = 'sourced_session';

/** The session cookie's name for a request: the `__Host-` one when the cookie is Secure. */
export function sessionCookieName(secure: boolean): string {
  return secure ? secureSessionCookieName : plainSessionCookieName;
}

export function newSessionToken(): { token: string; tokenHash: string } {
  const token = randomBytes(32).toString('base64url');
  return { token, tokenHash: hashSessionToken(token) };
}

export function hashSessionToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/**
 * The session token from a Cookie header, if it looks like one of ours. Only the cookie matching the
 * request is read (`__Host-sourced_session` when Secure, `sourced_session` otherwise): a plain cookie
 * planted over HTTP is never taken for a secure session.
 */
export function sessionTokenFromCookie(header: string | null, secure: boolean): string | null {
  if (!header) return null;
  const wanted = sessionCookieName(secure);
  for (const part of header.split(';')) {
    const [name, ...rest] = part.trim().split('=');
    if (name !== wanted) continue;
    const value = rest.join('=');
    return /^[\w-]{43}$/.test(value) ? value : null;
  }
  return null;
}

export function sessionCookie(token: string, maxAgeSeconds: number, secure: boolean): string {
  return [
    `${sessionCookieName(secure)}=${token}`,
    'Path=/',
    'HttpOnly',
    'SameSite=Lax',
    `Max-Age=${Math.floor(maxAgeSeconds)}`,
    ...(secure ? ['Secure'] : []),
  ].join('; ');
}

export function clearedSessionCookie(secure: boolean): string {
  return sessionCookie('', 0, secure);
}
