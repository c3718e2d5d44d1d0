import { inMemoryRateLimiters, type RateLimiterFactory } from '@showfloor/server-kit';
import type { RateLimiterAbstract } from 'rate-limiter-flexible';
import { isRefusal, rateLimitedFor } from '../../shared/rate-limiters.ts';

export interface LoginThrottleOptions {
  /** LOGIN_MAX_FAILURES: consecutive failures from one address for one account before that pair is blocked. */
  maxFailuresPerIpAndAccount: number;
  /** LOGIN_MAX_FAILURES_PER_IP: failures from one address across accounts before the address is blocked. */
  maxFailuresPerIp: number;
  /** LOGIN_SLOWDOWN_AFTER_FAILURES: failures for one account, from anywhere, before it is slowed down. */
  slowDownAfterFailures: number;
  /** LOGIN_SLOWDOWN_MAX_MS: the longest wait the slow-down ever asks for. */
  slowDownMaxMs: number;
  /** LOGIN_FAILURE_WINDOW_MS: how long failures are remembered, and how long a block lasts. */
  windowMs: number;
  limiters?: RateLimiterFactory;
}

/** One login attempt: where it comes from, and which account it is for. */
export interface LoginAttempt {
  ip: string;
  /** The account's id when it exists, else the identifier typed (so unknown names count too). */
  account: string;
}

/**
 * Throttles logins without letting a stranger lock an owner out:
 * - an address + account pair is blocked for the window after `maxFailuresPerIpAndAccount`
 *   consecutive failures (a success clears it) — one address guessing one password;
 * - an address is blocked for the window after `maxFailuresPerIp` failures across accounts
 *   (attempts refused by its own blocks count too) — one address spraying many;
 * - an account failed `slowDownAfterFailures` times (from any address) only slows down: one
 *   attempt per 1 s, 2 s, 4 s… up to `slowDownMaxMs`, whoever makes it. The owner waits seconds
 *   at most, and a distributed guesser gets one guess per delay instead of one per address.
 *
 * Every attempt is reserved before its password is checked and given back if it succeeds, so
 * parallel attempts cannot slip past a limit while the (slow) hash check runs. The per-account
 * gate is the library's own ExpressBruteFlexible pattern: a one-point key whose lifetime is the
 * delay. The limiters come from a factory (memory now; Redis can replace it).
 */
export class LoginThrottle {
  private readonly byIp: RateLimiterAbstract;
  private readonly byIpAndAccount: RateLimiterAbstract;
  private readonly failuresByAccount: RateLimiterAbstract;
  private readonly accountGate: RateLimiterAbstract;

  constructor(private readonly options: LoginThrottleOptions) {
    const limiters = options.limiters ?? inMemoryRateLimiters;
    const { windowMs } = options;
    this.byIp = limiters({
      keyPrefix: 'login-ip',
      points: options.maxFailuresPerIp,
      durationMs: windowMs,
      blockDurationMs: windowMs,
    });
    this.byIpAndAccount = limiters({
      keyPrefix: 'login-ip-account',
      points: options.maxFailuresPerIpAndAccount,
      durationMs: windowMs,
      blockDurationMs: windowMs,
    });
    // Counts only; never refuses by itself (penalty, not consume).
    this.failuresByAccount = limiters({
      keyPrefix: 'login-account',
      points: options.slowDownAfterFailures,
      durationMs: windowMs,
    });
    this.accountGate = limiters({ keyPrefix: 'login-account-gate', points: 1, durationMs: options.slowDownMaxMs });
  }

  /**
   * Lets the attempt go on to its password check, counting it as a failure until `succeeded` says
   * otherwise; or throws RateLimitedError with the seconds to wait, before any password is checked.
   */
  async admit(attempt: LoginAttempt): Promise<void> {
    const pair = pairKey(attempt);
    await this.take(this.byIp, attempt.ip, 'Too many failed logins from your address');
    // Refused by its own pair block, the address's point stays spent: hammering costs the hammerer.
    await this.take(this.byIpAndAccount, pair, 'Too many failed logins for this account from your address');
    const { consumedPoints: attemptNumber } = await this.failuresByAccount.penalty(attempt.account);
    const overThreshold = attemptNumber - this.options.slowDownAfterFailures;
    if (overThreshold <= 0) return;
    const delayMs = Math.min(1000 * 2 ** (overThreshold - 1), this.options.slowDownMaxMs);
    const gate = await this.accountGate.penalty(attempt.account, 1, { customDuration: Math.ceil(delayMs / 1000) });
    if (gate.consumedPoints === 1) return;
    // Turned away because of someone else's failures: nothing of this attempt counts, so an
    // owner retrying through a slow-down never blocks their own address.
    await Promise.all([
      this.failuresByAccount.reward(attempt.account),
      this.byIpAndAccount.reward(pair),
      this.byIp.reward(attempt.ip),
    ]);
    throw rateLimitedFor(gate.msBeforeNext, 'Too many failed logins for this account; wait a moment');
  }

  /**
   * The password was right: the account's failures and its pair's count are forgotten, and the
   * address gets its point back — but keeps its other failures, so one good password in between
   * does not reset guessing from that address.
   */
  async succeeded(attempt: LoginAttempt): Promise<void> {
    await Promise.all([
      this.byIp.reward(attempt.ip),
      this.byIpAndAccount.delete(pairKey(attempt)),
      this.failuresByAccount.delete(attempt.account),
      this.accountGate.delete(attempt.account),
    ]);
  }

  private async take(limiter: RateLimiterAbstract, key: string, reason: string): Promise<void> {
    try {
      await limiter.consume(key);
    } catch (error) {
      if (isRefusal(error)) throw rateLimitedFor(error.msBeforeNext, reason);
      throw error;
    }
  }
}

const pairKey = (attempt: LoginAttempt) => `${attempt.ip}|${attempt.account}`;
