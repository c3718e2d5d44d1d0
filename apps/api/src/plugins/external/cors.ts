import cors from '@fastify/cors';
import type { ApiConfig } from '@showfloor/config';
import type { HttpServer } from '@showfloor/server-kit';

export async function registerCors(app: HttpServer, config: ApiConfig): Promise<void> {
  const allowAny = config.CORS_ORIGINS.includes('*');
  await app.register(cors, {
    origin: allowAny ? true : config.CORS_ORIGINS,
    credentials: !allowAny,
    exposedHeaders: ['x-request-id', 'retry-after'],
  });
}
