import { createLogger, type Logger } from './logger.ts';

export interface ServiceEntry<Config extends { LOG_LEVEL: string }> {
  name: string;
  /** Parses the environment; a thrown error whose message names the bad variables stops start-up. */
  loadConfig(): Config;
  start(config: Config, logger: Logger): Promise<{ close(): Promise<void> }>;
}

/**
 * A service's process entry: parse config (exit 1 with the message when it is bad), start, then
 * on SIGINT/SIGTERM close once — letting the service drain and flush — and exit.
 */
export async function runService<Config extends { LOG_LEVEL: string }>(entry: ServiceEntry<Config>): Promise<void> {
  let config: Config;
  try {
    config = entry.loadConfig();
  } catch (error) {
    process.stderr.write(`showfloor ${entry.name}: ${(error as Error).message}\n`);
    process.exit(1);
  }
  const logger = createLogger({ name: entry.name, level: config.LOG_LEVEL });
  const running = await entry.start(config, logger);

  let stopping = false;
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.on(signal, () => {
      if (stopping) return;
      stopping = true;
      logger.info({ signal }, `${entry.name} shutting down`);
      running.close().then(
        () => process.exit(0),
        (error: unknown) => {
          logger.error({ err: error }, `${entry.name} shutdown failed`);
          process.exit(1);
        },
      );
    });
  }
}
