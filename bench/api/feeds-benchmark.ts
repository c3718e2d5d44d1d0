// `pnpm bench:feeds [--users N] [--rows N] [--sockets N]`: seed 001's notification and activity feeds through real
// HTTP (issue 15, Benchmark): by default 100,000 users, 10 M notifications and 10 M activities over
// the last 60 days.
//
// Like bench:engagement-stats it makes a scratch database (on DATABASE_URL's server, else an
// embedded PostgreSQL), applies the migrations and generates the rows with INSERT … SELECT
// generate_series. The feed tables' secondary indexes are dropped for the load and built again
// after it (a sorted build is many times faster than 10 M random index inserts; the definitions
// are read back from pg_indexes, so they are exactly the migrations' own). Then VACUUM ANALYZE,
// EXPLAIN ANALYZE of the SQL each route sends (written here to match the repositories' Prisma
// queries), and the real API in-process on a free port: p50/p95 of sequential requests as random
// signed-in users, next to the trivial route (GET /health/live) of the same run. Last, push latency
// (feeds-push-latency.ts): `--sockets` signed-in sockets (default 10,000; 0 skips), held by a process
// of their own, on an in-process realtime service, POST /api/notifications → notification:received, p50/p99.
//
// Rows: user of row n is n mod users (so ~rows/users each, interleaved in the heap as they would
// arrive); 20 % of notifications and 30 % of activities unread; 10 % of notifications carry an
// expiry, half of them already past (never listed or counted).
import { randomBytes, randomUUID } from 'node:crypto';
import { dirname, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { startApiServer } from '@showfloor/api';
import { loadApiConfig, loadRealtimeConfig } from '@showfloor/config';
import { createPrismaClient } from '@showfloor/db';
import { startRealtimeServer } from '@showfloor/realtime';
import { createLogger } from '@showfloor/server-kit';
import { createTestAccessTokens, findFreePort } from '@showfloor/testing';
import { type LatencyRow, percentile, printLatencyTable } from '../shared/latency-table.ts';
import { createScratchDatabase } from '../shared/scratch-database.ts';
import { measurePushLatency } from './feeds-push-latency.ts';

const databasePrefix = 'showfloor_feeds_bench_';
const warmUpRequests = 20;
const measuredRequests = 300;
const pageLimit = 20;
const measuredPushes = 300;

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const write = (line = '') => process.stdout.write(`${line}\n`);

function numberFlag(argv: string[], name: string, fallback: number, min: number): number {
  const index = argv.indexOf(`--${name}`);
  const text = index >= 0 ? argv[index + 1] : argv.find((arg) => arg.startsWith(`--${name}=`))?.slice(name.length + 3);
  if (text === undefined) return fallback;
  const value = Number(text.replaceAll('_', ''));
  if (!Number.isInteger(value) || value < min)
    throw new Error(`--${name} must be a whole number ≥ ${min}, not ${text}`);
  return value;
}

async function runSql<T = unknown>(url: string, sql: string, values: unknown[] = []): Promise<T[]> {
  const prisma = createPrismaClient({ databaseUrl: url, maxConnections: 1 });
  try {
    return await prisma.$queryRawUnsafe<T[]>(sql, ...values);
  } finally {
    await prisma.$disconnect();
  }
}

async function timed(label: string, run: () => Promise<unknown>): Promise<void> {
  const started = performance.now();
  await run();
  write(`  ${label}: ${((performance.now() - started) / 1000).toFixed(1)} s`);
}

/** Drops a table's non-unique indexes and hands back their definitions, to build them after a load. */
async function dropSecondaryIndexes(url: string, table: string): Promise<string[]> {
  const indexes = await runSql<{ name: string; definition: string }>(
    url,
    `SELECT i.indexname AS name, i.indexdef AS definition
     FROM pg_indexes i JOIN pg_class c ON c.relname = i.indexname JOIN pg_index x ON x.indexrelid = c.oid
     WHERE i.schemaname = 'public' AND i.tablename = $1 AND NOT x.indisunique`,
    [table],
  );
  for (const index of indexes) await runSql(url, `DROP INDEX "${index.name}"`);
  return indexes.map((index) => index.definition);
}

async function generateRows(url: string, users: number, rows: number): Promise<void> {
  await timed(`${users.toLocaleString('en')} users`, () =>
    runSql(
      url,
      `INSERT INTO users (id, username, email, name, password_hash, role, updated_at)
       SELECT gen_random_uuid(), 'bench_' || n, 'bench-' || n || '@example.test', 'Viewer ' || n,
              'not-a-real-hash', 'user'::"UserRole", now()
       FROM generate_series(1, ${users}) AS n`,
    ),
  );
  const deferred = [
    ...(await dropSecondaryIndexes(url, 'notifications')),
    ...(await dropSecondaryIndexes(url, 'activities')),
  ];
  const seconds60Days = 60 * 86_400;
  await timed(`${rows.toLocaleString('en')} notifications`, () =>
    runSql(
      url,
      `WITH u AS (SELECT array_agg(id ORDER BY id) AS ids FROM users)
       INSERT INTO notifications (id, user_id, type, title, message, data, read_at, expires_at, created_at)
       SELECT gen_random_uuid(), u.ids[1 + n % cardinality(u.ids)],
              (ARRAY['achievement', 'milestone', 'reminder', 'system', 'social'])[1 + n % 5]::"NotificationType",
              'Bench notification #' || n, 'Something happened on a stream you follow', '{"link": "/"}'::jsonb,
              CASE WHEN abs(hashint4(n * 3)) % 5 = 0 THEN NULL ELSE t.created_at + interval '1 hour' END,
              CASE WHEN abs(hashint4(n * 7)) % 20 = 0 THEN now() - interval '1 day'
                   WHEN abs(hashint4(n * 7)) % 20 = 1 THEN now() + interval '1 day' END,
              t.created_at
       FROM generate_series(1, ${rows}) AS n, u,
            LATERAL (SELECT now() - (abs(hashint4(n)) % ${seconds60Days}) * interval '1 second' AS created_at) AS t`,
    ),
  );
  await timed(`${rows.toLocaleString('en')} activities`, () =>
    runSql(
      url,
      `WITH u AS (SELECT array_agg(id ORDER BY id) AS ids FROM users)
       INSERT INTO activities (id, user_id, type, title, description, data, read_at, created_at)
       SELECT gen_random_uuid(), u.ids[1 + n % cardinality(u.ids)],
              (ARRAY['signed_in', 'session_created', 'product_created', 'went_live', 'stream_ended',
                     'watched_stream', 'chat_message', 'product_click', 'custom'])[1 + n % 9]::"ActivityType",
              'Bench activity #' || n, 'You did something', '{"link": "/"}'::jsonb,
              CASE WHEN abs(hashint4(n * 5)) % 10 < 3 THEN NULL ELSE t.created_at + interval '1 hour' END,
              t.created_at
       FROM generate_series(1, ${rows}) AS n, u,
            LATERAL (SELECT now() - (abs(hashint4(n * 11)) % ${seconds60Days}) * interval '1 second' AS created_at) AS t`,
    ),
  );
  await timed(`${deferred.length} secondary indexes rebuilt`, async () => {
    for (const definition of deferred) await runSql(url, definition);
  });
  // VACUUM sets the visibility map, as autovacuum would have by now: index-only counts need it.
  await timed('VACUUM ANALYZE', async () => {
    await runSql(url, 'VACUUM ANALYZE notifications');
    await runSql(url, 'VACUUM ANALYZE activities');
  });
}

const notificationColumns = 'id, user_id, type, title, message, data, read_at, expires_at, created_at';
const activityColumns = 'id, user_id, type, title, description, data, read_at, created_at';
const unexpired = '(expires_at IS NULL OR expires_at > $2::timestamptz)';

/** The statements the feed routes send, as the repositories' Prisma queries build them. */
function statements(userId: string, now: Date, cursor: { createdAt: Date; id: string }) {
  return [
    {
      label: 'notifications, first page',
      sql: `SELECT ${notificationColumns} FROM notifications WHERE user_id = $1::uuid AND ${unexpired}
            ORDER BY created_at DESC, id DESC LIMIT ${pageLimit + 1}`,
      values: [userId, now],
    },
    {
      label: 'notifications, cursor page',
      sql: `SELECT ${notificationColumns} FROM notifications WHERE user_id = $1::uuid AND ${unexpired}
              AND created_at <= $3::timestamptz
              AND (created_at < $3::timestamptz OR (created_at = $3::timestamptz AND id < $4::uuid))
            ORDER BY created_at DESC, id DESC LIMIT ${pageLimit + 1}`,
      values: [userId, now, cursor.createdAt, cursor.id],
    },
    {
      label: 'unread counts (both badges)',
      sql: `SELECT
              (SELECT count(*)::int FROM activities WHERE user_id = $1::uuid AND read_at IS NULL) AS activities,
              (SELECT count(*)::int FROM notifications WHERE user_id = $1::uuid AND read_at IS NULL AND ${unexpired}) AS notifications`,
      values: [userId, now],
    },
    {
      label: 'activities, first page',
      sql: `SELECT ${activityColumns} FROM activities WHERE user_id = $1::uuid
            ORDER BY created_at DESC, id DESC LIMIT ${pageLimit + 1}`,
      values: [userId],
    },
    {
      label: 'notifications read-all with the other badge, one statement (rolled back)',
      sql: `WITH changed AS (
              UPDATE notifications SET read_at = $2::timestamptz
              WHERE user_id = $1::uuid AND read_at IS NULL AND ${unexpired} RETURNING 1)
            SELECT (SELECT count(*)::int FROM changed) AS changed,
                   (SELECT count(*)::int FROM activities WHERE user_id = $1::uuid AND read_at IS NULL) AS other`,
      values: [userId, now],
    },
  ];
}

async function explainAll(url: string, userId: string): Promise<void> {
  const now = new Date();
  const [tenth] = await runSql<{ createdAt: Date; id: string }>(
    url,
    `SELECT created_at AS "createdAt", id FROM notifications WHERE user_id = $1::uuid
     ORDER BY created_at DESC, id DESC OFFSET ${pageLimit - 1} LIMIT 1`,
    [userId],
  );
  if (!tenth) throw new Error('the sampled user has no notifications');
  const prisma = createPrismaClient({ databaseUrl: url, maxConnections: 1 });
  try {
    for (const statement of statements(userId, now, tenth)) {
      // Read-all changes rows: explained in a transaction that is rolled back.
      await prisma
        .$transaction(async (tx) => {
          const plan = await tx.$queryRawUnsafe<{ 'QUERY PLAN': string }[]>(
            `EXPLAIN (ANALYZE, BUFFERS) ${statement.sql}`,
            ...statement.values,
          );
          write(`  ${statement.label}:`);
          for (const row of plan) write(`    ${row['QUERY PLAN']}`);
          throw new RolledBack();
        })
        .catch((error: unknown) => {
          if (!(error instanceof RolledBack)) throw error;
        });
    }
  } finally {
    await prisma.$disconnect();
  }
}

class RolledBack extends Error {}

type Row = LatencyRow;

interface Request {
  method?: 'GET' | 'PATCH';
  url: string;
  token?: string;
}

async function send({ method = 'GET', url, token }: Request): Promise<{ elapsed: number; body: string }> {
  const started = performance.now();
  const response = await fetch(url, {
    method,
    headers: token ? { authorization: `Bearer ${token}` } : {},
  });
  const body = await response.text();
  const elapsed = performance.now() - started;
  if (response.status !== 200) throw new Error(`${method} ${url} answered ${response.status}: ${body}`);
  return { elapsed, body };
}

async function measure(label: string, next: (i: number) => Request): Promise<Row> {
  for (let i = 0; i < warmUpRequests; i++) await send(next(i));
  const samples: number[] = [];
  for (let i = 0; i < measuredRequests; i++) samples.push((await send(next(warmUpRequests + i))).elapsed);
  return { label, samples };
}

function printTable(title: string, rows: Row[]): void {
  printLatencyTable(title, rows, 'request');
}

async function main(): Promise<void> {
  const users = numberFlag(process.argv, 'users', 100_000, 100);
  const rows = numberFlag(process.argv, 'rows', 10_000_000, 1_000);
  const sockets = numberFlag(process.argv, 'sockets', 10_000, 0);
  // The cursor page needs users with a second page (some rows are expired): two pages' worth each.
  if (rows < users * 2 * pageLimit) throw new Error(`--rows must be at least ${2 * pageLimit} × --users`);
  const started = performance.now();
  const scratch = await createScratchDatabase({
    repoRoot,
    prefix: databasePrefix,
    dataDirName: 'bench-feeds',
    log: write,
  });
  const url = scratch.url;
  try {
    write('generating:');
    await generateRows(url, users, rows);
    write();

    const ids = (await runSql<{ id: string }>(url, 'SELECT id FROM users ORDER BY id')).map((row) => row.id);
    // Each sampled request gets its own user (read-all changes the user's rows); explained on another.
    const sample = (i: number, salt: number) => ids[(i * 7_919 + salt * 104_729) % ids.length] as string;
    write(`plans (one user, ~${Math.round(rows / users)} notifications and activities each):`);
    await explainAll(url, ids[ids.length - 1] as string);
    write();

    const jwtSecret = randomBytes(48).toString('hex');
    const signer = await createTestAccessTokens({ secret: jwtSecret, ttlSeconds: 3_600 });
    const tokens = new Map<string, string>();
    const tokenOf = (userId: string) => {
      let token = tokens.get(userId);
      if (!token) {
        token = signer.sign({ userId, role: 'user', familyId: randomUUID(), tokenVersion: 0 });
        tokens.set(userId, token);
      }
      return token;
    };

    const internalApiKey = randomBytes(32).toString('hex');
    const apiPort = await findFreePort();
    // The realtime service the API pushes to (read-all's counts, POST /api/notifications' pushes).
    const realtime = await startRealtimeServer({
      config: loadRealtimeConfig({
        NODE_ENV: 'production',
        HOST: '127.0.0.1',
        PORT: '0',
        API_INTERNAL_URL: `http://127.0.0.1:${apiPort}`,
        INTERNAL_API_KEY: internalApiKey,
        JWT_SECRET: jwtSecret,
        NODE_ID: 'feeds-bench',
        LOG_LEVEL: 'error',
      }),
      logger: createLogger({ name: 'feeds-bench-realtime', level: 'fatal' }),
    });
    const config = loadApiConfig({
      NODE_ENV: 'production',
      DATABASE_URL: url,
      JWT_SECRET: jwtSecret,
      INTERNAL_API_KEY: internalApiKey,
      HOST: '127.0.0.1',
      PORT: String(apiPort),
      LOG_LEVEL: 'error',
      RATE_LIMIT_MAX: '1000000',
      REALTIME_INTERNAL_URL: realtime.url,
    });
    const api = await startApiServer({ config, logger: createLogger({ name: 'feeds-bench', level: 'fatal' }) });
    try {
      const base = api.url;
      const results: Row[] = [];
      results.push(await measure('GET /health/live (trivial route)', () => ({ url: `${base}/health/live` })));
      results.push(
        await measure('GET /api/notifications/me (first page)', (i) => ({
          url: `${base}/api/notifications/me?limit=${pageLimit}`,
          token: tokenOf(sample(i, 1)),
        })),
      );
      // The cursor page's cursor comes from the same user's first page, fetched unmeasured.
      // Users with a single page (few rows each, or many expired) are passed over.
      const cursors: { userId: string; cursor: string }[] = [];
      for (let i = 0; cursors.length < warmUpRequests + measuredRequests; i++) {
        if (i >= ids.length) throw new Error('too few users have a second page of notifications');
        const userId = sample(i, 2);
        const { body } = await send({ url: `${base}/api/notifications/me?limit=${pageLimit}`, token: tokenOf(userId) });
        const next = (JSON.parse(body) as { meta: { next: string | null } }).meta.next;
        if (next !== null) cursors.push({ userId, cursor: next });
      }
      results.push(
        await measure('GET /api/notifications/me?cursor= (second page)', (i) => {
          const { userId, cursor } = cursors[i] as { userId: string; cursor: string };
          return { url: `${base}/api/notifications/me?limit=${pageLimit}&cursor=${cursor}`, token: tokenOf(userId) };
        }),
      );
      results.push(
        await measure('GET /api/notifications/me/unread/count', (i) => ({
          url: `${base}/api/notifications/me/unread/count`,
          token: tokenOf(sample(i, 3)),
        })),
      );
      results.push(
        await measure('GET /api/activities/me (first page)', (i) => ({
          url: `${base}/api/activities/me?limit=${pageLimit}`,
          token: tokenOf(sample(i, 4)),
        })),
      );
      results.push(
        await measure('PATCH /api/notifications/me/read-all', (i) => ({
          method: 'PATCH',
          url: `${base}/api/notifications/me/read-all`,
          token: tokenOf(sample(i, 5)),
        })),
      );
      printTable(
        `${users.toLocaleString('en')} users, ${rows.toLocaleString('en')} notifications + ${rows.toLocaleString('en')} activities ` +
          `(${warmUpRequests} warm-up, ${measuredRequests} measured, sequential, a different user each request)`,
        results,
      );

      if (sockets > 0) {
        const [admin] = await runSql<{ id: string }>(
          url,
          `UPDATE users SET role = 'admin' WHERE id = $1::uuid RETURNING id`,
          [ids[0]],
        );
        if (!admin) throw new Error('no user to make an admin');
        const adminToken = signer.sign({ userId: admin.id, role: 'admin', familyId: randomUUID(), tokenVersion: 0 });
        const socketUsers = Array.from({ length: Math.min(sockets, ids.length - 1) }, (_, i) => ids[1 + i] as string);
        const pushes = await measurePushLatency({
          apiUrl: base,
          realtimeUrl: realtime.url,
          userIds: socketUsers,
          tokenOf,
          adminToken,
          pushes: measuredPushes,
        });
        write(
          `push latency: ${pushes.sockets.toLocaleString('en')} signed-in sockets (connected in ${pushes.connectSeconds.toFixed(1)} s, ` +
            `held by their own process; API and realtime service share one), ${measuredPushes} sequential pushes to random connected users`,
        );
        write('| measure | n | p50 ms | p95 ms | p99 ms | max ms |');
        write('|:--|--:|--:|--:|--:|--:|');
        for (const [label, samples] of [
          ['POST /api/notifications → 201', pushes.answered],
          ['POST sent → socket notification:received', pushes.received],
        ] as const) {
          const sorted = [...samples].sort((a, b) => a - b);
          write(
            `| ${label} | ${sorted.length} | ${percentile(sorted, 0.5).toFixed(1)} | ${percentile(sorted, 0.95).toFixed(1)} | ` +
              `${percentile(sorted, 0.99).toFixed(1)} | ${(sorted.at(-1) ?? Number.NaN).toFixed(1)} |`,
          );
        }
        write();
      }
    } finally {
      await api.close();
      await realtime.close();
    }
  } finally {
    await scratch.drop();
  }
  write(`done in ${((performance.now() - started) / 1000).toFixed(1)} s`);
}

main().catch((error: unknown) => {
  process.stderr.write(
    `bench:feeds failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
  );
  process.exit(1);
});
