// Entry point of the realtime process. On SIGTERM it flushes what it counted to the API first.
import { loadRealtimeConfig } from '@showfloor/config';
import { runService } from '@showfloor/server-kit';
import { startRealtimeServer } from './server.ts';

await runService({
  name: 'realtime',
  loadConfig: () => loadRealtimeConfig(),
  async start(config, logger) {
    const server = await startRealtimeServer({ config, logger });
    logger.info({ url: server.url, api: config.API_INTERNAL_URL, nodeId: config.NODE_ID }, 'realtime listening');
    return server;
  },
});
