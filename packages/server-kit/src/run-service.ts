import { closeGracefully } from './graceful-shutdown.ts';
import { createLogger, type Logger } from './logger.ts';

export interface ServiceEntry<Config extends { LOG_LEVEL: string }> {
  name: string;
  /** Parses the environment; a thrown error whose message names the bad variables stops start-up. */
  loadConfig(): Config;
  start(config: Config, logger: Logger): Promise<{ close(): Promise<void> }>;
}

/**
 * A service's process entry: parse config (exit 1 with the message when it is bad), start, then
 * close once when stopped (see closeGracefully) — letting the service drain and flush — and exit.
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
  closeGracefully({ name: entry.name, logger }, () => running.close());
}
