// `pnpm db:migrate`: applies pending migrations to DATABASE_URL.
import { applyMigrations } from '../migrations/migration-runner.ts';

const databaseUrl = process.env.DATABASE_URL;
if (!databaseUrl) {
  process.stderr.write('DATABASE_URL is required: the PostgreSQL to migrate\n');
  process.exit(1);
}
const result = await applyMigrations(databaseUrl);
process.stdout.write(
  `migrations: ${result.applied.length} applied${result.applied.map((name) => `\n  + ${name}`).join('')}, ${result.alreadyApplied.length} already applied\n`,
);
