import { createLogger, type Logger } from '@showfloor/server-kit';

// biome-ignore lint/suspicious/noExplicitAny: log lines are arbitrary JSON
export type LogLine = Record<string, any>;

/**
 * A service logger (the one the services build, redaction and request ids included) whose lines
 * are kept in memory, parsed, so a test can read what an operator would search for.
 */
export function capturedLogger(name: string, level = 'info'): { logger: Logger; lines: LogLine[] } {
  const lines: LogLine[] = [];
  const destination = {
    write(chunk: string) {
      for (const line of chunk.split('\n')) if (line.trim()) lines.push(JSON.parse(line) as LogLine);
    },
  };
  return { logger: createLogger({ name, level, destination }), lines };
}

/** The request ids of the requests a service received on `path`, in the order they arrived. */
export function requestIdsReceived(lines: readonly LogLine[], method: string, path: string): string[] {
  return lines
    .filter((line) => line.msg === 'incoming request' && line.req?.method === method && line.req?.url === path)
    .map((line) => String(line.reqId));
}
