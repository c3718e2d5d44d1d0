// `pnpm bench:search`: search latency through real HTTP on 100,000 sessions and 100,000 products.
//
// Without DATABASE_URL it starts an embedded PostgreSQL (data under .data/bench-postgres, a free
// port). Either way it creates a scratch database on that server, applies the migrations, fills
// it with generated rows in a few INSERT … SELECT generate_series statements, ANALYZEs, serves the
// real API on a free port, and times sequential requests (after a warm-up) with fetch. It prints
// the plans PostgreSQL picks, then p50/p95 per query and per endpoint, twice: with totals counted
// exactly (SEARCH_EXACT_TOTAL_UP_TO=1000000, how search counted before 2026-12-03: every match
// rechecked) as the baseline, then with the API's default bound (exact up to 1,000), and the
// ratio of the two. The scratch database is
// dropped at the end (unless SEARCH_BENCH_KEEP_DATABASE=1); the database DATABASE_URL names is
// never written to. The API runs with PUBLIC_READ_CACHE_MS=0: every request takes the database path.
import { randomBytes } from 'node:crypto';
import { dirname, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import {
  productCountQuery,
  productPageQuery,
  sessionCountQuery,
  sessionPageQuery,
  startApiServer,
} from '@showfloor/api';
import { loadApiConfig } from '@showfloor/config';
import { createPrismaClient, type Prisma } from '@showfloor/db';
import { createLogger } from '@showfloor/server-kit';
import { createScratchDatabase } from '../shared/scratch-database.ts';

const rowsPerTable = 100_000;
const databasePrefix = 'showfloor_search_bench_';
const firstPage = { limit: 20, offset: 0 };
const warmUpRequests = 20;
const requestsPerQuery = 50;
/** SEARCH_BENCH_KEEP_DATABASE=1 leaves the scratch database for EXPLAIN ANALYZE (drop it by hand). */
const keepDatabase = process.env.SEARCH_BENCH_KEEP_DATABASE === '1';

/**
 * Rotated through the measured requests: a common word, a word part, two words, a rare term, and
 * for sessions a common word's page 51 (the page is found by walking past 1,000 matches, and the
 * bounded count goes on to the end of that page).
 */
const sessionQueries = ['q=gaming', 'q=keyb', 'q=retro%20vintage', 'q=%2342424', 'q=gaming&offset=1000'];
/** The global search: the first 10 of each kind, newest first, and both counts. */
const everythingQueries = ['q=gaming', 'q=keyboard', 'q=oak%20desk', 'q=%2342424'];
const productQueries = [
  'q=keyboard&minPrice=100',
  'q=lamp&minPrice=20',
  'q=desk%20oak&minPrice=50',
  'q=%2377777&minPrice=1',
];

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const write = (line = '') => process.stdout.write(`${line}\n`);

/** One statement on its own short-lived connection (CREATE/DROP DATABASE cannot share one with the API). */
async function runSql<T = unknown>(url: string, sql: string, values: unknown[] = []): Promise<T[]> {
  const prisma = createPrismaClient({ databaseUrl: url, maxConnections: 1 });
  try {
    return await prisma.$queryRawUnsafe<T[]>(sql, ...values);
  } finally {
    await prisma.$disconnect();
  }
}

/**
 * Vocabulary the generated rows draw from. Words are picked by hashing the row number, so every
 * run builds the same data. A word shows up in about one session in ten ("gaming", also a
 * category, in one in five) and one product in fifteen.
 */
const vocabulary = [
  'gaming',
  'retro',
  'vintage',
  'keyboard',
  'sneakers',
  'fashion',
  'cooking',
  'baking',
  'tech',
  'music',
  'fitness',
  'beauty',
  'travel',
  'camera',
  'vinyl',
  'coffee',
  'garden',
  'lego',
  'anime',
  'watches',
  'skincare',
  'streetwear',
  'knitting',
  'pottery',
  'cycling',
  'hiking',
  'camping',
  'fishing',
  'drones',
  'comics',
  'boardgames',
  'tea',
  'wine',
  'cheese',
  'bread',
  'vegan',
  'grilling',
  'sushi',
  'jewelry',
  'handbags',
  'perfume',
  'makeup',
  'haircare',
  'yoga',
  'running',
  'tennis',
  'golf',
  'football',
  'basketball',
  'skateboards',
  'guitars',
  'synths',
  'headphones',
  'smartphones',
  'laptops',
  'tablets',
  'smarthome',
  'furniture',
  'lighting',
  'plants',
];
const categories = ['gaming', 'fashion', 'cooking', 'tech', 'music', 'fitness', 'beauty', 'travel'];
const productWords = [
  'keyboard',
  'lamp',
  'desk',
  'oak',
  'chair',
  'mug',
  'headphones',
  'cable',
  'jacket',
  'sneaker',
  'camera',
  'lens',
  'tripod',
  'notebook',
  'pen',
  'backpack',
  'bottle',
  'speaker',
  'monitor',
  'mat',
  'walnut',
  'linen',
  'leather',
  'ceramic',
  'steel',
  'bamboo',
  'wool',
  'cotton',
  'glass',
  'brass',
  'kettle',
  'teapot',
  'skillet',
  'knife',
  'blender',
  'toaster',
  'pillow',
  'blanket',
  'rug',
  'vase',
  'watch',
  'bracelet',
  'ring',
  'necklace',
  'wallet',
  'belt',
  'scarf',
  'hat',
  'gloves',
  'socks',
  'charger',
  'mouse',
  'webcam',
  'microphone',
  'router',
  'drive',
  'tablet',
  'stylus',
  'stand',
  'hub',
];

const sqlArray = (words: string[]) => `ARRAY[${words.map((word) => `'${word}'`).join(',')}]`;

async function generateRows(databaseUrl: string): Promise<void> {
  const pick = (array: string, salt: number) => `${array}[1 + abs(hashint4(n * ${salt})) % cardinality(${array})]`;
  await runSql(
    databaseUrl,
    `INSERT INTO users (id, username, email, name, password_hash, role, updated_at)
     SELECT gen_random_uuid(), 'bench_creator_' || n, 'bench-' || n || '@example.test', 'Creator ' || n,
            'not-a-real-hash', 'creator', now()
     FROM generate_series(1, 200) AS n`,
  );
  await runSql(
    databaseUrl,
    `WITH creators AS (SELECT array_agg(id) AS ids FROM users),
          words AS (SELECT ${sqlArray(vocabulary)} AS w, ${sqlArray(categories)} AS c)
     INSERT INTO sessions (id, creator_id, title, description, category, tags, status, started_at, created_at, updated_at)
     SELECT gen_random_uuid(),
            creators.ids[1 + n % cardinality(creators.ids)],
            initcap(${pick('w', 7)}) || ' ' || ${pick('w', 13)} || ' live #' || n,
            'Join us for ' || ${pick('w', 17)} || ' and ' || ${pick('w', 19)} || ', questions welcome.',
            ${pick('c', 23)},
            ARRAY[${pick('w', 29)}, ${pick('w', 31)}],
            (ARRAY['live','live','paused','scheduled','scheduled','scheduled','ended','ended','ended','ended'])[1 + n % 10]::"SessionStatus",
            CASE WHEN n % 10 < 3 OR n % 10 >= 6 THEN now() - n * interval '1 minute' END,
            now() - n * interval '1 minute',
            now()
     FROM generate_series(1, ${rowsPerTable}) AS n, creators, words`,
  );
  await runSql(
    databaseUrl,
    `WITH sellers AS (SELECT array_agg(id) AS ids FROM users),
          words AS (SELECT ${sqlArray(productWords)} AS w)
     INSERT INTO products (id, seller_id, name, description, price, created_at, updated_at)
     SELECT gen_random_uuid(),
            sellers.ids[1 + n % cardinality(sellers.ids)],
            initcap(${pick('w', 7)}) || ' ' || ${pick('w', 13)} || ' #' || n,
            'A ' || ${pick('w', 17)} || ' that pairs well with any ' || ${pick('w', 19)} || '.',
            (abs(hashint4(n * 37)) % 50000) / 100.0 + 0.99,
            now() - n * interval '1 minute',
            now()
     FROM generate_series(1, ${rowsPerTable}) AS n, sellers, words`,
  );
  await runSql(databaseUrl, 'ANALYZE');
}

/** The plan PostgreSQL picks, unforced, for the exact SQL the repository sends. */
async function planOf(databaseUrl: string, query: Prisma.Sql): Promise<string> {
  const rows = await runSql<{ 'QUERY PLAN': string }>(databaseUrl, `EXPLAIN ${query.text}`, query.values);
  return rows.map((row) => `    ${row['QUERY PLAN']}`).join('\n');
}

function percentile(sortedMs: number[], fraction: number): number {
  // Nearest rank: the smallest sample at or above `fraction` of all samples.
  return sortedMs[Math.max(0, Math.ceil(fraction * sortedMs.length) - 1)] ?? Number.NaN;
}

interface SearchAnswer {
  meta?: { total: number; totalIsExact: boolean };
  /** GET /api/search */
  data?: { counts?: Record<string, number>; countsAreExact?: Record<string, boolean> };
}

/** "> N": the API stopped counting at N (totalIsExact / countsAreExact false). */
function totalOf(body: SearchAnswer): string {
  const shown = (total: number, exact: boolean) => `${exact ? '' : '> '}${total}`;
  if (body.meta) return shown(body.meta.total, body.meta.totalIsExact);
  const { counts, countsAreExact } = body.data ?? {};
  if (!counts || !countsAreExact) return '';
  return Object.entries(counts)
    .map(([kind, total]) => `${kind} ${shown(total, countsAreExact[kind] ?? true)}`)
    .join(', ');
}

interface Row {
  label: string;
  samples: number[];
  total: number | string;
}

async function measure(baseUrl: string, path: string, queries: string[]): Promise<Row[]> {
  const byQuery = new Map<string, Row>(queries.map((query) => [query, { label: query, samples: [], total: '' }]));
  const get = async (query: string) => {
    const started = performance.now();
    const response = await fetch(`${baseUrl}${path}?${query}`);
    const body = (await response.json()) as SearchAnswer;
    const elapsed = performance.now() - started;
    if (response.status !== 200)
      throw new Error(`${path}?${query} answered ${response.status}: ${JSON.stringify(body)}`);
    return { elapsed, total: totalOf(body) };
  };
  for (let i = 0; i < warmUpRequests; i++) await get(queries[i % queries.length] as string);
  const measuredRequests = requestsPerQuery * queries.length;
  for (let i = 0; i < measuredRequests; i++) {
    const query = queries[i % queries.length] as string;
    const { elapsed, total } = await get(query);
    const row = byQuery.get(query) as Row;
    row.samples.push(elapsed);
    row.total = total;
  }
  const rows = [...byQuery.values()];
  return [
    ...rows,
    { label: `all ${measuredRequests} requests`, samples: rows.flatMap((row) => row.samples), total: '' },
  ];
}

function printTable(path: string, rows: Row[]): void {
  const header = ['query', 'requests', 'matches', 'p50 ms', 'p95 ms', 'max ms'];
  const lines = rows.map((row) => {
    const sorted = [...row.samples].sort((a, b) => a - b);
    return [
      row.label,
      String(sorted.length),
      String(row.total),
      percentile(sorted, 0.5).toFixed(1),
      percentile(sorted, 0.95).toFixed(1),
      (sorted.at(-1) ?? Number.NaN).toFixed(1),
    ];
  });
  const widths = header.map((title, column) =>
    Math.max(title.length, ...lines.map((line) => (line[column] as string).length)),
  );
  const format = (cells: string[]) =>
    `| ${cells.map((cell, column) => (column === 0 ? cell.padEnd(widths[column] as number) : cell.padStart(widths[column] as number))).join(' | ')} |`;
  write(`GET ${path}`);
  write(format(header));
  write(
    `|${widths.map((width, column) => (column === 0 ? `:${'-'.repeat(width + 1)}` : `${'-'.repeat(width + 1)}:`)).join('|')}|`,
  );
  for (const line of lines) write(format(line));
  write();
}

interface Scenario {
  label: string;
  exactTotalUpTo: string;
}

/** The baseline first: totals counted exactly, every match rechecked (search before 2026-12-03). */
const scenarios: Scenario[] = [
  { label: 'exact totals', exactTotalUpTo: '1000000' },
  { label: 'totals exact up to 1,000', exactTotalUpTo: '1000' },
];

function printComparison(path: string, before: Row[], after: Row[]): void {
  const p = (row: Row | undefined, fraction: number) =>
    percentile(
      [...(row?.samples ?? [])].sort((a, b) => a - b),
      fraction,
    );
  write(`GET ${path}`);
  write('| query | matches | total | p50 ms before → after | p95 ms before → after | p95 after / before |');
  write('|:--|--:|--:|--:|--:|--:|');
  for (const [index, row] of after.entries()) {
    const base = before[index];
    write(
      `| ${row.label} | ${base?.total ?? ''} | ${row.total} | ${p(base, 0.5).toFixed(1)} → ${p(row, 0.5).toFixed(1)} ` +
        `| ${p(base, 0.95).toFixed(1)} → ${p(row, 0.95).toFixed(1)} | ${(p(row, 0.95) / p(base, 0.95)).toFixed(2)} |`,
    );
  }
  write();
}

async function main(): Promise<void> {
  const started = performance.now();
  const scratch = await createScratchDatabase({
    repoRoot,
    prefix: databasePrefix,
    dataDirName: 'bench-postgres',
    log: write,
  });
  const databaseUrl = new URL(scratch.url);
  let api: Awaited<ReturnType<typeof startApiServer>> | undefined;
  try {
    const generating = performance.now();
    await generateRows(databaseUrl.toString());
    write(
      `generated ${rowsPerTable.toLocaleString('en')} sessions and ${rowsPerTable.toLocaleString('en')} products ` +
        `(with their indexes) and ANALYZEd in ${((performance.now() - generating) / 1000).toFixed(1)} s`,
    );
    write();

    write('plans PostgreSQL picks for the SQL the repository sends (counts, then pages of 20, newest first):');
    const plans: [string, Prisma.Sql][] = [
      ['sessions, q=gaming, counted up to 1,000', sessionCountQuery({ text: 'gaming', order: 'newest' }, 1_000)],
      [
        'products, q=keyboard, minPrice=100, counted up to 1,000',
        productCountQuery({ text: 'keyboard', minPrice: 100, order: 'newest' }, 1_000),
      ],
      ['sessions, q=gaming (common)', sessionPageQuery({ text: 'gaming', order: 'newest' }, firstPage)],
      ['sessions, q=#42424 (rare)', sessionPageQuery({ text: '#42424', order: 'newest' }, firstPage)],
      [
        'products, q=keyboard, minPrice=100 (common)',
        productPageQuery({ text: 'keyboard', minPrice: 100, order: 'newest' }, firstPage),
      ],
      [
        'products, q=#77777, minPrice=1 (rare)',
        productPageQuery({ text: '#77777', minPrice: 1, order: 'newest' }, firstPage),
      ],
    ];
    for (const [label, query] of plans) {
      write(`  ${label}:`);
      write(await planOf(databaseUrl.toString(), query));
    }
    write();

    const results: { scenario: Scenario; sessions: Row[]; products: Row[]; everything: Row[] }[] = [];
    for (const scenario of scenarios) {
      const config = loadApiConfig({
        NODE_ENV: 'production',
        DATABASE_URL: databaseUrl.toString(),
        JWT_SECRET: randomBytes(48).toString('hex'),
        INTERNAL_API_KEY: randomBytes(32).toString('hex'),
        HOST: '127.0.0.1',
        PORT: '0',
        LOG_LEVEL: 'warn',
        // The benchmark is one client sending hundreds of requests a minute.
        RATE_LIMIT_MAX: '1000000',
        // The queries rotate through a handful of URLs, which the public-read cache would answer from
        // memory after the first; the figures are the database path's, so it is off.
        PUBLIC_READ_CACHE_MS: '0',
        SEARCH_EXACT_TOTAL_UP_TO: scenario.exactTotalUpTo,
      });
      api = await startApiServer({ config, logger: createLogger({ name: 'search-bench', level: 'warn' }) });
      write(
        `${scenario.label}: API on ${api.url}; ${warmUpRequests} warm-up then ${requestsPerQuery} sequential ` +
          'requests per query, limit 20, newest first, queries in rotation',
      );
      write();
      const sessions = await measure(api.url, '/api/search/sessions', sessionQueries);
      printTable('/api/search/sessions', sessions);
      const products = await measure(api.url, '/api/search/products', productQueries);
      printTable('/api/search/products', products);
      const everything = await measure(api.url, '/api/search', everythingQueries);
      printTable('/api/search', everything);
      results.push({ scenario, sessions, products, everything });
      await api.close();
      api = undefined;
    }
    const [before, after] = results;
    if (before && after) {
      write(`p95 ratio, ${after.scenario.label} against ${before.scenario.label} (same data, same run):`);
      printComparison('/api/search/sessions', before.sessions, after.sessions);
      printComparison('/api/search/products', before.products, after.products);
      printComparison('/api/search', before.everything, after.everything);
    }
  } finally {
    await api?.close();
    if (keepDatabase) write(`kept the scratch database: ${databaseUrl.toString()}`);
    else await scratch.drop();
  }
  write(`done in ${((performance.now() - started) / 1000).toFixed(1)} s`);
}

main().catch((error: unknown) => {
  process.stderr.write(
    `bench:search failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
  );
  process.exit(1);
});
