// @showfloor/contracts/rules — browser-safe: pure domain rules both services and the web app apply.
export * from './age-band.ts';
export * from './click-through-rate.ts';
export * from './display-name.ts';
export * from './on-air.ts';
export * from './ownership.ts';
export * from './reaction-ranking.ts';
export * from './watch-duration.ts';
