import { hostname } from 'node:os';
import { clusterSnapshotNodeId } from '@showfloor/contracts';
import { z } from 'zod';
import {
  corsOriginsField,
  durationMsField,
  httpUrlField,
  internalApiKeyField,
  jwtSecretField,
  logLevelField,
  nodeEnvField,
  portField,
  positiveIntField,
  reactionTypesField,
  redisKeyPrefixField,
  redisUrlField,
} from './env-fields.ts';
import { type Env, parseEnv } from './env-parser.ts';

export const realtimeEnvSchema = z
  .object({
    NODE_ENV: nodeEnvField,
    HOST: z.string().default('0.0.0.0'),
    PORT: portField.default(3001),
    /** The API's internal surface: its INTERNAL_PORT when set, else its public port. */
    API_INTERNAL_URL: httpUrlField.default('http://127.0.0.1:3000'),
    INTERNAL_API_KEY: internalApiKeyField,
    JWT_SECRET: jwtSecretField,
    /** Identifies this node in snapshots; keep it stable across restarts so redeliveries dedupe. */
    // clusterSnapshotNodeId names the snapshots every node of a cluster reports together.
    NODE_ID: z
      .string()
      .min(1)
      .max(128)
      .refine((id) => id !== clusterSnapshotNodeId, `"${clusterSnapshotNodeId}" is reserved`)
      .optional(),
    CORS_ORIGINS: corsOriginsField,
    LOG_LEVEL: logLevelField,
    SAMPLE_INTERVAL_MS: durationMsField.default(5_000),
    SNAPSHOT_INTERVAL_MS: durationMsField.default(60_000),
    API_TIMEOUT_MS: durationMsField.default(5_000),
    RETRY_BASE_MS: durationMsField.default(500),
    RETRY_MAX_MS: durationMsField.default(30_000),
    /** Upper bound on snapshots waiting for the API; the oldest are dropped (logged, counted) beyond it. */
    PENDING_SNAPSHOTS_MAX: positiveIntField.default(100_000),
    SHUTDOWN_FLUSH_TIMEOUT_MS: durationMsField.default(10_000),
    /**
     * How long shutdown lets sockets close politely before it closes them by force: a frozen
     * client must not keep the process alive past the orchestrator's grace period.
     */
    SHUTDOWN_SOCKET_CLOSE_MS: durationMsField.default(1_000),
    /**
     * Largest request body the API accepts on /internal (its INTERNAL_BODY_LIMIT_BYTES): batches
     * are cut to stay under it.
     */
    API_BODY_LIMIT_BYTES: z.coerce.number().int().min(4_096).max(104_857_600).default(4_194_304),
    /** Where undelivered data goes at shutdown, to be delivered on the next start (unset: kept in memory only). */
    SPOOL_DIR: z.string().min(1).optional(),
    /** Most view records held while the API is unreachable. */
    PENDING_VIEWS_MAX: positiveIntField.default(200_000),
    /** How long view records gather before one batch goes to the API. */
    VIEW_FLUSH_MS: durationMsField.default(500),
    /** Most accepted visitor events (seed 002) held for the API while it is unreachable; beyond it the oldest are given up (logged, counted). */
    PENDING_VISITOR_EVENTS_MAX: positiveIntField.default(200_000),
    /** How long accepted visitor events gather before one batch goes to the API. */
    VISITOR_EVENTS_FLUSH_MS: durationMsField.default(300),
    /** How often this node's totals of live sessions are checkpointed to the API: what a crash can lose at most. */
    TOTALS_CHECKPOINT_MS: durationMsField.default(10_000),
    /**
     * How long the API's verdict on a handshake token (is its login still current?) is reused.
     * The bound on how long a logged-out, demoted or deleted user's token still opens a socket.
     */
    TOKEN_STATE_CACHE_MS: z.coerce.number().int().min(0).max(60_000).default(5_000),
    /** How long the answer to the API's stream-ended waits for this node's final totals to reach the API. */
    END_STREAM_FLUSH_TIMEOUT_MS: durationMsField.default(5_000),
    /** How long session facts (creator, status, products) are cached. */
    SESSION_FACTS_TTL_MS: durationMsField.default(5_000),
    /** How long a session id the API says does not exist is refused without asking again. */
    SESSION_NOT_FOUND_TTL_MS: durationMsField.default(60_000),
    /** How long a first read of a session's facts may wait for the API (a join waits for it). */
    SESSION_FACTS_TIMEOUT_MS: durationMsField.default(1_500),
    /** At most one viewer-count / reaction-stats per room per this interval. */
    COUNT_BROADCAST_MS: durationMsField.default(250),
    /**
     * Socket writes per second each of a room's counters (viewer-count, reaction-stats) may cost: a
     * room so large that COUNT_BROADCAST_MS would exceed it gets a longer interval instead.
     */
    COUNTER_WRITES_PER_ROOM_PER_SECOND: positiveIntField.default(20_000),
    /**
     * product-click-stats and trending-products cadence while a session has clicks. Seed 003 says
     * every 4 s; issue 12 asks the creator console's panels to follow an event within a second.
     */
    CLICK_BROADCAST_MS: durationMsField.default(1_000),
    /**
     * The reaction types viewers may send (comma-separated). Bounded on purpose: every type is a
     * counter in memory, in every reaction-stats frame and in the stored totals.
     */
    REACTION_TYPES: reactionTypesField,
    /** Reactions one socket may send per second; the excess is refused with rate_limited. */
    REACTIONS_PER_SECOND: positiveIntField.default(10),
    /** Product clicks one socket may send per second; the excess is refused with rate_limited. */
    CLICKS_PER_SECOND: positiveIntField.default(10),
    /** join-session events one socket may send per second; the excess is refused with rate_limited. */
    JOINS_PER_SECOND: positiveIntField.default(5),
    /** Sessions one socket may be in at once. */
    MAX_SESSIONS_PER_SOCKET: positiveIntField.default(10),
    /** new-reaction animation events per room per second at most; counts stay exact beyond it. */
    REACTION_ANIMATIONS_PER_SECOND: positiveIntField.default(30),
    /**
     * Socket writes per second a room's animations may cost: a large room gets fewer animations
     * (at least one a second), so fan-out never outruns the event loop.
     */
    ANIMATION_WRITES_PER_ROOM_PER_SECOND: positiveIntField.default(10_000),
    /**
     * X-Forwarded-For hops to trust for a request's IP (the collector's per-IP rate limit and
     * country lookup); 0 trusts none, so a client cannot pick its own IP.
     */
    TRUST_PROXY_HOPS: z.coerce.number().int().min(0).max(10).default(0),
    /** A visitor's session ends after this many minutes without an event (seed 002). */
    SESSION_TIMEOUT_MINUTES: z.coerce.number().int().positive().max(1_440).default(30),
    /**
     * How long a session that sent `leave` is kept before it is finished: a `leave` also comes
     * when a page of a multi-page visit unloads, and the next page's pageview continues the visit.
     */
    VISITOR_LEAVE_GRACE_MS: durationMsField.default(10_000),
    /** Live visitor sessions held in memory at most; the oldest idle one is evicted (counted) beyond it. */
    VISITOR_SESSIONS_MAX: positiveIntField.default(100_000),
    /** Pages kept in a session's journey; later pages still count, only the list stops growing. */
    VISITOR_JOURNEY_MAX_PAGES: positiveIntField.max(1_000).default(50),
    /** At most one visitor_update / session_activity batch per dashboard room per this interval. */
    VISITOR_BROADCAST_MS: durationMsField.default(1_000),
    /** Visitors in the last minute above which dashboards get an `alert` (once per crossing). */
    ALERT_THRESHOLD: positiveIntField.default(10),
    /** Events one IP may send to the collector per minute; the excess is refused with 429. */
    COLLECTOR_RATE_LIMIT_PER_MINUTE: positiveIntField.default(600),
    /**
     * With it, rooms span every realtime node (Socket.IO's Redis adapter) and the live counters are
     * the whole cluster's (apps/realtime/src/cluster/).
     */
    REDIS_URL: redisUrlField.optional(),
    REDIS_KEY_PREFIX: redisKeyPrefixField,
    /**
     * How often a node tells Redis it is alive. A node silent for twice this long is taken as dead
     * and its viewers stop counting at the next heartbeat of any other node: within 3 × this.
     */
    NODE_HEARTBEAT_MS: durationMsField.default(2_000),
  })
  .refine((env) => env.SNAPSHOT_INTERVAL_MS % env.SAMPLE_INTERVAL_MS === 0, {
    path: ['SNAPSHOT_INTERVAL_MS'],
    message: 'must be a multiple of SAMPLE_INTERVAL_MS',
  });

export type RealtimeEnv = z.output<typeof realtimeEnvSchema>;
export type RealtimeConfig = RealtimeEnv & { NODE_ID: string };

export function loadRealtimeConfig(env: Env = process.env): RealtimeConfig {
  const parsed = parseEnv(realtimeEnvSchema, env);
  return { ...parsed, NODE_ID: parsed.NODE_ID ?? `${hostname()}:${parsed.PORT}` };
}
