import { RateLimitedError } from '@showfloor/contracts';

interface Window {
  failures: number;
  resetsAt: number;
}

/**
 * Counts failed logins per key (client IP, and the identifier tried) in fixed windows. Once a key
 * reaches `maxFailures`, logins for it answer 429 with retry-after until its window ends — before
 * any password is checked. In memory: per API instance.
 */
export class LoginThrottle {
  private readonly windows = new Map<string, Window>();

  constructor(
    private readonly maxFailures: number,
    private readonly windowMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  assertAllowed(keys: string[]): void {
    const now = this.now();
    for (const key of keys) {
      const window = this.windows.get(key);
      if (window && window.resetsAt > now && window.failures >= this.maxFailures) {
        const retryAfterSeconds = Math.ceil((window.resetsAt - now) / 1000);
        throw new RateLimitedError(`Too many failed logins; retry in ${retryAfterSeconds} s`, retryAfterSeconds);
      }
    }
  }

  recordFailure(keys: string[]): void {
    const now = this.now();
    this.sweep(now);
    for (const key of keys) {
      const window = this.windows.get(key);
      if (!window || window.resetsAt <= now) this.windows.set(key, { failures: 1, resetsAt: now + this.windowMs });
      else window.failures += 1;
    }
  }

  /** A successful login clears its identifier (not the IP: one good password must not unlock guessing). */
  clear(key: string): void {
    this.windows.delete(key);
  }

  private sweep(now: number): void {
    if (this.windows.size < 10_000) return;
    for (const [key, window] of this.windows) if (window.resetsAt <= now) this.windows.delete(key);
  }
}
