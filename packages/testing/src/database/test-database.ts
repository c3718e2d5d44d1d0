import { randomBytes } from 'node:crypto';
import { createPrismaClient, type PrismaClient } from '@showfloor/db';
import { inject } from 'vitest';
import { quoteIdentifier, runAdminQuery, withDatabase } from './database-admin.ts';
import './provided-context.ts';

export interface TestDatabase {
  name: string;
  url: string;
  prisma: PrismaClient;
  /** Refuses new connections and ends open ones: the database looks stopped to the API. */
  takeOffline(): Promise<void>;
  bringOnline(): Promise<void>;
  drop(): Promise<void>;
}

/** A fresh, migrated database cloned from the run's template; call once per test file. */
export async function createTestDatabase(): Promise<TestDatabase> {
  const { adminUrl, templateName } = inject('testDatabase');
  const name = `${templateName}_file_${randomBytes(4).toString('hex')}`;
  await runAdminQuery(adminUrl, `CREATE DATABASE ${quoteIdentifier(name)} TEMPLATE ${quoteIdentifier(templateName)}`);
  const url = withDatabase(adminUrl, name);
  const prisma = createPrismaClient({ databaseUrl: url, maxConnections: 5, connectionTimeoutMs: 5_000 });
  return {
    name,
    url,
    prisma,
    async takeOffline() {
      await runAdminQuery(adminUrl, `ALTER DATABASE ${quoteIdentifier(name)} ALLOW_CONNECTIONS false`);
      await runAdminQuery(adminUrl, 'SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1', [
        name,
      ]);
    },
    async bringOnline() {
      await runAdminQuery(adminUrl, `ALTER DATABASE ${quoteIdentifier(name)} ALLOW_CONNECTIONS true`);
    },
    async drop() {
      await prisma.$disconnect();
      await runAdminQuery(adminUrl, `DROP DATABASE IF EXISTS ${quoteIdentifier(name)} WITH (FORCE)`);
    },
  };
}

/** The run's PostgreSQL maintenance URL, for tests that manage their own scratch databases. */
export function testDatabaseServerUrl(): string {
  return inject('testDatabase').adminUrl;
}
