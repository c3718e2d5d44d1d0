import type { ApiConfig } from '@showfloor/config';
import { createPrismaClient, type PrismaClient } from '@showfloor/db';
import { type HttpServer, type Logger, type ProcessPeers, singleProcess } from '@showfloor/server-kit';
import { buildApp } from './app.ts';
import { startScheduledJobs } from './scheduled-jobs.ts';
import { createCacheEvictions } from './shared/cache-evictions.ts';

export interface RunningApi {
  /** Public URL, and the internal one (the same unless INTERNAL_PORT is set). */
  url: string;
  internalUrl: string;
  close(): Promise<void>;
}

export interface StartApiOptions {
  config: ApiConfig;
  logger: Logger;
  prisma?: PrismaClient;
  /** The other API processes of this host (API_PROCESSES); none by default. */
  peers?: ProcessPeers;
}

/**
 * Listens on PORT (and INTERNAL_PORT when set); `close` drains requests, then the database pool.
 * The scheduled jobs run in the first process only: several processes would repeat their work.
 */
export async function startApiServer({
  config,
  logger,
  prisma: givenPrisma,
  peers = singleProcess,
}: StartApiOptions): Promise<RunningApi> {
  const prisma =
    givenPrisma ?? createPrismaClient({ databaseUrl: config.DATABASE_URL, maxConnections: config.DATABASE_POOL_MAX });
  const separateInternal = config.INTERNAL_PORT !== undefined;
  const evictions = createCacheEvictions({ peers, logger });
  const servers: HttpServer[] = [];
  try {
    const publicApp = await buildApp({
      config,
      prisma,
      logger,
      evictions,
      process: { index: peers.index, count: peers.size },
      surfaces: { public: true, internal: !separateInternal },
    });
    servers.push(publicApp);
    const url = await publicApp.listen({ host: config.HOST, port: config.PORT });
    let internalUrl = url;
    if (separateInternal) {
      const internalApp = await buildApp({
        config,
        prisma,
        logger: logger.child({ surface: 'internal' }),
        evictions,
        process: { index: peers.index, count: peers.size },
        surfaces: { public: false, internal: true },
      });
      servers.push(internalApp);
      internalUrl = await internalApp.listen({ host: config.HOST, port: config.INTERNAL_PORT });
    }
    const jobs = peers.index === 0 ? startScheduledJobs({ config, prisma, logger }) : undefined;
    return {
      url,
      internalUrl,
      async close() {
        await jobs?.stop();
        await Promise.all(servers.map((server) => server.close()));
        if (!givenPrisma) await prisma.$disconnect();
      },
    };
  } catch (error) {
    await Promise.all(servers.map((server) => server.close()));
    if (!givenPrisma) await prisma.$disconnect();
    throw error;
  }
}
