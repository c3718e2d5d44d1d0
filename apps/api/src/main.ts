// Entry point of the API process.
import { loadApiConfig } from '@showfloor/config';
import { runService } from '@showfloor/server-kit';
import { startApiServer } from './server.ts';

await runService({
  name: 'api',
  loadConfig: () => loadApiConfig(),
  async start(config, logger) {
    const api = await startApiServer({ config, logger });
    logger.info({ url: api.url, internalUrl: api.internalUrl }, 'api listening');
    return api;
  },
});
