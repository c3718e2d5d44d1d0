import { spawn } from 'node:child_process';
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { testDatabaseServerUrl } from '@showfloor/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultMigrationsDir, defaultSchemaPath, readMigrationFiles } from '../src/migrations/migration-files.ts';
import { applyMigrations, MigrationChecksumError } from '../src/migrations/migration-runner.ts';
import { sqlManagedTables, withScratchDatabase } from '../src/migrations/schema-differ.ts';

const statementsOf = (sql: string) => sql.trimEnd().split(/;\s*\n/);

/** The run's PostgreSQL server (see the global setup), where scratch databases come and go. */
function testServerUrl(): string {
  return testDatabaseServerUrl();
}

const packageDir = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const checkDriftCli = join(packageDir, 'src/cli/check-drift.ts');
// Each run starts node, loads the wasm engine and replays every migration.
const cliTimeout = 60_000;

interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

// The engine's `.wasm` import needs --experimental-wasm-modules, which vitest workers lack.
function runDriftCheck(args: string[] = []): Promise<CliRun> {
  return new Promise((resolveRun, reject) => {
    const child = spawn(process.execPath, ['--experimental-wasm-modules', '--import', 'tsx', checkDriftCli, ...args], {
      cwd: packageDir,
      env: { ...process.env, DATABASE_URL: testServerUrl() },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk;
    });
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk;
    });
    child.once('error', reject);
    child.once('close', (code) => resolveRun({ code, stdout, stderr }));
  });
}

describe('migration drift check', () => {
  let tempDir: string;
  beforeAll(async () => {
    tempDir = await mkdtemp(join(tmpdir(), 'showfloor-drift-'));
  });
  afterAll(() => rm(tempDir, { recursive: true, force: true }));

  it(
    'finds prisma/migrations in sync with prisma/schema.prisma',
    async () => {
      const run = await runDriftCheck();
      expect(run, run.stderr).toMatchObject({ code: 0 });
      expect(run.stdout).toContain('no drift');
    },
    cliTimeout,
  );

  it(
    'reports the SQL for a model the migrations lack',
    async () => {
      const schemaPath = join(tempDir, 'schema.prisma');
      const probe = '\nmodel DriftProbe {\n  id Int @id\n\n  @@map("drift_probe")\n}\n';
      await writeFile(schemaPath, (await readFile(defaultSchemaPath, 'utf8')) + probe);

      const run = await runDriftCheck(['--schema', schemaPath]);
      expect(run, run.stderr).toMatchObject({ code: 1 });
      expect(run.stdout).toContain('CREATE TABLE "drift_probe"');
    },
    cliTimeout,
  );

  it(
    'reports drift when the newest migration of a Prisma model lost its last statement',
    async () => {
      const migrationsDir = join(tempDir, 'migrations');
      await cp(defaultMigrationsDir, migrationsDir, { recursive: true });
      // Tables written with SQL alone (sqlManagedTables) are not the differ's to see: the newest
      // migration that touches none of them is the one whose loss it must notice.
      const sqlOnly = sqlManagedTables.map((table) => table.replace(/^public\./, ''));
      const last = readMigrationFiles(migrationsDir).findLast(
        (migration) => !sqlOnly.some((table) => migration.sql.includes(table)),
      );
      if (!last) throw new Error('no migration of a Prisma model');
      const statements = statementsOf(last.sql);
      await writeFile(join(migrationsDir, last.name, 'migration.sql'), `${statements.slice(0, -1).join(';\n')};\n`);

      const run = await runDriftCheck(['--migrations', migrationsDir]);
      expect(run, run.stderr).toMatchObject({ code: 1 });
      expect(run.stdout).toMatch(/^drift:/);
    },
    cliTimeout,
  );
});

describe('applyMigrations', () => {
  it('applies nothing the second time', () =>
    withScratchDatabase(testServerUrl(), async (databaseUrl) => {
      const names = readMigrationFiles().map((migration) => migration.name);
      expect(await applyMigrations(databaseUrl)).toEqual({ applied: names, alreadyApplied: [] });
      expect(await applyMigrations(databaseUrl)).toEqual({ applied: [], alreadyApplied: names });
    }));

  it('refuses a migration edited after it was applied', async () => {
    const migrationsDir = await mkdtemp(join(tmpdir(), 'showfloor-migrations-'));
    try {
      await cp(defaultMigrationsDir, migrationsDir, { recursive: true });
      await withScratchDatabase(testServerUrl(), async (databaseUrl) => {
        await applyMigrations(databaseUrl, readMigrationFiles(migrationsDir));
        const last = readMigrationFiles(migrationsDir).at(-1);
        if (!last) throw new Error('no migrations');
        await writeFile(join(migrationsDir, last.name, 'migration.sql'), `${last.sql}\n-- edited\n`);

        const error = await applyMigrations(databaseUrl, readMigrationFiles(migrationsDir)).catch((e: unknown) => e);
        expect(error).toBeInstanceOf(MigrationChecksumError);
        expect(error).toMatchObject({ migrationName: last.name });
      });
    } finally {
      await rm(migrationsDir, { recursive: true, force: true });
    }
  });
});
