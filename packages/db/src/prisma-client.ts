import { PrismaPg } from '@prisma/adapter-pg';
import { PrismaClient } from './generated/prisma/client.ts';

export interface PrismaClientOptions {
  databaseUrl: string;
  /** Pool size per process; the API is the only writer, so a small pool goes a long way. */
  maxConnections?: number;
  /** How long to wait for a connection before failing, so a dead database fails fast. */
  connectionTimeoutMs?: number;
}

export function createPrismaClient(options: PrismaClientOptions): PrismaClient {
  const adapter = new PrismaPg({
    connectionString: options.databaseUrl,
    max: options.maxConnections ?? 10,
    connectionTimeoutMillis: options.connectionTimeoutMs ?? 3_000,
  });
  return new PrismaClient({ adapter });
}

export type { PrismaClient };
