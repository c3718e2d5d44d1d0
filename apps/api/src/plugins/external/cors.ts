import cors from '@fastify/cors';
import type { ApiConfig } from '@showfloor/config';
import type { HttpServer } from '@showfloor/server-kit';

/** Every method the API's routes use; @fastify/cors allows only GET, HEAD and POST by default. */
export const corsAllowedMethods = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE'];
/** The headers browser clients send: a bearer token, JSON bodies, and a request id to trace a call. */
export const corsAllowedHeaders = ['authorization', 'content-type', 'x-request-id'];

export async function registerCors(app: HttpServer, config: ApiConfig): Promise<void> {
  const allowAny = config.CORS_ORIGINS.includes('*');
  await app.register(cors, {
    origin: allowAny ? true : config.CORS_ORIGINS,
    credentials: !allowAny,
    methods: corsAllowedMethods,
    allowedHeaders: corsAllowedHeaders,
    exposedHeaders: ['x-request-id', 'retry-after'],
  });
}
