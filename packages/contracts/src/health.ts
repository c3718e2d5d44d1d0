import { z } from 'zod';

const itemCount = z.number().int().nonnegative();

export const apiHealthSchema = z.object({
  status: z.enum(['ok', 'degraded']),
  db: z.enum(['up', 'down']),
  version: z.string(),
  uptimeSeconds: z.number().int().nonnegative(),
  /** Which of the host's API processes (API_PROCESSES) answered: the counters below are its own. */
  process: z.object({ index: z.number().int().nonnegative(), count: z.number().int().positive() }),
  /** Room events waiting for the realtime service (they go in order, retried with back-off). */
  pendingPushes: itemCount,
  /** Room events given up (outbox full, refused, too large; each logged at error); should stay 0. */
  droppedPushes: itemCount,
  /** Events for single users' tabs (notifications, activities, unread counts): waiting, and given up. */
  userPushes: z.object({ pending: itemCount, dropped: itemCount }),
  /** Tracked feature events accepted and not yet committed, and requests refused with 503 since start (by why). */
  trackedEvents: z.object({
    pending: itemCount,
    committed: itemCount,
    refused: z.object({ queueFull: itemCount, deadline: itemCount, commitFailed: itemCount, closing: itemCount }),
  }),
  /** Visitor events from the realtime collector (seed 002): waiting, committed since start (new or redelivered), refused with 503. */
  visitorEvents: z.object({
    pending: itemCount,
    committed: itemCount,
    refused: z.object({ queueFull: itemCount, deadline: itemCount, commitFailed: itemCount, closing: itemCount }),
  }),
  /**
   * The in-memory visitor index (the reads the rollups cannot answer): `off` when
   * VISITOR_INDEX_MAX_PAGEVIEWS is 0, `loading` at start, `failed` while its load keeps failing
   * (reads use PostgreSQL meanwhile). Reads from `coveredFrom` on are answered from it.
   */
  visitorIndex: z.object({
    state: z.enum(['off', 'loading', 'ready', 'failed']),
    sessions: itemCount,
    pageviews: itemCount,
    days: itemCount,
    coveredFrom: z.string().nullable(),
    seq: itemCount,
    bytes: itemCount,
    loadMs: z.number().nonnegative().nullable(),
  }),
});
export type ApiHealth = z.infer<typeof apiHealthSchema>;

/** `GET /health/live` (the API and the realtime service alike): the process answers; nothing behind it is checked. */
export const apiLivenessSchema = z.object({ status: z.literal('ok') });

/** One delivery outbox of a realtime node: what waits for the API, what it took, what was given up. */
export const outboxHealthSchema = z.object({
  pending: itemCount,
  delivered: itemCount,
  /** Items given up (each logged at error with its key): buffer full, refused by the API as invalid, too large. */
  givenUp: z.object({ bufferFull: itemCount, refused: itemCount, tooLarge: itemCount }),
  /** Delivery attempts that failed and were retried later. */
  failedAttempts: itemCount,
});
export type OutboxHealth = z.infer<typeof outboxHealthSchema>;

export const realtimeHealthSchema = z.object({
  status: z.literal('ok'),
  version: z.string(),
  uptimeSeconds: z.number().int().nonnegative(),
  nodeId: z.string(),
  connections: z.number().int().nonnegative(),
  /** Deliveries to the API waiting to be accepted (snapshots and other flushes). */
  pendingDeliveries: z.number().int().nonnegative(),
  /** Items given up for any reason (buffer full, refused, too large), over every outbox; should stay 0. */
  droppedDeliveries: z.number().int().nonnegative(),
  outboxes: z.object({
    viewerSnapshots: outboxHealthSchema,
    sessionViews: outboxHealthSchema,
    productClickers: outboxHealthSchema,
    sessionTotals: outboxHealthSchema,
    /** Accepted visitor events bound for the API's history (seed 002). */
    visitorEvents: outboxHealthSchema,
    /** Viewer and reaction milestones bound for the creators' notifications (seed 001). */
    sessionMilestones: outboxHealthSchema,
  }),
  liveSessions: z.number().int().nonnegative(),
  /**
   * Where the live counters are: this node's memory (`local`), or shared by every node through
   * Redis (`cluster`). In a cluster, `redis: 'down'` means the node is serving its rooms on its own
   * counts until Redis answers again.
   */
  counters: z.object({ scope: z.enum(['local', 'cluster']), redis: z.enum(['up', 'down']).nullable() }),
  reactionsAccepted: z.number().int().nonnegative(),
  /** Reactions refused by the per-socket rate limit. */
  reactionsRateLimited: z.number().int().nonnegative(),
  /** Product clicks and joins refused by their per-socket rate limits. */
  clicksRateLimited: z.number().int().nonnegative(),
  joinsRateLimited: z.number().int().nonnegative(),
  /** The visitor collector (seed 002): live sessions held, evicted for room, events taken and dropped. */
  visitors: z.object({
    liveSessions: z.number().int().nonnegative(),
    evictions: z.number().int().nonnegative(),
    accepted: z.number().int().nonnegative(),
    /** Bots, Plausible bodies that made no event, and events refused by the per-IP rate limit. */
    dropped: z.number().int().nonnegative(),
    /**
     * Where the live visits are (`liveSessions` above is this node's memory either way): with
     * several nodes, in Redis (`cluster`); `redis: 'down'` while this node serves its own visitors,
     * `backlog` the events kept to replay when Redis answers, `lostWhileDown` those beyond 10,000.
     */
    scope: z.enum(['local', 'cluster']),
    redis: z.enum(['up', 'down']).nullable(),
    backlog: z.number().int().nonnegative(),
    lostWhileDown: z.number().int().nonnegative(),
  }),
});
export type RealtimeHealth = z.infer<typeof realtimeHealthSchema>;
