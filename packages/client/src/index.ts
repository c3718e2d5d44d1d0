export {
  type ApiClient,
  type ApiClientOptions,
  type CallOptions,
  createApiClient,
  type RouteCall,
  type RouteCalls,
  type RouteInput,
  type RouteResult,
} from './api-client.ts';
export {
  ApiError,
  type ApiErrorInit,
  apiErrorFromAck,
  apiErrorFromResponse,
  errorCodeForStatus,
  parseRetryAfter,
} from './api-error.ts';
export {
  createRealtimeSocket,
  type RealtimeSocket,
  type RealtimeSocketOptions,
  requestAck,
  sendCommand,
} from './realtime-socket.ts';
export { buildRequestUrl } from './request-url.ts';
export { type AuthTokens, memoryTokenStore, type TokenStore } from './tokens.ts';
export {
  createVisitorsSocket,
  sendVisitorsCommand,
  type VisitorsSocket,
  type VisitorsSocketOptions,
} from './visitors-socket.ts';
