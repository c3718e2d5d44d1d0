import { AppError, errorCodeSchema, ServiceUnavailableError } from '@showfloor/contracts';

/** A failed call to the API. `retryable` separates "try again later" from "this will never work". */
export class ApiRequestError extends Error {
  constructor(
    message: string,
    readonly retryable: boolean,
    readonly statusCode?: number,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'ApiRequestError';
  }
}

/** Statuses worth retrying: the API is overloaded, restarting, or timed out. */
export function isRetryableStatus(statusCode: number): boolean {
  return statusCode === 408 || statusCode === 429 || statusCode >= 500;
}

/**
 * The API's refusal as an AppError with the API's own code and message (for socket acks), or a
 * service_unavailable when the API could not be reached or failed.
 */
export function appErrorFromApi(error: unknown): AppError {
  if (error instanceof ApiRequestError && error.statusCode !== undefined && error.statusCode < 500) {
    const body = error.cause as { code?: string; message?: string } | undefined;
    const code = errorCodeSchema.safeParse(body?.code);
    if (code.success) return new AppError(code.data, body?.message ?? 'Refused by the API');
  }
  return new ServiceUnavailableError('The service is unavailable right now; try again');
}
