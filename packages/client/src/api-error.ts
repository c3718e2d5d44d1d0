import {
  AppError,
  type ErrorBody,
  type ErrorCode,
  type ErrorDetail,
  errorEnvelopeSchema,
  httpStatusByErrorCode,
} from '@showfloor/contracts/errors';

export interface ApiErrorInit {
  /** The HTTP status; undefined for a socket ack or when the service could not be reached. */
  status?: number | undefined;
  details?: readonly ErrorDetail[] | undefined;
  /** Seconds to wait before the same call is expected to work (`Retry-After`). */
  retryAfter?: number | undefined;
  /** The `x-request-id` the API answered with: one log search shows the call's whole path. */
  requestId?: string | undefined;
  cause?: unknown;
}

/**
 * Every failure of a call, REST or socket, as one value: the contracts' error `code` (the same
 * codes the API and the realtime acks use), a message safe to show, `details[].field` naming each
 * refused field, and — for HTTP — the status, `retryAfter` and the request id.
 */
export class ApiError extends AppError {
  declare readonly details: ErrorDetail[];
  readonly status: number | undefined;
  readonly retryAfter: number | undefined;
  readonly requestId: string | undefined;

  constructor(code: ErrorCode, message: string, init: ApiErrorInit = {}) {
    super(code, message, [...(init.details ?? [])]);
    if (init.cause !== undefined) Object.defineProperty(this, 'cause', { value: init.cause, enumerable: false });
    this.status = init.status;
    this.retryAfter = init.retryAfter;
    this.requestId = init.requestId;
  }

  /** The message of the first detail naming `field` (e.g. `email`, `productIds.2`), if any. */
  messageFor(field: string): string | undefined {
    return this.details.find((detail) => detail.field === field)?.message;
  }
}

const codeByStatus = new Map<number, ErrorCode>(
  Object.entries(httpStatusByErrorCode).map(([code, status]) => [status, code as ErrorCode]),
);

/** For an answer without the envelope (a proxy's 502, say): the code the API would have used. */
export function errorCodeForStatus(status: number): ErrorCode {
  const known = codeByStatus.get(status);
  if (known) return known;
  if (status === 502 || status === 504) return 'service_unavailable';
  return status >= 500 ? 'internal_error' : 'validation_failed';
}

/** `Retry-After` in seconds: delta-seconds, or an HTTP date counted from `now`. */
export function parseRetryAfter(header: string | null, now = Date.now()): number | undefined {
  if (header === null || header.trim() === '') return undefined;
  if (/^\d+$/.test(header.trim())) return Number(header.trim());
  const at = Date.parse(header);
  return Number.isNaN(at) ? undefined : Math.max(0, Math.ceil((at - now) / 1000));
}

/** A non-2xx answer as an ApiError: the envelope's code, message and details when it has one. */
export function apiErrorFromResponse(status: number, headers: Headers, body: unknown): ApiError {
  const init = {
    status,
    retryAfter: parseRetryAfter(headers.get('retry-after')),
    requestId: headers.get('x-request-id') ?? undefined,
  };
  const envelope = errorEnvelopeSchema.safeParse(body);
  if (envelope.success) {
    const { code, message, details } = envelope.data.error;
    return new ApiError(code, message, { ...init, details });
  }
  return new ApiError(errorCodeForStatus(status), `The API answered ${status} without an error envelope`, init);
}

/** A socket ack's `{ ok: false, error }` as an ApiError (no HTTP status). */
export function apiErrorFromAck(error: ErrorBody): ApiError {
  return new ApiError(error.code, error.message, { details: error.details });
}
