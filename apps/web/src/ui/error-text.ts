import { ApiError } from '@showfloor/client';

/** What a person should read for a failed call: the API's own message where it is meant for people. */
export function errorText(error: unknown): string {
  if (!(error instanceof ApiError)) return 'Something went wrong. Try again.';
  switch (error.code) {
    case 'unauthorized':
      return 'Your session has ended. Sign in again.';
    case 'forbidden':
      return 'You are not allowed to see or change this.';
    case 'not_found':
      return 'This does not exist (or no longer does).';
    case 'rate_limited':
      return error.retryAfter
        ? `Too many tries. Wait ${error.retryAfter} s and try again.`
        : 'Too many tries. Wait a moment.';
    case 'service_unavailable':
      return 'Showfloor cannot be reached right now. Check your connection and try again.';
    case 'internal_error':
      return 'Something went wrong on our side. Try again.';
    default:
      return error.message;
  }
}

/** The message the API gave for one field of a refused form, if any. */
export function fieldError(error: unknown, field: string): string | undefined {
  return error instanceof ApiError ? error.messageFor(field) : undefined;
}

export function isStatus(error: unknown, status: number): boolean {
  return error instanceof ApiError && error.status === status;
}

/**
 * A refused form's message: the API's own words when it judged what was typed (wrong password,
 * taken email, a field out of range), the general text otherwise.
 */
export function formErrorText(error: unknown): string {
  if (error instanceof ApiError && ['validation_failed', 'unauthorized', 'conflict'].includes(error.code)) {
    return error.message;
  }
  return errorText(error);
}
