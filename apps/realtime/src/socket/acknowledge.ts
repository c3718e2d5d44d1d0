import {
  type AckCallback,
  AppError,
  detailsFromZodIssues,
  type SocketAck,
  summarizeDetails,
  ValidationError,
} from '@showfloor/contracts';
import type { Logger } from '@showfloor/server-kit';
import type { z } from 'zod';

/** Parses a socket payload with its contract schema, or throws a ValidationError naming the field. */
export function parsePayload<T extends z.ZodType>(schema: T, payload: unknown): z.output<T> {
  const result = schema.safeParse(payload);
  if (result.success) return result.data;
  const details = detailsFromZodIssues(result.error.issues);
  throw new ValidationError(`Invalid payload: ${summarizeDetails(details)}`, details);
}

/**
 * Runs an event handler and answers its optional ack with `{ ok, data }` or `{ ok, error }`.
 * Only AppErrors reach the client; anything else is logged and masked as internal_error.
 */
export async function acknowledge<T>(
  ack: AckCallback<T> | undefined,
  logger: Logger,
  handler: () => T | Promise<T>,
): Promise<void> {
  let response: SocketAck<T>;
  try {
    response = { ok: true, data: await handler() };
  } catch (error) {
    if (error instanceof AppError) {
      response = {
        ok: false,
        error: { code: error.code, message: error.message, ...(error.details ? { details: error.details } : {}) },
      };
    } else {
      logger.error({ err: error }, 'socket handler failed');
      response = { ok: false, error: { code: 'internal_error', message: 'Something went wrong on our side' } };
    }
  }
  if (typeof ack === 'function') ack(response);
}
