import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import Fastify, { type FastifyBaseLogger, type FastifyInstance, type RawServerDefault } from 'fastify';
import { serializerCompiler, validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Logger } from 'pino';
import { registerErrorHandlers } from './error-handler.ts';

export type HttpServer = FastifyInstance<
  RawServerDefault,
  IncomingMessage,
  ServerResponse,
  FastifyBaseLogger,
  ZodTypeProvider
>;

export interface HttpServerOptions {
  logger: Logger;
  bodyLimitBytes?: number;
  /** X-Forwarded-For hops to trust for `request.ip`; 0 trusts none. */
  trustProxyHops?: number;
}

const requestIdPattern = /^[\w.:-]{1,128}$/;

/**
 * The Fastify base both services share: pino with request ids (an incoming `x-request-id` is kept
 * so one id follows a call across services), zod validation and serialization, the error envelope.
 */
export function createHttpServer(options: HttpServerOptions): HttpServer {
  const app = Fastify({
    loggerInstance: options.logger as FastifyBaseLogger,
    bodyLimit: options.bodyLimitBytes ?? 1_048_576,
    // Trust exactly N proxy hops of X-Forwarded-For (what a numeric trustProxy means).
    trustProxy: (_address: string, hop: number) => hop < (options.trustProxyHops ?? 0),
    requestIdHeader: 'x-request-id',
    genReqId: (request) => {
      const incoming = request.headers['x-request-id'];
      return typeof incoming === 'string' && requestIdPattern.test(incoming) ? incoming : randomUUID();
    },
  }).withTypeProvider<ZodTypeProvider>();
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  app.addHook('onSend', async (request, reply) => {
    reply.header('x-request-id', request.id);
  });
  registerErrorHandlers(app);
  return app;
}
