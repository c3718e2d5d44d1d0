import helmet from '@fastify/helmet';
import type { HttpServer } from '@showfloor/server-kit';

/** helmet's defaults; the docs page brings its own CSP (see openapi-docs.ts). */
export async function registerSecurityHeaders(app: HttpServer): Promise<void> {
  await app.register(helmet, { global: true });
}
