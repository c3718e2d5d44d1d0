import { z } from 'zod';

export const apiHealthSchema = z.object({
  status: z.enum(['ok', 'degraded']),
  db: z.enum(['up', 'down']),
  version: z.string(),
  uptimeSeconds: z.number().int().nonnegative(),
});
export type ApiHealth = z.infer<typeof apiHealthSchema>;

export const realtimeHealthSchema = z.object({
  status: z.literal('ok'),
  version: z.string(),
  uptimeSeconds: z.number().int().nonnegative(),
  nodeId: z.string(),
  connections: z.number().int().nonnegative(),
  /** Deliveries to the API waiting to be accepted (snapshots and other flushes). */
  pendingDeliveries: z.number().int().nonnegative(),
  /** Items dropped because the pending buffer was full; should stay 0. */
  droppedDeliveries: z.number().int().nonnegative(),
  liveSessions: z.number().int().nonnegative(),
  reactionsAccepted: z.number().int().nonnegative(),
  /** Reactions refused by the per-socket rate limit. */
  reactionsRateLimited: z.number().int().nonnegative(),
  /** Product clicks and joins refused by their per-socket rate limits. */
  clicksRateLimited: z.number().int().nonnegative(),
  joinsRateLimited: z.number().int().nonnegative(),
});
export type RealtimeHealth = z.infer<typeof realtimeHealthSchema>;
