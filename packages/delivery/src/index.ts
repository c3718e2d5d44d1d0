export { type BackoffPolicy, backoffDelayMs } from './backoff.ts';
export { DeliveryError, isRetryableStatus } from './delivery-error.ts';
export {
  DeliveryOutbox,
  type DeliveryOutboxOptions,
  type GiveUpReason,
  type OutboxStats,
  type WhenDeliveredOptions,
} from './delivery-outbox.ts';
export { createOutboxSpool, type OutboxSpool } from './outbox-spool.ts';
