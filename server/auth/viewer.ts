// Who a request is, as sign-in knows it. Plain types with no imports, so server/context.ts and the
// sign-in service (authService.ts) can both use them without importing each other.

/** The signed-in person of a request. */
export interface Viewer {
  id: number;
  email: string;
  role: 'EDITOR' | 'REVIEWER' | 'ADMIN';
}

/** Reviewers and admins: who may verify, publish and approve (never their own). */
export const isReviewer = (viewer: Viewer | null | undefined) => viewer?.role === 'REVIEWER' || viewer?.role === 'ADMIN';

/** The request as signing in and out sees it: where it comes from, its session cookie, its answer's cookies. */
export interface RequestClient {
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
