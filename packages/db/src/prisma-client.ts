import { PrismaPg } from '@prisma/adapter-pg';
import pg from 'pg';
import { PrismaClient } from './generated/prisma/client.ts';

export interface PrismaClientOptions {
  databaseUrl: string;
  /** Pool size per process; the API is the only writer, so a small pool goes a long way. */
  maxConnections?: number;
  /** How long to wait for a connection before failing, so a dead database fails fast. */
  connectionTimeoutMs?: number;
}

/**
 * A pg client that always has an 'error' listener. When the server ends a connection
 * (pg_terminate_backend, a restart, a failover) pg emits 'error' on its client; @prisma/adapter-pg
 * listens only while a client is idle in the pool or inside a transaction, so a client checked out
 * between those had none and the error became an uncaught exception that would stop the process.
 * The failure is not lost: the client is marked unusable, the pool drops it, and the query that
 * needed it fails — which the API answers with 503 and Retry-After.
 */
class ConnectionLossTolerantClient extends pg.Client {
  constructor(config?: string | pg.ClientConfig) {
    super(config);
    this.on('error', () => undefined);
  }
}

export interface PgPoolOptions extends PrismaClientOptions {
  /** Shown in pg_stat_activity, so ops can tell this pool's connections apart. */
  applicationName?: string;
  /** Server settings for every connection of the pool (`-c name=value` each). */
  settings?: Record<string, string>;
}

/**
 * A plain pg pool for the few paths that speak SQL directly rather than through Prisma (feature
 * analytics' group commits: one function call with array parameters per batch), with the same
 * tolerance of lost connections as the Prisma client's.
 */
export function createPgPool(options: PgPoolOptions): pg.Pool {
  const pool = new pg.Pool({
    connectionString: options.databaseUrl,
    max: options.maxConnections ?? 10,
    connectionTimeoutMillis: options.connectionTimeoutMs ?? 3_000,
    application_name: options.applicationName,
    ...(options.settings
      ? {
          options: Object.entries(options.settings)
            .map(([name, value]) => `-c ${name}=${value}`)
            .join(' '),
        }
      : {}),
    Client: ConnectionLossTolerantClient,
  });
  // An idle client that loses its connection is removed by the pool; without a listener the
  // pool's 'error' event would stop the process.
  pool.on('error', () => undefined);
  return pool;
}

export type PgPool = pg.Pool;
export type PgPoolClient = pg.PoolClient;

export function createPrismaClient(options: PrismaClientOptions): PrismaClient {
  const adapter = new PrismaPg({
    connectionString: options.databaseUrl,
    max: options.maxConnections ?? 10,
    connectionTimeoutMillis: options.connectionTimeoutMs ?? 3_000,
    Client: ConnectionLossTolerantClient,
  });
  return new PrismaClient({ adapter });
}

export type { PrismaClient };
