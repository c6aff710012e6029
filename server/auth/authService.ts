import type { IncomingMessage } from 'node:http';
import type { Logger } from 'pino';
import { and, eq, gt, isNull, lt, sql } from 'drizzle-orm';
import type { Database } from '../../db/client.ts';
import { sessions, users } from '../../db/schema/index.ts';
import { InvalidCredentialsError, TooManyAttemptsError } from '../errors.ts';
import { appendAuditEvent } from '../catalog/audit.ts';
import { defaultLoginLimits, LoginLimiter, type LoginLimits } from './loginLimiter.ts';
import { dummyPasswordHash, verifyPassword } from './passwords.ts';
import type { RequestClient, Viewer } from './viewer.ts';
import { clearedSessionCookie, hashSessionToken, newSessionToken, sessionCookie, sessionTokenFromCookie } from './sessions.ts';

export interface AuthOptions {
  /** A session ends after this long without a request. */
  idleHours: number;
  /** …and at the latest this long after sign-in. */
  maxDays: number;
  /** 'auto': Secure when the request came over HTTPS (directly or per X-Forwarded-Proto). */
  cookieSecure: 'auto' | 'always' | 'never';
  /** Take the client address and protocol from X-Forwarded-For / X-Forwarded-Proto (behind a proxy you run). */
  trustProxy: boolean;
  loginLimits: LoginLimits;
}

export const defaultAuthOptions: AuthOptions = {
  idleHours: 12,
  maxDays: 7,
  cookieSecure: 'auto',
  trustProxy: false,
  loginLimits: defaultLoginLimits,
};

// A session's last-seen time (and idle expiry) is written at most this often, not on every request.
const touchEveryMs = 5 * 60_000;

/** Sign-in, sessions and sign-out; one per process. */
export class AuthService {
  readonly options: AuthOptions;
  readonly limiter: LoginLimiter;
  /** Told of every session started (its token's hash), once it is stored, and of every sign-out. */
  onSessionStarted: (tokenHash: string) => void = () => {};
  onSessionEnded: (tokenHash: string) => void = () => {};

  constructor(options: Partial<AuthOptions> = {}) {
    this.options = { ...defaultAuthOptions, ...options };
    this.limiter = new LoginLimiter(this.options.loginLimits);
    void dummyPasswordHash();
  }

  /** The request's auth facts; `setCookie` collects Set-Cookie headers for the response. */
  forRequest(request: Request, req: IncomingMessage | undefined, setCookie: (header: string) => void): RequestClient & { service: AuthService } {
    const forwardedProto = this.options.trustProxy ? request.headers.get('x-forwarded-proto')?.split(',')[0]?.trim() : undefined;
    const https = forwardedProto ? forwardedProto === 'https' : request.url.startsWith('https:') || !!(req?.socket as { encrypted?: boolean } | undefined)?.encrypted;
    // The client address is the last X-Forwarded-For entry: the one your proxy appended. Entries before
    // it were sent by the client and can be anything (a fresh one per try would dodge the address limit).
    const forwardedFor = this.options.trustProxy ? request.headers.get('x-forwarded-for')?.split(',').at(-1)?.trim() : undefined;
    const secure = this.options.cookieSecure === 'always' || (this.options.cookieSecure === 'auto' && https);
    const token = sessionTokenFromCookie(request.headers.get('cookie'), secure);
    return {
      service: this,
      ip: forwardedFor || req?.socket.remoteAddress || 'unknown',
      userAgent: request.headers.get('user-agent')?.slice(0, 300) ?? null,
      secure,
      sessionTokenHash: token ? hashSessionToken(token) : null,
      setCookie,
    };
  }

  /** The signed-in user of a live session, sliding its idle expiry forward now and then. */
  async viewer(db: Database, tokenHash: string | null): Promise<Viewer | null> {
    if (!tokenHash) return null;
    const [row] = await db
      .select({
        id: users.id,
        email: users.email,
        role: users.role,
        lastSeenAt: sessions.lastSeenAt,
        absoluteExpiresAt: sessions.absoluteExpiresAt,
      })
      .from(sessions)
      .innerJoin(users, eq(users.id, sessions.userId))
      .where(and(eq(sessions.tokenHash, tokenHash), gt(sessions.expiresAt, sql`now()`), isNull(users.disabledAt)));
    if (!row) return null;
    if (Date.now() - Date.parse(row.lastSeenAt) > touchEveryMs) {
      await db
        .update(sessions)
        .set({ lastSeenAt: sql`now()`, expiresAt: sql`least(now() + ${`${this.options.idleHours} hours`}::interval, ${sessions.absoluteExpiresAt})` })
        .where(eq(sessions.tokenHash, tokenHash));
    }
    return { id: row.id, email: row.email, role: row.role };
  }

