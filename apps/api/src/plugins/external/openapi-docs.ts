import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { HttpServer } from '@showfloor/server-kit';
import { jsonSchemaTransform } from 'fastify-type-provider-zod';

/**
 * The OpenAPI document, generated from the same zod schemas that validate requests and filter
 * responses: `/docs` (UI) and `/docs/json`. Registered before any route so it sees them all.
 */
export async function registerOpenApiDocs(app: HttpServer, version: string): Promise<void> {
  await app.register(swagger, {
    openapi: {
      info: {
        title: 'Showfloor API',
        description: 'Live shopping streams with real-time audience analytics.',
        version,
      },
      components: {
        securitySchemes: { bearerAuth: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' } },
      },
    },
    transform: jsonSchemaTransform,
  });
  await app.register(swaggerUi, { routePrefix: '/docs', staticCSP: true });
}
