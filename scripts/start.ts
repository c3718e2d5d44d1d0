// `pnpm start`: the whole product on one machine with no configuration. Starts an embedded
// PostgreSQL (unless DATABASE_URL is set), applies migrations, seeds demo data into an empty
// database, then runs the API and the realtime service. Ctrl-C stops everything in order.
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { seedDemoData, startApiServer } from '@showfloor/api';
import { ConfigError, loadApiConfig, loadLauncherConfig, loadRealtimeConfig } from '@showfloor/config';
import { applyMigrations, createPrismaClient, type EmbeddedPostgresServer, startEmbeddedPostgres } from '@showfloor/db';
import { startRealtimeServer } from '@showfloor/realtime';
import { closeGracefully, createLogger } from '@showfloor/server-kit';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const logger = createLogger({ name: 'showfloor', level: process.env.LOG_LEVEL ?? 'info' });

/** Secrets both services must share; generated once per checkout so restarts keep tokens valid. */
function ensureDevSecrets(env: NodeJS.ProcessEnv): void {
  if (env.INTERNAL_API_KEY && env.JWT_SECRET) return;
  const file = resolve(repoRoot, '.data/dev-secrets.json');
  let secrets: { INTERNAL_API_KEY: string; JWT_SECRET: string };
  if (existsSync(file)) {
    secrets = JSON.parse(readFileSync(file, 'utf8'));
  } else {
    secrets = { INTERNAL_API_KEY: randomBytes(32).toString('hex'), JWT_SECRET: randomBytes(48).toString('hex') };
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, JSON.stringify(secrets, null, 2), { mode: 0o600 });
  }
  env.INTERNAL_API_KEY ??= secrets.INTERNAL_API_KEY;
  env.JWT_SECRET ??= secrets.JWT_SECRET;
}

async function main(): Promise<void> {
  const env = process.env;
  const launcher = loadLauncherConfig(env);
  ensureDevSecrets(env);

  let embedded: EmbeddedPostgresServer | undefined;
  if (!launcher.DATABASE_URL) {
    const dataDir = resolve(repoRoot, launcher.EMBEDDED_PG_DATA_DIR);
    logger.info({ dataDir, port: launcher.EMBEDDED_PG_PORT }, 'starting embedded PostgreSQL');
    embedded = await startEmbeddedPostgres({
      dataDir,
      port: launcher.EMBEDDED_PG_PORT,
      database: 'showfloor',
      onLog: (message) => logger.debug({ postgres: message.trim() }),
    });
    env.DATABASE_URL = embedded.url;
  }

  const stopDatabase = async () => {
    if (embedded) await embedded.stop();
  };
  try {
    const databaseUrl = env.DATABASE_URL as string;
    const migrations = await applyMigrations(databaseUrl);
    logger.info({ applied: migrations.applied, alreadyApplied: migrations.alreadyApplied.length }, 'migrations done');

    const apiConfig = loadApiConfig(env);
    const prisma = createPrismaClient({ databaseUrl, maxConnections: apiConfig.DATABASE_POOL_MAX });
    if (launcher.SEED_DEMO_DATA) await seedDemoData(prisma, logger);

    const api = await startApiServer({ config: apiConfig, logger: logger.child({ service: 'api' }), prisma });
    const internalPort = new URL(api.internalUrl).port;
    env.API_INTERNAL_URL ??= `http://127.0.0.1:${internalPort}`;
    // What the realtime service cannot deliver at shutdown waits here for the next start.
    env.SPOOL_DIR ??= resolve(repoRoot, '.data/realtime-spool');
    const realtimeConfig = loadRealtimeConfig(env);
    const realtime = await startRealtimeServer({
      config: realtimeConfig,
      logger: logger.child({ service: 'realtime' }),
    });

    process.stdout.write(
      [
        '',
        'Showfloor is running',
        `  API          http://localhost:${apiConfig.PORT}        (health: /health)`,
        `  Realtime     http://localhost:${realtimeConfig.PORT}   (Socket.IO, health: /health)`,
        `  Database     ${embedded ? `embedded PostgreSQL on port ${launcher.EMBEDDED_PG_PORT}` : 'DATABASE_URL'}`,
        '  Demo logins  alice_pm / bob_dev / admin, password Password123!',
        'Press Ctrl-C to stop.',
        '',
      ].join('\n'),
    );

    // The order matters: the realtime service flushes what it counted to the API, which needs the database.
    closeGracefully({ name: 'showfloor', logger }, async () => {
      logger.info('stopping: realtime flushes to the API, then the API, then the database');
      await realtime.close().catch((error: unknown) => logger.error({ err: error }, 'realtime stop failed'));
      await api.close().catch((error: unknown) => logger.error({ err: error }, 'api stop failed'));
      await prisma.$disconnect();
      await stopDatabase();
      logger.info('stopped');
    });
  } catch (error) {
    await stopDatabase().catch(() => {});
    throw error;
  }
}

main().catch((error: unknown) => {
  if (error instanceof ConfigError) process.stderr.write(`showfloor: ${error.message}\n`);
  else logger.fatal({ err: error }, 'start-up failed');
  process.exit(1);
});
