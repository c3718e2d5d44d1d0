import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { startApiServer } from '@showfloor/api';
import { createLogger } from '@showfloor/server-kit';
import { createTestDatabase, findFreePort, testApiConfig, testSecrets, waitFor } from '@showfloor/testing';

const mainScript = fileURLToPath(new URL('../../src/main.ts', import.meta.url));

/** The real API on a fresh test database, for tests that run the realtime service as a process. */
export async function startApiOnTestDatabase() {
  const db = await createTestDatabase();
  const api = await startApiServer({
    config: testApiConfig(db.url),
    logger: createLogger({ name: 'api', level: 'silent' }),
    prisma: db.prisma,
  });
  return {
    db,
    api,
    async close() {
      await api.close();
      await db.drop();
    },
  };
}

export interface RealtimeProcess {
  url: string;
  child: ChildProcess;
  /** The exit code, and when the process exited (ms since the epoch). */
  exited: Promise<{ code: number | null; at: number }>;
}

/**
 * The realtime service as it is deployed: its own process from `src/main.ts`, configured by env and
 * pointed at `apiInternalUrl`; resolves once its /health answers. Signals reach it for real.
 */
export async function startRealtimeProcess(options: {
  apiInternalUrl: string;
  nodeId: string;
  env?: Record<string, string>;
}): Promise<RealtimeProcess> {
  const port = await findFreePort();
  const child = spawn(process.execPath, ['--import', 'tsx', mainScript], {
    env: {
      ...process.env,
      PORT: String(port),
      HOST: '127.0.0.1',
      API_INTERNAL_URL: options.apiInternalUrl,
      INTERNAL_API_KEY: testSecrets.internalApiKey,
      JWT_SECRET: testSecrets.jwtSecret,
      NODE_ID: options.nodeId,
      LOG_LEVEL: 'silent',
      ...options.env,
    },
    stdio: 'ignore',
  });
  const exited = new Promise<{ code: number | null; at: number }>((resolve) =>
    child.once('exit', (code) => resolve({ code, at: Date.now() })),
  );
  const url = `http://127.0.0.1:${port}`;
  await waitFor(() => fetch(`${url}/health`).then((response) => response.ok), {
    timeoutMs: 40_000,
    what: 'the realtime process',
  });
  return { url, child, exited };
}
