// Entry point of the API process: parse config, listen, stop cleanly on SIGINT/SIGTERM.
import { ConfigError, loadApiConfig } from '@showfloor/config';
import { createLogger } from '@showfloor/server-kit';
import { startApiServer } from './server.ts';

let config: ReturnType<typeof loadApiConfig>;
try {
  config = loadApiConfig();
} catch (error) {
  if (error instanceof ConfigError) {
    process.stderr.write(`showfloor api: ${error.message}\n`);
    process.exit(1);
  }
  throw error;
}

const logger = createLogger({ name: 'api', level: config.LOG_LEVEL });
const api = await startApiServer({ config, logger });
logger.info({ url: api.url, internalUrl: api.internalUrl }, 'api listening');

let stopping = false;
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'api shutting down');
    api.close().then(
      () => process.exit(0),
      (error: unknown) => {
        logger.error({ err: error }, 'api shutdown failed');
        process.exit(1);
      },
    );
  });
}
