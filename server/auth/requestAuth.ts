import type { AuthService } from './authService.ts';

/** What a resolver needs to sign someone in or out of this request. */
export interface RequestAuth {
  service: AuthService;
  /** The client's address: the socket peer, or the first X-Forwarded-For hop behind a trusted proxy. */
  ip: string;
  userAgent: string | null;
  /** Whether cookies for this request get the Secure attribute. */
  secure: boolean;
  /** SHA-256 of the session cookie's token, when the request carried one. */
  sessionTokenHash: string | null;
  /** Adds a Set-Cookie header to this request's response. */
  setCookie(header: string): void;
}
