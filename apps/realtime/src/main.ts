// Entry point of the realtime process: parse config, listen, flush and stop on SIGINT/SIGTERM.
import { ConfigError, loadRealtimeConfig } from '@showfloor/config';
import { createLogger } from '@showfloor/server-kit';
import { startRealtimeServer } from './server.ts';

let config: ReturnType<typeof loadRealtimeConfig>;
try {
  config = loadRealtimeConfig();
} catch (error) {
  if (error instanceof ConfigError) {
    process.stderr.write(`showfloor realtime: ${error.message}\n`);
    process.exit(1);
  }
  throw error;
}

const logger = createLogger({ name: 'realtime', level: config.LOG_LEVEL });
const server = await startRealtimeServer({ config, logger });
logger.info({ url: server.url, api: config.API_INTERNAL_URL, nodeId: config.NODE_ID }, 'realtime listening');

let stopping = false;
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'realtime shutting down: flushing to the API');
    server.close().then(
      () => process.exit(0),
      (error: unknown) => {
        logger.error({ err: error }, 'realtime shutdown failed');
        process.exit(1);
      },
    );
  });
}