  /**
   * Takes the attempt from the per-account and per-address limits *first* (so concurrent attempts
   * cannot race past them), then checks the password (argon2id; an unknown email is checked against a
   * dummy hash so both cost the same), and opens a session.
   */
  async login(db: Database, auth: RequestClient, email: string, password: string, requestId: string, log?: Logger): Promise<Viewer> {
    const account = email.trim().toLowerCase();
    const attempt = await this.limiter.take(account, auth.ip);
    if (!attempt.allowed) {
      log?.warn({ event: 'login_refused_locked', account, ip: auth.ip, retryAfterSeconds: attempt.retryAfterSeconds }, 'sign-in refused: locked after too many failed attempts');
      throw new TooManyAttemptsError(attempt.retryAfterSeconds);
    }

    let user: { id: number; email: string; role: Viewer['role']; passwordHash: string; disabledAt: string | Date | null } | undefined;
    let passwordOk: boolean;
    try {
      [user] = await db
        .select({ id: users.id, email: users.email, role: users.role, passwordHash: users.passwordHash, disabledAt: users.disabledAt })
        .from(users)
        .where(eq(sql`lower(${users.email})`, account));
      passwordOk = await verifyPassword(user?.passwordHash ?? (await dummyPasswordHash()), password.slice(0, 1024));
    } catch (error) {
      // No verdict (the database did not answer): the attempt is given back, an outage locks nobody out.
      await this.limiter.giveBack(account, auth.ip);
      throw error;
    }
    if (!user || !passwordOk || user.disabledAt) {
      log?.info({ event: 'login_failed', account, ip: auth.ip }, 'sign-in failed');
      const { perAccount, perAddress, windowSeconds } = this.limiter.limits;
      if (attempt.lastForAccount) {
        log?.warn({ event: 'login_lockout', scope: 'account', account, ip: auth.ip, failures: perAccount, windowSeconds }, `account locked after ${perAccount} failed sign-ins`);
      }
      if (attempt.lastForAddress) {
        log?.warn({ event: 'login_lockout', scope: 'address', account, ip: auth.ip, failures: perAddress, windowSeconds }, `client address locked after ${perAddress} failed sign-ins`);
      }
      throw new InvalidCredentialsError();
    }
    await this.limiter.succeeded(account, auth.ip);

    const { token, tokenHash } = newSessionToken();
    const { idleHours, maxDays } = this.options;
    await db.transaction(async (tx) => {
      // Expired sessions of this user are cleared on the way.
      await tx.delete(sessions).where(and(eq(sessions.userId, user.id), lt(sessions.expiresAt, sql`now()`)));
      await tx.insert(sessions).values({
        tokenHash,
        userId: user.id,
        expiresAt: sql`now() + ${`${idleHours} hours`}::interval`,
        absoluteExpiresAt: sql`now() + ${`${maxDays} days`}::interval`,
        ip: auth.ip,
        userAgent: auth.userAgent,
      });
      await appendAuditEvent(tx, {
        actorId: user.id,
        action: 'LOGIN',
        entityType: 'User',
        entityId: user.id,
        diff: { session: { before: null, after: { ip: auth.ip, userAgent: auth.userAgent } } },
        requestId,
      });
    });
    this.onSessionStarted(tokenHash);
    auth.setCookie(sessionCookie(token, maxDays * 86_400, auth.secure));
    return { id: user.id, email: user.email, role: user.role };
  }

  /** Ends the request's session in the database and clears the cookie; false when there was none. */
  async logout(db: Database, auth: RequestClient, viewer: Viewer | null, requestId: string): Promise<boolean> {
    auth.setCookie(clearedSessionCookie(auth.secure));
    if (auth.sessionTokenHash) this.onSessionEnded(auth.sessionTokenHash);
    if (!auth.sessionTokenHash || !viewer) return false;
    return db.transaction(async (tx) => {
      const deleted = await tx.delete(sessions).where(eq(sessions.tokenHash, auth.sessionTokenHash!)).returning({ userId: sessions.userId });
      if (deleted.length === 0) return false;
      await appendAuditEvent(tx, { actorId: viewer.id, action: 'LOGOUT', entityType: 'User', entityId: viewer.id, diff: {}, requestId });
      return true;
    });
  }
}
