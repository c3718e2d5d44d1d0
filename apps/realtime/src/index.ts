export { createRealtime, type Realtime, type RealtimeDeps, realtimeVersion } from './app.ts';
export { type Clock, systemClock } from './clock.ts';
export { type RunningRealtime, startRealtimeServer } from './server.ts';
