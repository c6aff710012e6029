import { RateLimiterMemory, RateLimiterRes } from 'rate-limiter-flexible';

export interface LoginLimits {
  /** Failed sign-ins allowed per account (email) in `windowSeconds`; then the account is locked. */
  perAccount: number;
  /** Failed sign-ins allowed per client address in `windowSeconds`; then the address is locked. */
  perAddress: number;
  windowSeconds: number;
  /** How long a lock lasts. */
  lockSeconds: number;
}

export const defaultLoginLimits: LoginLimits = { perAccount: 5, perAddress: 20, windowSeconds: 15 * 60, lockSeconds: 15 * 60 };

/** The outcome of taking an attempt: refused (locked, with the wait), or taken (and whether it used the last point). */
export type Attempt =
  | { allowed: false; retryAfterSeconds: number }
  | { allowed: true; lastForAccount: boolean; lastForAddress: boolean };

/**
 * Counts sign-in attempts per account and per client address (rate-limiter-flexible). An attempt is
 * taken *before* the password is checked (argon2), atomically, so concurrent attempts cannot race
 * past the limit: with 5 points, 12 wrong passwords sent at once get 5 checks, and the 7 others (and
 * a right password sent among them once the points are gone) are refused without a check. A success
 * gives its point back and clears the account's failures. Unknown emails are counted like known ones:
 * locking reveals nothing.
 *
 * The memory store is per process; with several instances use RateLimiterPostgres (or Redis) on the
 * same keys so that the counts are shared.
 */
export class LoginLimiter {
  private readonly byAccount: RateLimiterMemory;
  private readonly byAddress: RateLimiterMemory;

  constructor(readonly limits: LoginLimits = defaultLoginLimits) {
    this.byAccount = new RateLimiterMemory({
      keyPrefix: 'login_account',
      points: limits.perAccount,
      duration: limits.windowSeconds,
      blockDuration: limits.lockSeconds,
    });
    this.byAddress = new RateLimiterMemory({
      keyPrefix: 'login_address',
      points: limits.perAddress,
      duration: limits.windowSeconds,
      blockDuration: limits.lockSeconds,
    });
  }

  /**
   * Takes one attempt from the address's and the account's allowance, before any password check.
   * A refused attempt does not count against the other key (a locked account's tries do not use up
   * its address's allowance, and the other way round). The address goes first, so a locked address
   * cannot make the limiter remember any number of made-up accounts.
   */
  async take(account: string, address: string): Promise<Attempt> {
    const accountKey = limiterKey(account);
    const addressKey = limiterKey(address);
    const byAddress = await settle(this.byAddress.consume(addressKey));
    if (!byAddress.ok) return { allowed: false, retryAfterSeconds: wait(byAddress.res) };
    const byAccount = await settle(this.byAccount.consume(accountKey));
    if (!byAccount.ok) {
      await this.byAddress.reward(addressKey, 1);
      return { allowed: false, retryAfterSeconds: wait(byAccount.res) };
    }
    return {
      allowed: true,
      lastForAccount: byAccount.res.consumedPoints === this.limits.perAccount,
      lastForAddress: byAddress.res.consumedPoints === this.limits.perAddress,
    };
  }

  /** A successful sign-in: its attempt is given back to the address, and the account's failures are cleared. */
  async succeeded(account: string, address: string): Promise<void> {
    await this.byAccount.delete(limiterKey(account));
    await this.byAddress.reward(limiterKey(address), 1);
  }

  /** An attempt that reached no verdict (the database failed): its points go back to both keys. */
  async giveBack(account: string, address: string): Promise<void> {
    await this.byAccount.reward(limiterKey(account), 1);
    await this.byAddress.reward(limiterKey(address), 1);
  }

  /** Seconds to wait before this account may try again from this address; 0 when it may try now (for display; `take` decides). */
  async retryAfter(account: string, address: string): Promise<number> {
    const [accountState, addressState] = await Promise.all([this.byAccount.get(limiterKey(account)), this.byAddress.get(limiterKey(address))]);
    return Math.max(locked(accountState, this.limits.perAccount), locked(addressState, this.limits.perAddress));
  }
}

/** Keys are bounded (an email has at most 254 characters): a megabyte "email" is not kept as one. */
function limiterKey(value: string): string {
  return value.length <= 320 ? value : `${value.slice(0, 300)}…${value.length}`;
}

async function settle(promise: Promise<RateLimiterRes>): Promise<{ ok: boolean; res: RateLimiterRes }> {
  try {
    return { ok: true, res: await promise };
  } catch (error) {
    // consume() rejects with the limiter's state once the points are used up (the lock); anything
    // else is a store failure, and a sign-in is refused rather than checked without a limit.
    if (error instanceof RateLimiterRes) return { ok: false, res: error };
    throw error;
  }
}

function wait(state: RateLimiterRes): number {
  return Math.max(1, Math.ceil(state.msBeforeNext / 1000));
}

function locked(state: RateLimiterRes | null, points: number): number {
  if (!state || state.consumedPoints < points) return 0;
  return wait(state);
}
