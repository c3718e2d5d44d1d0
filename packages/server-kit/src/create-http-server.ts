import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import Fastify, { type FastifyBaseLogger, type FastifyInstance, LogController, type RawServerDefault } from 'fastify';
import { serializerCompiler, validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Logger } from 'pino';
import { handleClientError } from './client-error-handler.ts';
import { registerErrorHandlers, sendError } from './error-handler.ts';
import { acceptableRequestId, requestContext, requestIdHeader } from './request-context.ts';

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
  /**
   * A request whose headers and body have not fully arrived within this many milliseconds is
   * answered 408 and its connection closed; unset or 0 means no limit (Node's default).
   */
  requestTimeoutMs?: number;
  /**
   * Paths whose requests are not logged on arrival and completion (their errors still are): hot
   * paths where two log lines would cost more than the request.
   */
  unloggedPaths?: readonly string[];
}

/**
 * Node only looks for expired requests every `connectionsCheckingInterval` (30 s by default), so a
 * 30 s timeout could let a request live for 60 s. Checking at a tenth of the timeout (between
 * 50 ms and 5 s) keeps the overshoot small at the cost of one pass over open connections per check.
 */
export function connectionsCheckingIntervalFor(requestTimeoutMs: number): number {
  return Math.min(5_000, Math.max(50, Math.floor(requestTimeoutMs / 10)));
}

function unloggedRequests(paths: readonly string[]): (request: { url?: string }) => boolean {
  const unlogged = new Set(paths);
  return (request) => unlogged.has((request.url ?? '').split('?', 1)[0] as string);
}

/**
 * The Fastify base both services share: pino with request ids (an incoming `x-request-id` is kept
 * so one id follows a call across services, and every handler runs in `requestContext` under it),
 * zod validation and serialization, the error envelope.
 */
export function createHttpServer(options: HttpServerOptions): HttpServer {
  const requestTimeout = options.requestTimeoutMs ?? 0;
  const app = Fastify({
    loggerInstance: options.logger as FastifyBaseLogger,
    bodyLimit: options.bodyLimitBytes ?? 1_048_576,
    // Trust exactly N proxy hops of X-Forwarded-For (what a numeric trustProxy means).
    trustProxy: (_address: string, hop: number) => hop < (options.trustProxyHops ?? 0),
    // genReqId alone decides: with a header name set, Fastify would take any incoming value as is.
    requestIdHeader: false,
    genReqId: (request) => acceptableRequestId(request.headers[requestIdHeader]) ?? randomUUID(),
    requestTimeout,
    ...(options.unloggedPaths?.length
      ? { logController: new LogController({ disableRequestLogging: unloggedRequests(options.unloggedPaths) }) }
      : {}),
    // Also given to Node's constructor, which derives headersTimeout from it. Fastify only sets
    // requestTimeout on the server afterwards, leaving headersTimeout at 60 s, and Node 20 then
    // never cut a dripping body off (it was still being read after minutes).
    ...(requestTimeout > 0
      ? { http: { requestTimeout, connectionsCheckingInterval: connectionsCheckingIntervalFor(requestTimeout) } }
      : {}),
    // The router's own refusals (a malformed URL, a path parameter too long) use the envelope too.
    frameworkErrors: (error, request, reply) => sendError(error, request, reply),
    clientErrorHandler: handleClientError,
  }).withTypeProvider<ZodTypeProvider>();
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  // Every later hook, the handler and whatever they start run under the request's id (the body
  // parser's callbacks included: a test sends the body over a real connection to keep that true).
  app.addHook('onRequest', (request, _reply, done) => requestContext.run(request.id, done));
  app.addHook('onSend', async (request, reply) => {
    reply.header(requestIdHeader, request.id);
  });
  registerErrorHandlers(app);
  return app;
}
