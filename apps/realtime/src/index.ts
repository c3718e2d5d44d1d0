export { type Clock, systemClock } from '@showfloor/server-kit';
// For packages/benchmarks: the checkpoint benchmark plays one node with the service's own code.
export { createInternalApiClient } from './api-client/internal-api-client.ts';
export { createRealtime, type Realtime, type RealtimeDeps, realtimeVersion } from './app.ts';
export { createDeliveryPipeline } from './flush/delivery-pipeline.ts';
export { totalsOf } from './flush/session-totals.ts';
export { checkpointTotalsPeriodically } from './flush/totals-checkpointer.ts';
export { type RunningRealtime, startRealtimeServer } from './server.ts';
export { LiveSession } from './state/live-session.ts';
export { guestIdentity } from './state/viewer-identity.ts';
