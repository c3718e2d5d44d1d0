// @showfloor/contracts/socket — browser-safe: Socket.IO event names, payloads, acks and event maps.
export * from './room-events.ts';
export * from './socket-ack.ts';
export * from './socket-events.ts';
export * from './user-events.ts';
export * from './visitors.ts';
