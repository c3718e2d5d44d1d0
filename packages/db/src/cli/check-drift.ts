// `pnpm --filter @showfloor/db migration:check [--schema <path>] [--migrations <dir>]`: fails when
// the migrations do not produce what prisma/schema.prisma describes (someone changed the schema
// without `pnpm db:migration:create`, or edited a migration). DATABASE_URL names a PostgreSQL
// server on which a throwaway database is created and dropped; nothing else on it is touched.
// Exit codes: 0 in sync, 1 drift (the SQL that is missing is printed), 2 bad usage or failure.
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { diffMigrationsAgainstSchema, withScratchDatabase } from '../migrations/schema-differ.ts';

function fail(message: string): never {
  process.stderr.write(`migration check failed: ${message}\n`);
  process.exit(2);
}

let flags: { schema?: string; migrations?: string };
try {
  flags = parseArgs({
    options: { schema: { type: 'string' }, migrations: { type: 'string' } },
    strict: true,
    allowPositionals: false,
  }).values;
} catch (error) {
  fail(`${(error as Error).message}\nusage: check-drift.ts [--schema <path>] [--migrations <dir>]`);
}
const serverUrl = process.env.DATABASE_URL;
if (!serverUrl) fail('DATABASE_URL is required: a PostgreSQL server where a scratch database may be created');

let sql: string;
try {
  sql = await withScratchDatabase(serverUrl, (databaseUrl) =>
    diffMigrationsAgainstSchema({
      databaseUrl,
      schemaPath: flags.schema === undefined ? undefined : resolve(flags.schema),
      migrationsDir: flags.migrations === undefined ? undefined : resolve(flags.migrations),
    }),
  );
} catch (error) {
  fail(error instanceof Error ? (error.stack ?? error.message) : String(error));
}

if (sql === '') {
  process.stdout.write('no drift: the migrations match the schema\n');
} else {
  process.stdout.write(
    `drift: the migrations do not produce the schema; they are missing:\n\n${sql}\n` +
      'Run `pnpm db:migration:create <name>` to add a migration.\n',
  );
  process.exitCode = 1;
}
