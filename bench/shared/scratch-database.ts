import { randomBytes } from 'node:crypto';
import { resolve } from 'node:path';
import { applyMigrations, createPrismaClient, type EmbeddedPostgresServer, startEmbeddedPostgres } from '@showfloor/db';
import { findFreePort } from '@showfloor/testing';

export interface ScratchDatabase {
  url: string;
  /** Drops the database, and stops the embedded server when this run started one. */
  drop(): Promise<void>;
}

async function runSql(url: string, sql: string): Promise<{ name: string }[]> {
  const prisma = createPrismaClient({ databaseUrl: url, maxConnections: 1 });
  try {
    return await prisma.$queryRawUnsafe<{ name: string }[]>(sql);
  } finally {
    await prisma.$disconnect();
  }
}

/**
 * A migrated database of its own for one benchmark run, named `<prefix><random>`: on the server
 * DATABASE_URL names (which is never written to otherwise), or on an embedded PostgreSQL under
 * `.data/<dataDirName>` that the run starts and stops.
 */
export async function createScratchDatabase(options: {
  repoRoot: string;
  prefix: string;
  dataDirName: string;
  log: (line: string) => void;
}): Promise<ScratchDatabase> {
  let embedded: EmbeddedPostgresServer | undefined;
  let serverUrl = process.env.DATABASE_URL;
  if (!serverUrl) {
    const dataDir = resolve(options.repoRoot, '.data', options.dataDirName);
    options.log(`starting embedded PostgreSQL in ${dataDir}`);
    embedded = await startEmbeddedPostgres({ dataDir, port: await findFreePort(), database: 'postgres' });
    serverUrl = embedded.adminUrl;
    // The server is ours alone: clear what an interrupted run left behind.
    const leftovers = await runSql(
      serverUrl,
      `SELECT datname AS name FROM pg_database WHERE starts_with(datname, '${options.prefix}')`,
    );
    for (const { name } of leftovers) await runSql(serverUrl, `DROP DATABASE "${name}" WITH (FORCE)`);
  }
  const name = `${options.prefix}${randomBytes(4).toString('hex')}`;
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  await runSql(serverUrl, `CREATE DATABASE "${name}"`);
  const admin = serverUrl;
  try {
    await applyMigrations(url.toString());
  } catch (error) {
    await runSql(admin, `DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    await embedded?.stop();
    throw error;
  }
  return {
    url: url.toString(),
    async drop() {
      await runSql(admin, `DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      await embedded?.stop();
    },
  };
}
