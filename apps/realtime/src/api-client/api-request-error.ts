import { AppError, errorCodeSchema, ServiceUnavailableError } from '@showfloor/contracts';
import { DeliveryError } from '@showfloor/delivery';

/**
 * A failed call to the API. `retryable` separates "try again later" from "this will never work";
 * being a DeliveryError, it tells an outbox whether to retry, split or give up what it sent.
 */
export class ApiRequestError extends DeliveryError {
  constructor(message: string, retryable: boolean, statusCode?: number, options?: { cause?: unknown }) {
    super(message, retryable, statusCode, options);
    this.name = 'ApiRequestError';
  }
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
