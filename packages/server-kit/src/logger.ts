import pino, { type DestinationStream, type Logger } from 'pino';
import { requestContext } from './request-context.ts';

export type { Logger };

export interface LoggerOptions {
  name: string;
  level: string;
  /** Where lines go (default stdout); tests read them from memory. */
  destination?: DestinationStream;
}

// Fastify's per-request children already carry `reqId`; every other line gets it from the context.
const { chindingsSym } = pino.symbols;
const reqIdBinding = '"reqId":';

/**
 * One pino logger per service; Fastify derives per-request children carrying `reqId`, and any
 * other logger (a service's, a socket handler's, an outbox's) stamps the id of the call it runs
 * in, so a call's lines share one id across modules and services.
 */
export function createLogger(options: LoggerOptions): Logger {
  const pinoOptions: pino.LoggerOptions = {
    name: options.name,
    level: options.level,
    mixin(_object, _level, logger) {
      const requestId = requestContext.currentId();
      if (requestId === undefined) return {};
      const bindings = (logger as unknown as Record<symbol, string | undefined>)[chindingsSym] ?? '';
      return bindings.includes(reqIdBinding) ? {} : { reqId: requestId };
    },
    redact: {
      paths: [
        'req.headers.authorization',
        'req.headers["x-internal-key"]',
        'req.headers.cookie',
        '*.password',
        '*.passwordHash',
        '*.refreshToken',
      ],
      censor: '[redacted]',
    },
  };
  return options.destination ? pino(pinoOptions, options.destination) : pino(pinoOptions);
}
