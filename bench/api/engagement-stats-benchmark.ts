// `pnpm bench:engagement-stats`: seed 001's stats and leaderboard through real HTTP at the issue's
// scale: 100,000 users, 20,000 sessions, 2,000,000 views (plus chat messages and product clicks).
//
// Like bench:search it makes a scratch database (on DATABASE_URL's server, else an embedded
// PostgreSQL), applies the migrations, generates the rows with INSERT … SELECT generate_series,
// ANALYZEs, and serves the real API on a free port. It prints EXPLAIN ANALYZE of the statements the
// repository sends (one user's stats, each ranking), then p50/p95 of sequential requests:
// GET /api/analytics/me for random users, and the leaderboard for every period and role at random
// offsets (as random users, so `me` is looked up) — once with the ranking cache on (the default
// LEADERBOARD_CACHE_MS) and once with it off (every request ranks afresh). The scratch database
// is dropped at the end.
import { randomBytes, randomUUID } from 'node:crypto';
import { dirname, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { engagementStatsQueries, startApiServer } from '@showfloor/api';
import { loadApiConfig } from '@showfloor/config';
import { createPrismaClient, type Prisma } from '@showfloor/db';
import { createLogger } from '@showfloor/server-kit';
import { createTestAccessTokens } from '@showfloor/testing';
import { type LatencyRow, printLatencyTable } from '../shared/latency-table.ts';
import { createScratchDatabase } from '../shared/scratch-database.ts';

const users = 100_000;
const creators = 2_000;
const sessions = 20_000;
const views = 2_000_000;
const chatMessages = 500_000;
const productClicks = 300_000;
const databasePrefix = 'showfloor_engagement_bench_';
const warmUpRequests = 20;
const measuredRequests = 300;

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const write = (line = '') => process.stdout.write(`${line}\n`);

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

/** Deterministic rows: every choice hashes the row number. Views fall over the last 120 days. */
async function generateRows(url: string): Promise<void> {
  await timed(`${users.toLocaleString('en')} users`, () =>
    runSql(
      url,
      `INSERT INTO users (id, username, email, name, password_hash, role, time_zone, updated_at)
       SELECT gen_random_uuid(), 'bench_' || n, 'bench-' || n || '@example.test',
              CASE WHEN n <= ${creators} THEN 'Creator ' ELSE 'Viewer ' END || n, 'not-a-real-hash',
              CASE WHEN n <= ${creators} THEN 'creator' ELSE 'user' END::"UserRole",
              (ARRAY['UTC', 'Pacific/Auckland', 'America/Los_Angeles', 'Europe/Paris', NULL])[1 + n % 5],
              now()
       FROM generate_series(1, ${users}) AS n`,
    ),
  );
  await timed(`${sessions.toLocaleString('en')} sessions`, () =>
    runSql(
      url,
      `WITH c AS (SELECT array_agg(id ORDER BY username) AS ids FROM users WHERE role = 'creator')
       INSERT INTO sessions (id, creator_id, title, status, started_at, ended_at, created_at, updated_at)
       SELECT gen_random_uuid(), c.ids[1 + n % cardinality(c.ids)], 'Bench stream #' || n, 'ended',
              now() - (n % 120) * interval '1 day' - (abs(hashint4(n)) % 600) * interval '1 minute',
              now() - (n % 120) * interval '1 day' - (abs(hashint4(n)) % 600) * interval '1 minute'
                + (30 + abs(hashint4(n * 3)) % 150) * interval '1 minute',
              now() - (n % 120) * interval '1 day' - interval '1 day', now()
       FROM generate_series(1, ${sessions}) AS n, c`,
    ),
  );
  await timed(`${views.toLocaleString('en')} views (10 % guests)`, () =>
    runSql(
      url,
      `WITH s AS (SELECT array_agg(id ORDER BY id) AS ids, array_agg(started_at ORDER BY id) AS starts FROM sessions),
            u AS (SELECT array_agg(id ORDER BY id) AS ids FROM users)
       INSERT INTO session_views (id, session_id, viewer_key, user_id, guest_id, role, joined_at, left_at, watch_duration)
       SELECT gen_random_uuid(), v.session_id,
              CASE WHEN v.guest THEN 'guest:g' || v.n ELSE 'user:' || v.user_id END,
              CASE WHEN v.guest THEN NULL ELSE v.user_id END,
              CASE WHEN v.guest THEN 'g' || v.n END,
              'subscriber', v.joined_at, v.joined_at + v.seconds * interval '1 second', v.seconds
       FROM (
         SELECT n, s.ids[1 + abs(hashint4(n)) % cardinality(s.ids)] AS session_id,
                s.starts[1 + abs(hashint4(n)) % cardinality(s.ids)] + (abs(hashint4(n * 7)) % 60) * interval '1 minute' AS joined_at,
                u.ids[1 + abs(hashint4(n * 13)) % cardinality(u.ids)] AS user_id,
                n % 10 = 0 AS guest,
                60 + abs(hashint4(n * 17)) % 3540 AS seconds
         FROM generate_series(1, ${views}) AS n, s, u
       ) AS v`,
    ),
  );
  await timed(`${chatMessages.toLocaleString('en')} chat messages`, () =>
    runSql(
      url,
      `WITH s AS (SELECT array_agg(id ORDER BY id) AS ids FROM sessions),
            u AS (SELECT array_agg(id ORDER BY id) AS ids FROM users)
       INSERT INTO chat_messages (id, session_id, user_id, message, created_at)
       SELECT gen_random_uuid(), s.ids[1 + abs(hashint4(n)) % cardinality(s.ids)],
              u.ids[1 + abs(hashint4(n * 5)) % cardinality(u.ids)], 'hello #' || n, now()
       FROM generate_series(1, ${chatMessages}) AS n, s, u`,
    ),
  );
  await timed(`${productClicks.toLocaleString('en')} product clickers`, () =>
    runSql(
      url,
      `INSERT INTO products (id, seller_id, name, price, updated_at)
         SELECT gen_random_uuid(), id, 'Bench product', 10, now() FROM users WHERE role = 'creator';
       `,
    ).then(() =>
      runSql(
        url,
        `WITH p AS (SELECT array_agg(p.id ORDER BY p.id) AS products, array_agg(s.id ORDER BY p.id) AS sessions
                    FROM products p JOIN LATERAL (SELECT id FROM sessions WHERE creator_id = p.seller_id LIMIT 1) s ON true),
              u AS (SELECT array_agg(id ORDER BY id) AS ids FROM users)
         INSERT INTO product_clickers (session_id, product_id, viewer_key, first_clicked_at)
         SELECT p.sessions[k], p.products[k], 'user:' || u.ids[1 + abs(hashint4(n * 11)) % cardinality(u.ids)], now()
         FROM generate_series(1, ${productClicks}) AS n, p, u,
              LATERAL (SELECT 1 + abs(hashint4(n)) % cardinality(p.products) AS k) AS pick
         ON CONFLICT DO NOTHING`,
      ),
    ),
  );
  // VACUUM sets the visibility map, as autovacuum would have by now: index-only scans need it.
  await timed('VACUUM ANALYZE', () => runSql(url, 'VACUUM ANALYZE'));
}

async function explain(url: string, label: string, query: Prisma.Sql): Promise<void> {
  const rows = await runSql<{ 'QUERY PLAN': string }>(url, `EXPLAIN (ANALYZE, BUFFERS) ${query.text}`, query.values);
  write(`  ${label}:`);
  for (const row of rows) write(`    ${row['QUERY PLAN']}`);
}

type Row = LatencyRow;

async function measure(
  label: string,
  requests: number,
  next: (i: number) => { url: string; token: string },
): Promise<Row> {
  const get = async (i: number) => {
    const { url, token } = next(i);
    const started = performance.now();
    const response = await fetch(url, { headers: { authorization: `Bearer ${token}` } });
    const body = await response.text();
    const elapsed = performance.now() - started;
    if (response.status !== 200) throw new Error(`${url} answered ${response.status}: ${body}`);
    return elapsed;
  };
  for (let i = 0; i < warmUpRequests; i++) await get(i);
  const samples: number[] = [];
  for (let i = 0; i < requests; i++) samples.push(await get(warmUpRequests + i));
  return { label, samples };
}

function printTable(title: string, rows: Row[]): void {
  printLatencyTable(title, rows, 'requests');
}

async function main(): Promise<void> {
  const started = performance.now();
  const scratch = await createScratchDatabase({
    repoRoot,
    prefix: databasePrefix,
    dataDirName: 'bench-postgres',
    log: write,
  });
  const url = scratch.url;
  try {
    write('generating:');
    await generateRows(url);
    write();

    const ids = (await runSql<{ id: string }>(url, 'SELECT id FROM users ORDER BY id')).map((row) => row.id);
    const [heavy] = await runSql<{ id: string; views: bigint }>(
      url,
      `SELECT user_id AS id, count(*) AS views FROM session_views WHERE user_id IS NOT NULL
       GROUP BY user_id ORDER BY count(*) DESC LIMIT 1`,
    );
    const [creator] = await runSql<{ id: string }>(url, `SELECT id FROM users WHERE role = 'creator' LIMIT 1`);
    if (!heavy || !creator) throw new Error('no rows generated');
    write(`plans for one user's stats (the viewer with the most views: ${heavy.views} views; a creator):`);
    const now = new Date();
    await explain(
      url,
      'active days (viewer, Pacific/Auckland)',
      engagementStatsQueries.activeDays(heavy.id, 'Pacific/Auckland', now),
    );
    await explain(url, 'totals (viewer)', engagementStatsQueries.totals(heavy.id, 'UTC', '2026-11-30'));
    await explain(
      url,
      'weekly (creator)',
      engagementStatsQueries.weekly(creator.id, 'UTC', '2026-09-14', '2026-11-30'),
    );
    write();
    write('plans for the rankings (computed once per LEADERBOARD_CACHE_MS):');
    const weekAgo = new Date(Date.now() - 7 * 86_400_000);
    await explain(url, 'viewers, all time', engagementStatsQueries.ranking('viewers', null));
    await explain(url, 'viewers, last 7 days', engagementStatsQueries.ranking('viewers', weekAgo));
    await explain(url, 'creators, all time', engagementStatsQueries.ranking('creators', null));
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
    const pick = (i: number, salt: number) => ids[(i * 7_919 + salt) % ids.length] as string;

    for (const cacheMs of ['15000', '0']) {
      const config = loadApiConfig({
        NODE_ENV: 'production',
        DATABASE_URL: url,
        JWT_SECRET: jwtSecret,
        INTERNAL_API_KEY: randomBytes(32).toString('hex'),
        HOST: '127.0.0.1',
        PORT: '0',
        LOG_LEVEL: 'warn',
        RATE_LIMIT_MAX: '1000000',
        LEADERBOARD_CACHE_MS: cacheMs,
      });
      const api = await startApiServer({ config, logger: createLogger({ name: 'engagement-bench', level: 'warn' }) });
      try {
        const rows: Row[] = [];
        if (cacheMs !== '0') {
          rows.push(
            await measure('GET /api/analytics/me (random users)', measuredRequests, (i) => {
              const userId = pick(i, 1);
              return { url: `${api.url}/api/analytics/me`, token: tokenOf(userId) };
            }),
          );
        }
        const requests = cacheMs === '0' ? 20 : measuredRequests;
        for (const role of ['viewers', 'creators']) {
          for (const period of ['week', 'month', 'all']) {
            rows.push(
              await measure(`leaderboard ${role} ${period}, random offset, me`, requests, (i) => ({
                url: `${api.url}/api/analytics/leaderboard/all?role=${role}&period=${period}&limit=20&offset=${(i * 37) % 1_000}`,
                token: tokenOf(pick(i, 2)),
              })),
            );
          }
        }
        printTable(
          cacheMs === '0'
            ? 'LEADERBOARD_CACHE_MS=0 (every request ranks every user; 20 warm-up, 20 measured)'
            : `LEADERBOARD_CACHE_MS=${cacheMs} (the default; ${warmUpRequests} warm-up, ${measuredRequests} measured, sequential)`,
          rows,
        );
      } finally {
        await api.close();
      }
    }
  } finally {
    await scratch.drop();
  }
  write(`done in ${((performance.now() - started) / 1000).toFixed(1)} s`);
}

main().catch((error: unknown) => {
  process.stderr.write(
    `bench:engagement-stats failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
  );
  process.exit(1);
});
