import { randomBytes } from 'node:crypto';
import { applyMigrations } from '@showfloor/db';
import type { TestProject } from 'vitest/node';
import { quoteIdentifier, runAdminQuery, withDatabase } from './database-admin.ts';
import { startTestDatabaseServer } from './database-server.ts';
import './provided-context.ts';

/**
 * Vitest global setup: one PostgreSQL for the run, migrated once into a template database that
 * every test file clones (CREATE DATABASE … TEMPLATE), so files never share state.
 */
export default async function setup(project: TestProject) {
  const log = (message: string) => process.stderr.write(`[test-db] ${message}\n`);
  const server = await startTestDatabaseServer(log);
  const templateName = `showfloor_template_${randomBytes(4).toString('hex')}`;
  await runAdminQuery(server.adminUrl, `CREATE DATABASE ${quoteIdentifier(templateName)}`);
  await applyMigrations(withDatabase(server.adminUrl, templateName));
  log(`PostgreSQL from ${server.source}; template ${templateName} migrated`);
  project.provide('testDatabase', { adminUrl: server.adminUrl, templateName, source: server.source });

  return async () => {
    const { rows } = await runAdminQuery(
      server.adminUrl,
      `SELECT datname FROM pg_database WHERE datname LIKE $1 OR datname = $2`,
      [`${templateName}_file_%`, templateName],
    );
    for (const row of rows as { datname: string }[]) {
      await runAdminQuery(server.adminUrl, `DROP DATABASE IF EXISTS ${quoteIdentifier(row.datname)} WITH (FORCE)`);
    }
    await server.stop();
  };
}
