// @showfloor/contracts/internal — service to service only (x-internal-key); never for a browser.
export * from './dashboard-actions.ts';
export * from './internal-http.ts';
export * from './live-session.ts';
export * from './realtime-chat.ts';
export * from './room-broadcast.ts';
export * from './session-audience.ts';
export * from './session-facts.ts';
export * from './session-milestones.ts';
export * from './session-totals.ts';
export * from './session-views.ts';
export * from './token-checks.ts';
export * from './user-pushes.ts';
export * from './viewer-snapshots.ts';
export * from './visitor-events.ts';
export * from './watching-now.ts';
