import underPressure from '@fastify/under-pressure';
import type { ApiConfig } from '@showfloor/config';
import { ServiceUnavailableError } from '@showfloor/contracts';
import type { HttpServer } from '@showfloor/server-kit';

/**
 * Load shedding (@fastify/under-pressure): while the event loop is this late, public requests are
 * refused at once with 503 and Retry-After — a client told to come back in a second beats one
 * whose answer arrives after it gave up, and the requests already accepted finish in time. The
 * services' own calls (/internal) and health checks are never refused: they carry what was
 * already accepted (snapshots, totals) and tell the load balancer how this process is.
 */
export async function registerLoadShedding(app: HttpServer, config: ApiConfig): Promise<void> {
  if (config.LOAD_SHED_EVENT_LOOP_DELAY_MS === 0) return;
  await app.register(underPressure, {
    maxEventLoopDelay: config.LOAD_SHED_EVENT_LOOP_DELAY_MS,
    sampleInterval: 250,
    pressureHandler: async (request) => {
      if (!request.url.startsWith('/api/')) return;
      throw new ServiceUnavailableError('The server is overloaded; try again in a moment', 1);
    },
  });
}
