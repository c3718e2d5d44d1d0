export { type Clock, systemClock } from '@showfloor/server-kit';
export { createRealtime, type Realtime, type RealtimeDeps, realtimeVersion } from './app.ts';
export { type RunningRealtime, startRealtimeServer } from './server.ts';
