// @showfloor/contracts/errors — browser-safe: the envelope, error codes and the error classes.
export * from '../app-errors.ts';
export * from '../envelope.ts';
export * from '../error-codes.ts';
export * from '../validation-details.ts';
