import {
  AppError,
  detailsFromZodIssues,
  type ErrorBody,
  type ErrorDetail,
  httpStatusByErrorCode,
  RateLimitedError,
  ServiceUnavailableError,
  summarizeDetails,
} from '@showfloor/contracts';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { ZodError } from 'zod';
import { isDatabaseUnavailable } from './database-unavailable.ts';

const validationPartNames: Record<string, string> = {
  body: 'body',
  querystring: 'query',
  params: 'params',
  headers: 'headers',
};

/** How long a client should wait before retrying after the database connection was lost. */
export const databaseRetryAfterSeconds = 2;

export interface ErrorResponse {
  statusCode: number;
  body: ErrorBody;
  /** Sent as `Retry-After`: the same request is expected to work after this many seconds. */
  retryAfterSeconds?: number;
}

/** Maps anything thrown in a route to the one error envelope; internals never reach the client. */
export function toErrorResponse(error: unknown): ErrorResponse {
  if (error instanceof AppError) {
    return {
      statusCode: httpStatusByErrorCode[error.code],
      body: { code: error.code, message: error.message, ...(error.details ? { details: error.details } : {}) },
      ...((error instanceof RateLimitedError || error instanceof ServiceUnavailableError) &&
      error.retryAfterSeconds !== undefined
        ? { retryAfterSeconds: error.retryAfterSeconds }
        : {}),
    };
  }
  if (hasZodFastifySchemaValidationErrors(error)) {
    const part = validationPartNames[(error as { validationContext?: string }).validationContext ?? 'body'] ?? 'body';
    const details: ErrorDetail[] = error.validation.flatMap((issue) => {
      const path = issue.instancePath.split('/').filter(Boolean);
      const unknownKeys = (issue.params as { keys?: unknown }).keys;
      // An unknown key is the offending field itself, so name it rather than its parent object.
      if (issue.keyword === 'unrecognized_keys' && Array.isArray(unknownKeys)) {
        return unknownKeys.map((key) => ({
          field: [...path, String(key)].join('.'),
          message: 'is not an accepted field',
        }));
      }
      return [{ field: path.join('.'), message: issue.message ?? 'is invalid' }];
    });
    return validationResponse(`Invalid ${part}: ${summarizeDetails(details)}`, details);
  }
  if (error instanceof ZodError) {
    const details = detailsFromZodIssues(error.issues);
    return validationResponse(`Invalid input: ${summarizeDetails(details)}`, details);
  }
  if (isDatabaseUnavailable(error)) {
    return {
      statusCode: 503,
      body: { code: 'service_unavailable', message: 'The database is unavailable for a moment; try again shortly' },
      retryAfterSeconds: databaseRetryAfterSeconds,
    };
  }
  const fastifyError = error as Partial<FastifyError>;
  switch (fastifyError.code) {
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return validationResponse('Malformed JSON body', [{ field: '', message: 'body is not valid JSON' }]);
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return { statusCode: 415, body: { code: 'validation_failed', message: 'Unsupported content type' } };
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return { statusCode: 413, body: { code: 'payload_too_large', message: 'Request body is too large' } };
    // Raised by the router before any route runs (Fastify's `frameworkErrors`); the message
    // would echo the whole URL back, so it is replaced.
    case 'FST_ERR_BAD_URL':
      return {
        statusCode: 400,
        body: { code: 'validation_failed', message: 'Malformed URL (invalid percent-encoding)' },
      };
    case 'FST_ERR_MAX_PARAM_LENGTH':
      return {
        statusCode: 414,
        body: { code: 'validation_failed', message: 'A path parameter in the URL is too long' },
      };
  }
  if (fastifyError.statusCode === 429) {
    return { statusCode: 429, body: { code: 'rate_limited', message: fastifyError.message ?? 'Too many requests' } };
  }
  if (fastifyError.statusCode && fastifyError.statusCode >= 400 && fastifyError.statusCode < 500) {
    return {
      statusCode: fastifyError.statusCode,
      body: { code: 'validation_failed', message: fastifyError.message ?? 'Bad request' },
    };
  }
  return { statusCode: 500, body: { code: 'internal_error', message: 'Something went wrong on our side' } };
}

function validationResponse(message: string, details: ErrorDetail[]): ErrorResponse {
  return { statusCode: 400, body: { code: 'validation_failed' as const, message, details } };
}

/** Answers `error` with the envelope: the one path for route errors and the router's own. */
export function sendError(error: unknown, request: FastifyRequest, reply: FastifyReply): FastifyReply {
  const { statusCode, body, retryAfterSeconds } = toErrorResponse(error);
  // A refusal the code chose (an AppError: a full queue, a missed deadline) is the service working
  // as designed, counted where it happens; logged per request as an error it would flood the log
  // exactly when the service is busiest. Anything else that reaches here is a bug.
  if (statusCode >= 500 && !(error instanceof AppError)) request.log.error({ err: error }, 'request failed');
  else request.log.info({ code: body.code, statusCode }, body.message);
  if (retryAfterSeconds !== undefined) reply.header('retry-after', String(retryAfterSeconds));
  return reply.status(statusCode).send({ success: false, error: body });
}

export function registerErrorHandlers(app: FastifyInstance): void {
  app.setErrorHandler((error: unknown, request: FastifyRequest, reply: FastifyReply) =>
    sendError(error, request, reply),
  );
  app.setNotFoundHandler((request, reply) =>
    reply.status(404).send({
      success: false,
      error: { code: 'not_found', message: `Route ${request.method} ${request.url.split('?')[0]} not found` },
    }),
  );
}
