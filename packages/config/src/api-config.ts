import { z } from 'zod';
import {
  corsOriginsField,
  durationMsField,
  httpOriginField,
  httpUrlField,
  internalApiKeyField,
  jwtSecretField,
  logLevelField,
  nodeEnvField,
  portField,
  redisKeyPrefixField,
  redisUrlField,
} from './env-fields.ts';
import { type Env, parseEnv } from './env-parser.ts';

export const apiEnvSchema = z.object({
  NODE_ENV: nodeEnvField,
  HOST: z.string().default('0.0.0.0'),
  PORT: portField.default(3000),
  /**
   * Processes serving the API on this host (node:cluster: they share PORT and INTERNAL_PORT). A
   * write evicts what it changes from every one of them before it is answered.
   */
  API_PROCESSES: z.coerce.number().int().min(1).max(64).default(1),
  /** When set, /internal routes are served only on this port (keep it off the public network). */
  INTERNAL_PORT: portField.optional(),
  DATABASE_URL: z.string().regex(/^postgres(ql)?:\/\//, 'must be a postgresql:// URL'),
  DATABASE_POOL_MAX: z.coerce.number().int().min(1).max(200).default(10),
  JWT_SECRET: jwtSecretField,
  INTERNAL_API_KEY: internalApiKeyField,
  /**
   * With it, the login throttle and the chat limit count in Redis, across every API process and
   * host; without it, each process counts on its own.
   */
  REDIS_URL: redisUrlField.optional(),
  REDIS_KEY_PREFIX: redisKeyPrefixField,
  /** Where the API reaches the realtime service's internal routes (broadcasts, live reads). */
  REALTIME_INTERNAL_URL: httpUrlField.default('http://127.0.0.1:3001'),
  CORS_ORIGINS: corsOriginsField,
  LOG_LEVEL: logLevelField,
  /** Behind a reverse proxy: how many hops of X-Forwarded-For to trust for the client IP (0 = none). */
  TRUST_PROXY_HOPS: z.coerce.number().int().min(0).max(10).default(0),
  BODY_LIMIT_BYTES: z.coerce.number().int().min(1_024).max(10_485_760).default(1_048_576),
  /**
   * Largest body of an /internal request. 4 MiB holds the largest batch the contracts allow
   * (5,000 view records at every field's maximum length, or 5,000 snapshots); the realtime
   * service splits its batches by bytes under the same default.
   */
  INTERNAL_BODY_LIMIT_BYTES: z.coerce.number().int().min(1_024).max(67_108_864).default(4_194_304),
  /**
   * A request (headers and body) that has not fully arrived within this many milliseconds is
   * answered 408 and its connection closed, so slow senders cannot hold connections open.
   */
  REQUEST_TIMEOUT_MS: durationMsField.min(100).default(30_000),
  DB_HEALTH_TIMEOUT_MS: durationMsField.default(1_500),
  ACCESS_TOKEN_TTL_SECONDS: z.coerce.number().int().min(30).max(86_400).default(900),
  REFRESH_TOKEN_TTL_DAYS: z.coerce.number().int().min(1).max(365).default(30),
  /** Requests per window per client IP across the public API. */
  RATE_LIMIT_MAX: z.coerce.number().int().positive().default(600),
  RATE_LIMIT_WINDOW_MS: durationMsField.default(60_000),
  /**
   * How long a token's state (its user's version, its login's revocation) is reused before it is
   * read again. Changes made through this instance apply at once; other instances see them
   * within this bound. 0 reads it on every request.
   */
  TOKEN_STATE_CACHE_MS: z.coerce.number().int().min(0).max(60_000).default(5_000),
  /** Consecutive failed logins from one IP for one account before that pair is blocked for the window. */
  LOGIN_MAX_FAILURES: z.coerce.number().int().positive().default(10),
  LOGIN_FAILURE_WINDOW_MS: durationMsField.default(900_000),
  /** Failed logins from one IP across all accounts in the window before that IP is blocked for the window. */
  LOGIN_MAX_FAILURES_PER_IP: z.coerce.number().int().positive().default(100),
  /**
   * Failed logins for one account (from anywhere) in the window after which its logins are slowed
   * down: one attempt per 1 s, 2 s, 4 s… up to LOGIN_SLOWDOWN_MAX_MS. Never a lockout of the owner.
   */
  LOGIN_SLOWDOWN_AFTER_FAILURES: z.coerce.number().int().positive().default(5),
  LOGIN_SLOWDOWN_MAX_MS: z.coerce.number().int().min(1_000).max(60_000).default(4_000),
  /**
   * The built web app (apps/web/dist: index.html + assets/) to serve at `/`, relative to the working
   * directory or absolute. Unset: this API serves no web app (API-only deployments).
   */
  WEB_DIST_DIR: z.string().min(1).optional(),
  /**
   * The Socket.IO origin browsers connect to (given to the page in /config.json, allowed by its
   * CSP). Unset: the page's own protocol and host name on PUBLIC_REALTIME_PORT, so a phone that
   * opened http://192.168.1.5:3000 is sent to 192.168.1.5:3001.
   */
  PUBLIC_REALTIME_URL: httpOriginField.optional(),
  PUBLIC_REALTIME_PORT: portField.min(1).default(3001),
  /** Agora project credentials; without them token endpoints answer 503 and streams still start/end. */
  AGORA_APP_ID: z.string().min(1).max(64).optional(),
  AGORA_APP_CERTIFICATE: z.string().min(1).max(64).optional(),
  AGORA_TOKEN_TTL_SECONDS: z.coerce.number().int().min(60).max(86_400).default(3_600),
  /** Chat messages one user may send per window (REST and socket alike). */
  CHAT_MAX_MESSAGES: z.coerce.number().int().positive().default(10),
  CHAT_WINDOW_MS: durationMsField.default(10_000),
  /**
   * How long a REST change the realtime service must apply (pause, resume, product list, showcase)
   * waits for it before answering, while the service answers; delivery goes on in the background
   * after that, and while pushes are backing off or have a backlog the answer does not wait at all.
   */
  BROADCAST_WAIT_MS: durationMsField.default(1_000),
  /**
   * How long end-stream waits for the realtime nodes to hand in their final totals before answering
   * (reads say `figuresFinal: false` until they have).
   */
  END_STREAM_FLUSH_TIMEOUT_MS: durationMsField.default(5_000),
  /**
   * Room events (status changes, product lists, showcase, chat) waiting for the realtime service,
   * at most. Beyond it the oldest are given up: logged at error and counted in /health.
   */
  PUSH_OUTBOX_MAX: z.coerce.number().int().min(1).max(1_000_000).default(10_000),
  /**
   * Events for single users' tabs (notifications, activities, unread counts) waiting for the
   * realtime service, at most; beyond it the oldest are given up (the next fetch has what they said).
   */
  USER_PUSH_OUTBOX_MAX: z.coerce.number().int().min(1).max(1_000_000).default(50_000),
  /** Back-off between attempts to push room events while the realtime service fails (capped, jittered). */
  PUSH_RETRY_BASE_MS: durationMsField.default(200),
  PUSH_RETRY_MAX_MS: durationMsField.default(5_000),
  /** How long a REST read waits for live counters from the realtime service before answering without them. */
  LIVE_READ_TIMEOUT_MS: durationMsField.default(800),
  /** Viewer snapshots older than this are deleted by the retention job (seed 000's 90-day TTL). */
  SNAPSHOT_RETENTION_DAYS: z.coerce.number().int().min(1).max(3_650).default(90),
  RETENTION_INTERVAL_MS: durationMsField.default(3_600_000),
  RETENTION_BATCH_SIZE: z.coerce.number().int().min(100).max(100_000).default(5_000),
  /**
   * Tracked feature events (POST /api/track) are committed in groups: a commit starts when this many
   * are waiting, or TRACK_BATCH_LINGER_MS after the first one arrived while the writer was idle.
   */
  TRACK_BATCH_MAX_EVENTS: z.coerce.number().int().min(1_000).max(100_000).default(10_000),
  TRACK_BATCH_LINGER_MS: z.coerce.number().int().min(0).max(1_000).default(2),
  /** Events waiting or being committed at most; beyond it a track request is answered 503 with Retry-After. */
  TRACK_QUEUE_MAX_EVENTS: z.coerce.number().int().min(1_000).max(10_000_000).default(100_000),
  /** A track request whose events are not committed this long after arriving is answered 503 (and its commit cancelled). */
  TRACK_COMMIT_DEADLINE_MS: durationMsField.min(100).default(5_000),
  /**
   * Commits in flight at once, each on its own connection (beside DATABASE_POOL_MAX). One by
   * default: concurrent commits update the same "all" rollup rows, so the second waits on the
   * first's row locks anyway, and split batches cost more per event (bench:ingest: single events
   * 4,232–4,572/s with one, 3,123–3,783/s with two; batches the same). Giving each commit in flight
   * rollup rows of its own removed the lock waits but not the difference: 8,725/s with two against
   * 8,770/s with one, so that was reverted (README, feature analytics performance).
   */
  TRACK_WRITER_CONNECTIONS: z.coerce.number().int().min(1).max(16).default(1),
  /**
   * `per-row` is for the benchmark's baseline only: each request INSERTs its own row, the way an
   * ORM-per-event backend writes (no rollups, so GET /api/analytics does not see those events).
   */
  TRACK_WRITE_MODE: z.enum(['batched', 'per-row']).default('batched'),
  /**
   * How long a computed leaderboard is reused (GET /api/analytics/leaderboard/all): ranking every
   * user is one aggregate over all views; after this, readers get the old ranking while a new one is
   * computed. 0 ranks on every read.
   */
  LEADERBOARD_CACHE_MS: z.coerce.number().int().min(0).max(3_600_000).default(15_000),
  /**
   * How long the public answers a live room's viewers all load (a session's detail and its
   * products) are served from memory. Writes through this process forget them at once; another
   * API process's writes show within this long. 0 reads the database every time.
   */
  PUBLIC_READ_CACHE_MS: z.coerce.number().int().min(0).max(60_000).default(1_000),
  /**
   * While the event loop runs this many milliseconds late, requests under /api are refused with
   * 503 and Retry-After instead of queueing (load shedding); /internal and /health never are. 0 turns it off.
   */
  LOAD_SHED_EVENT_LOOP_DELAY_MS: z.coerce.number().int().min(0).max(60_000).default(300),
  /**
   * Search totals are exact up to this many matches (or up to the end of the requested page, when
   * that lies further); beyond it the count stops and the answer says `totalIsExact: false`.
   * Counting every match rechecks each one's text: 5,000–20,000 matches cost 20–90 ms at 100,000
   * rows, a bounded count a few (README, Search → Totals).
   */
  SEARCH_EXACT_TOTAL_UP_TO: z.coerce.number().int().min(1).max(1_000_000).default(1_000),
  /** How long a user's age band and gender are reused for their events before the user row is read again. */
  TRACK_USER_CACHE_MS: z.coerce.number().int().min(0).max(3_600_000).default(60_000),
  /** Raw feature events older than this many days are dropped, a whole day's partition at a time (the rollups stay). */
  FEATURE_EVENTS_RETENTION_DAYS: z.coerce.number().int().min(1).max(3_650).default(90),
  /**
   * The rollups GET /api/analytics reads are kept this long (never less than the raw events), so the
   * dashboard covers a full 366-day range after the raw rows are gone.
   */
  FEATURE_ROLLUPS_RETENTION_DAYS: z.coerce.number().int().min(1).max(3_650).default(400),
  /**
   * Visitor events (seed 002's history) older than this many days are dropped, a whole UTC day's
   * partition at a time; their sessions go with them.
   */
  VISITOR_EVENTS_RETENTION_DAYS: z.coerce.number().int().min(1).max(3_650).default(90),
  /**
   * A visitor history read (timeseries, breakdown) still running after this is cancelled by the
   * server and answered 503 with Retry-After; only reads the rollups cannot answer come near it.
   */
  VISITOR_HISTORY_READ_TIMEOUT_MS: durationMsField.default(5_000),
  /**
   * How often the API rebuilds the breakdown sketches that later batches moved visitors out of
   * (visitor-sketch-rebuild.job.ts); until then such a sketch may still count a moved visitor.
   */
  VISITOR_SKETCH_REBUILD_MS: durationMsField.min(100).default(5_000),
  /**
   * The in-memory visitor index (visitor-index/) holds the newest whole UTC days up to this many
   * pageviews (~16 bytes each, plus ~60 a session) for the reads the rollups cannot answer; 0 turns
   * it off (those reads scan PostgreSQL under VISITOR_HISTORY_READ_TIMEOUT_MS).
   */
  VISITOR_INDEX_MAX_PAGEVIEWS: z.coerce.number().int().min(0).max(500_000_000).default(12_000_000),
  /** How often the index reads the events committed since (a read also asks for them first). */
  VISITOR_INDEX_SYNC_MS: durationMsField.min(50).default(1_000),
});

export type ApiConfig = z.output<typeof apiEnvSchema>;

export function loadApiConfig(env: Env = process.env): ApiConfig {
  return parseEnv(apiEnvSchema, env);
}
