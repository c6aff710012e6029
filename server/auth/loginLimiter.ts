import { RateLimiterMemory, type RateLimiterRes } from 'rate-limiter-flexible';

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

/**
 * Counts failed sign-ins per account and per client address (rate-limiter-flexible). The memory
 * store is per process; with several instances use RateLimiterPostgres (or Redis) on the same keys
 * so that the counts are shared. Unknown emails are counted like known ones: locking reveals nothing.
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

  /** Seconds to wait before this account may try again from this address; 0 when it may try now. */
  async retryAfter(account: string, address: string): Promise<number> {
    const [accountState, addressState] = await Promise.all([this.byAccount.get(account), this.byAddress.get(address)]);
    const waits = [
      locked(accountState, this.limits.perAccount),
      locked(addressState, this.limits.perAddress),
    ];
    return Math.max(...waits);
  }

  /** Counts a failure; says which of the account and the address this failure locked (for the log). */
  async recordFailure(account: string, address: string): Promise<{ accountLocked: boolean; addressLocked: boolean }> {
    // consume() rejects once the limit is passed; the rejection is the lock, nothing to handle.
    const [byAccount, byAddress] = await Promise.allSettled([this.byAccount.consume(account), this.byAddress.consume(address)]);
    // Locked from the failure that uses the last point on (see `locked`); reported once, by that failure.
    const reached = (result: PromiseSettledResult<RateLimiterRes>, points: number) =>
      result.status === 'fulfilled' && result.value.consumedPoints === points;
    return { accountLocked: reached(byAccount, this.limits.perAccount), addressLocked: reached(byAddress, this.limits.perAddress) };
  }

  /** A successful sign-in clears the account's failures (the address keeps its count). */
  async recordSuccess(account: string): Promise<void> {
    await this.byAccount.delete(account);
  }
}

function locked(state: RateLimiterRes | null, points: number): number {
  if (!state || state.consumedPoints < points) return 0;
  return Math.max(1, Math.ceil(state.msBeforeNext / 1000));
}
