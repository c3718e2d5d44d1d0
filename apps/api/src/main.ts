// Entry point of the API process.
import { loadApiConfig } from '@showfloor/config';
import { runService } from '@showfloor/server-kit';
import { startApiServer } from './server.ts';

await runService({
  name: 'api',
  loadConfig: () => loadApiConfig(),
  processes: (config) => config.API_PROCESSES,
  async start(config, logger, peers) {
    const api = await startApiServer({ config, logger, peers });
    logger.info({ url: api.url, internalUrl: api.internalUrl }, 'api listening');
    return api;
  },
});
