export type { QueryResultRow } from 'pg';
export { dayPartitions } from './day-partitions.ts';
export { createDeadlineStatements } from './deadline-statement.ts';
export {
  type EmbeddedPostgresOptions,
  type EmbeddedPostgresServer,
  startEmbeddedPostgres,
} from './embedded/embedded-postgres-server.ts';
export { Prisma } from './generated/prisma/client.ts';
export type { SessionStatus, UserRole, ViewerRole } from './generated/prisma/enums.ts';
export {
  defaultMigrationsDir,
  defaultSchemaPath,
  type MigrationFile,
  readMigrationFiles,
} from './migrations/migration-files.ts';
export { applyMigrations, MigrationChecksumError, type MigrationResult } from './migrations/migration-runner.ts';
export {
  createPgPool,
  createPrismaClient,
  type PgPool,
  type PgPoolClient,
  type PgPoolOptions,
  type PrismaClient,
  type PrismaClientOptions,
} from './prisma-client.ts';
