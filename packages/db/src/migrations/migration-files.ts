import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export interface MigrationFile {
  /** Folder name, `<timestamp>_<name>`, exactly as Prisma records it. */
  name: string;
  sql: string;
  /** sha256 of the file, the checksum Prisma stores in `_prisma_migrations`. */
  checksum: string;
}

export const defaultMigrationsDir = resolve(dirname(fileURLToPath(import.meta.url)), '../../../../prisma/migrations');

export const defaultSchemaPath = resolve(defaultMigrationsDir, '../schema.prisma');

export function readMigrationFiles(migrationsDir = defaultMigrationsDir): MigrationFile[] {
  return readdirSync(migrationsDir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && existsSync(join(migrationsDir, entry.name, 'migration.sql')))
    .map((entry) => entry.name)
    .sort()
    .map((name) => {
      const sql = readFileSync(join(migrationsDir, name, 'migration.sql'), 'utf8');
      return { name, sql, checksum: createHash('sha256').update(sql).digest('hex') };
    });
}
