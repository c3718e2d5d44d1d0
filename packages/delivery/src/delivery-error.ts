/**
 * A failed delivery, as the outbox needs to judge it: worth retrying later (`retryable`: the
 * receiver is down, overloaded or timed out), or a verdict on the items sent (`statusCode` says
 * which: 413 too large, another 4xx refused). A client throws it (or a subclass) from `deliver`;
 * any other error counts as retryable.
 */
export class DeliveryError extends Error {
  constructor(
    message: string,
    readonly retryable: boolean,
    readonly statusCode?: number,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'DeliveryError';
  }
}

/** Statuses worth retrying: the receiver is overloaded, restarting, or timed out. */
export function isRetryableStatus(statusCode: number): boolean {
  return statusCode === 408 || statusCode === 429 || statusCode >= 500;
}
