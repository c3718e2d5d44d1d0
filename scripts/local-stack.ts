// The product on one machine with no configuration, as `pnpm start` and `pnpm dev` both run it:
// an embedded PostgreSQL (unless DATABASE_URL is set), migrations, demo data in an empty database,
// the API and the realtime service. What differs between the two (the web app) is the caller's.
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { networkInterfaces } from 'node:os';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { seedDemoData, startApiServer } from '@showfloor/api';
import { ConfigError, loadApiConfig, loadLauncherConfig, loadRealtimeConfig } from '@showfloor/config';
import { applyMigrations, createPrismaClient, type EmbeddedPostgresServer, startEmbeddedPostgres } from '@showfloor/db';
import { startRealtimeServer } from '@showfloor/realtime';
import { createLogger, type Logger } from '@showfloor/server-kit';

export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');

export function createLauncherLogger(): Logger {
  return createLogger({ name: 'showfloor', level: process.env.LOG_LEVEL ?? 'info' });
}

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

/** This machine's LAN addresses (IPv4, not loopback): where a phone on the same network finds it. */
export function lanAddresses(): string[] {
  return Object.values(networkInterfaces())
    .flat()
    .filter((address) => address !== undefined && address.family === 'IPv4' && !address.internal)
    .map((address) => address?.address as string);
}

/**
 * Defaults only the launcher sets, before the services read the environment: the page learns the
 * realtime port from the API (PUBLIC_REALTIME_PORT: the realtime service's own PORT), and a page
 * opened from another device on the LAN may call the realtime service (CORS for its polling).
 */
function applyLauncherDefaults(env: NodeJS.ProcessEnv): void {
  const realtimePort = loadRealtimeConfig(env).PORT;
  env.PUBLIC_REALTIME_PORT ??= String(realtimePort);
  if (env.CORS_ORIGINS === undefined || env.CORS_ORIGINS === '') {
    const apiPort = loadApiConfig(env).PORT;
    const pageHosts = ['localhost', '127.0.0.1', ...lanAddresses()];
    env.CORS_ORIGINS = ['http://localhost:5173', ...pageHosts.map((host) => `http://${host}:${apiPort}`)].join(',');
  }
}

export interface LocalStack {
  apiPort: number;
  realtimePort: number;
  /** How the banner names the database. */
  database: string;
  /** Realtime (which flushes what it counted to the API), then the API, then the database. */
  close(): Promise<void>;
}

export async function startLocalStack(env: NodeJS.ProcessEnv, logger: Logger): Promise<LocalStack> {
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

    applyLauncherDefaults(env);
    const apiConfig = loadApiConfig(env);
    const prisma = createPrismaClient({ databaseUrl, maxConnections: apiConfig.DATABASE_POOL_MAX });
    if (launcher.SEED_DEMO_DATA) await seedDemoData({ prisma, databaseUrl, logger });

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

    return {
      apiPort: apiConfig.PORT,
      realtimePort: realtimeConfig.PORT,
      database: embedded ? `embedded PostgreSQL on port ${launcher.EMBEDDED_PG_PORT}` : 'DATABASE_URL',
      // The order matters: the realtime service flushes what it counted to the API, which needs the database.
      async close() {
        logger.info('stopping: realtime flushes to the API, then the API, then the database');
        await realtime.close().catch((error: unknown) => logger.error({ err: error }, 'realtime stop failed'));
        await api.close().catch((error: unknown) => logger.error({ err: error }, 'api stop failed'));
        await prisma.$disconnect();
        await stopDatabase();
        logger.info('stopped');
      },
    };
  } catch (error) {
    await stopDatabase().catch(() => {});
    throw error;
  }
}

export interface BannerPage {
  /** The address to open, printed first. */
  open: string;
  what: string;
  /** Also print the address as other devices on the LAN reach it (only when it listens there). */
  onNetwork?: boolean;
  notes?: string[];
}

/** What the terminal shows once everything listens. */
export function printBanner(stack: LocalStack, page: BannerPage): void {
  const port = new URL(page.open).port;
  const onNetwork = page.onNetwork ? lanAddresses().map((address) => `http://${address}:${port}`) : [];
  process.stdout.write(
    [
      '',
      `Open  ${page.open}   (${page.what})`,
      ...(onNetwork.length > 0 ? [`      on your network: ${onNetwork.join(', ')}`] : []),
      ...(page.notes ?? []).map((note) => `      ${note}`),
      '',
      'Showfloor is running',
      `  API          http://localhost:${stack.apiPort}/api    (health: /health, docs: /docs)`,
      `  Realtime     http://localhost:${stack.realtimePort}        (Socket.IO, health: /health)`,
      `  Database     ${stack.database}`,
      '  Demo logins  alice_pm / bob_dev / admin, password Password123!',
      'Press Ctrl-C to stop.',
      '',
    ].join('\n'),
  );
}

/** Runs a launcher's main: a bad configuration prints its message, anything else is logged; exit 1. */
export function runLauncher(logger: Logger, main: () => Promise<void>): void {
  main().catch((error: unknown) => {
    if (error instanceof ConfigError) process.stderr.write(`showfloor: ${error.message}\n`);
    else logger.fatal({ err: error }, 'start-up failed');
    process.exit(1);
  });
}
