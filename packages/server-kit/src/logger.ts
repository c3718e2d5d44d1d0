import pino, { type Logger } from 'pino';

export type { Logger };

export interface LoggerOptions {
  name: string;
  level: string;
}

/** One pino logger per service; Fastify derives per-request children carrying `reqId`. */
export function createLogger(options: LoggerOptions): Logger {
  return pino({
    name: options.name,
    level: options.level,
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
  });
}
