import closeWithGrace from 'close-with-grace';
import type { Logger } from './logger.ts';

export interface GracefulShutdownOptions {
  /** Names the process in the log lines. */
  name: string;
  logger: Logger;
  /**
   * A worker of several processes: SIGINT and SIGHUP (a Ctrl-C, the terminal going away, which reach
   * the whole process group) are left to the primary, which stops the workers with SIGTERM.
   */
  terminalSignalsFromPrimary?: boolean;
}

const terminalSignals = ['SIGINT', 'SIGHUP'] as const;

/**
 * The one place a Showfloor process reacts to being stopped. On SIGINT, SIGTERM, SIGHUP (the
 * terminal went away) and the other termination signals, and on an uncaught exception or
 * unhandled rejection, `close` runs once; then the process exits — 0 after a signal and a clean
 * close, 1 after an error or a close that failed. A second signal while closing exits 1 at once
 * (a second Ctrl-C). There is no overall timer: each service bounds its own shutdown (the
 * realtime service by SHUTDOWN_FLUSH_TIMEOUT_MS), and a timer here would cut its flush short.
 */
export function closeGracefully(options: GracefulShutdownOptions, close: () => Promise<void>): { close(): void } {
  const { name, logger } = options;
  if (options.terminalSignalsFromPrimary)
    for (const signal of terminalSignals)
      process.on(signal, () => {
        // Ignored here (the default action would end the process mid-request): the primary stops us.
      });
  return closeWithGrace(
    {
      delay: false,
      logger: false,
      skip: options.terminalSignalsFromPrimary ? [...terminalSignals] : [],
      onSecondSignal: (signal) =>
        logger.warn({ signal }, `${name}: second ${signal}, exiting before shutdown finished`),
      onSecondError: (error) => logger.error({ err: error }, `${name}: another error while shutting down, exiting`),
    },
    async ({ signal, err }) => {
      if (err) logger.fatal({ err }, `${name}: unexpected error, shutting down`);
      else logger.info({ signal }, `${name} shutting down`);
      try {
        await close();
      } catch (error) {
        logger.error({ err: error }, `${name} shutdown failed`);
        throw error;
      }
    },
  );
}
