export { type Clock, systemClock } from './clock.ts';
export {
  connectionsCheckingIntervalFor,
  createHttpServer,
  type HttpServer,
  type HttpServerOptions,
} from './create-http-server.ts';
export { isDatabaseUnavailable } from './database-unavailable.ts';
export {
  databaseRetryAfterSeconds,
  type ErrorResponse,
  registerErrorHandlers,
  sendError,
  toErrorResponse,
} from './error-handler.ts';
export { closeGracefully, type GracefulShutdownOptions } from './graceful-shutdown.ts';
export { createInternalKeyGuard, internalKeyMatches } from './internal-key-guard.ts';
export { createLogger, type Logger, type LoggerOptions } from './logger.ts';
export { readPackageVersion } from './package-version.ts';
export { type ProcessPeers, singleProcess } from './process-peers.ts';
export {
  createRateLimiterStore,
  inMemoryRateLimiters,
  type RateLimiterFactory,
  type RateLimiterSpec,
  type RateLimiterStore,
} from './rate-limiter-store.ts';
export { connectRedisAtStart, createRedisClient, type RedisClient } from './redis-connection.ts';
export { acceptableRequestId, requestContext, requestIdHeader } from './request-context.ts';
export { runService, type ServiceEntry } from './run-service.ts';
