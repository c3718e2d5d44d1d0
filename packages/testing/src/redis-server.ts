import { type ChildProcess, spawn } from 'node:child_process';
import { findFreePort } from './database/database-server.ts';
import { waitFor } from './wait-for.ts';

export interface TestRedisServer {
  url: string;
  /** SIGKILLs it (idempotent). */
  stop(): Promise<void>;
  /** Starts it again on the same port, empty. */
  restart(): Promise<void>;
}

/**
 * A Redis server of the test's own (the `redis-server` binary; .ci/run installs it), on a free
 * port, with nothing persisted: stopping and restarting it is a Redis outage that loses its data.
 */
export async function startRedisServer(): Promise<TestRedisServer> {
  const port = await findFreePort();
  let child: ChildProcess | undefined;

  async function launch(): Promise<void> {
    const started = spawn(
      'redis-server',
      ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
      {
        stdio: 'ignore',
      },
    );
    child = started;
    await new Promise<void>((resolve, reject) => {
      started.once('spawn', resolve);
      started.once('error', reject);
    });
    await waitFor(() => canConnect(port), { timeoutMs: 5_000, what: `redis-server on port ${port}` });
  }

  await launch();
  return {
    url: `redis://127.0.0.1:${port}`,
    async stop(): Promise<void> {
      const running = child;
      child = undefined;
      if (!running || running.exitCode !== null) return;
      const exited = new Promise((resolve) => running.once('exit', resolve));
      running.kill('SIGKILL');
      await exited;
    },
    restart: launch,
  };
}

async function canConnect(port: number): Promise<boolean> {
  const { createConnection } = await import('node:net');
  return new Promise((resolve) => {
    const socket = createConnection({ port, host: '127.0.0.1' });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}
