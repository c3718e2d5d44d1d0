export { type Clock, systemClock } from '@showfloor/server-kit';
// For bench: the checkpoint benchmark plays one node with the service's own code.
export { createInternalApiClient } from './api-client/internal-api-client.ts';
export { createRealtime, type Realtime, type RealtimeDeps, realtimeVersion } from './app.ts';
export { createRealtimeDelivery } from './delivery/realtime-outboxes.ts';
export { checkpointTotalsPeriodically, totalsOf } from './lifecycle/totals-checkpoints.ts';
export { type RunningRealtime, startRealtimeServer } from './server.ts';
export { LiveSession } from './state/live-session.ts';
export { guestIdentity } from './state/viewer-identity.ts';
