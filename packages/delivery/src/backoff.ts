export interface BackoffPolicy {
  baseMs: number;
  maxMs: number;
}

/**
 * Capped exponential back-off with "equal jitter": half the delay is fixed, half random, so
 * retries from many nodes spread out but never collapse to zero.
 */
export function backoffDelayMs(attempt: number, policy: BackoffPolicy, random: () => number = Math.random): number {
  const exponential = Math.min(policy.maxMs, policy.baseMs * 2 ** Math.max(0, attempt));
  const half = exponential / 2;
  return Math.round(half + random() * half);
}
