import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import http from 'node:http';
import { fileURLToPath } from 'node:url';
import {
  createSession,
  createTestDatabase,
  findFreePort,
  type TestDatabase,
  testSecrets,
  waitFor,
} from '@showfloor/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashPassword } from '../src/modules/auth/password-hasher.ts';

const mainScript = fileURLToPath(new URL('../src/main.ts', import.meta.url));
const password = 'correct horse battery';

interface Answer {
  status: number;
  body: { data?: Record<string, unknown> } & Record<string, unknown>;
}

/**
 * One request on a connection of its own: node:cluster deals connections to the processes in
 * turn, so consecutive requests land on different processes.
 */
function request(
  port: number,
  method: string,
  path: string,
  options: { token?: string; body?: object } = {},
): Promise<Answer> {
  const payload = options.body ? JSON.stringify(options.body) : undefined;
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        host: '127.0.0.1',
        port,
        method,
        path,
        agent: false,
        headers: {
          ...(options.token ? { authorization: `Bearer ${options.token}` } : {}),
          ...(payload ? { 'content-type': 'application/json' } : {}),
        },
      },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk) => {
          text += chunk;
        });
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text ? JSON.parse(text) : {} }));
      },
    );
    req.on('error', reject);
    req.end(payload);
  });
}

/**
 * The primary's API workers. Only those running main.ts: on a cold tsx cache the primary also has
 * an esbuild service as a child. `ps` exits 1 when it lists nothing.
 */
const childPids = (pid: number): number[] => {
  let listing: string;
  try {
    listing = execFileSync('ps', ['-o', 'pid=,args=', '--ppid', String(pid)], { encoding: 'utf8' });
  } catch {
    return [];
  }
  return listing
    .split('\n')
    .filter((line) => line.includes('main.ts'))
    .map((line) => Number.parseInt(line.trim(), 10))
    .filter((child) => child > 0);
};

const isAlive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

/** `API_PROCESSES=2`: the API as deployed on a host with two processes sharing its port. */
describe('the API as several processes', () => {
  let db: TestDatabase;
  let port: number;
  let primary: ChildProcess;
  let exited: Promise<number | null>;

  const processesAnswering = async (reads: number) => {
    const seen = new Set<number>();
    for (let i = 0; i < reads; i++) {
      const health = await request(port, 'GET', '/health');
      expect(health.status).toBe(200);
      seen.add((health.body.process as { index: number }).index);
    }
    return seen;
  };

  const signIn = async (role: 'creator' | 'user') => {
    const username = `${role}_${Math.random().toString(36).slice(2, 10)}`;
    const user = await db.prisma.user.create({
      data: {
        username,
        email: `${username}@example.test`,
        name: username,
        role,
        passwordHash: await hashPassword(password),
      },
    });
    const login = await request(port, 'POST', '/api/auth/login', { body: { username, password } });
    expect(login.status).toBe(200);
    return { id: user.id, token: login.body.data?.accessToken as string };
  };

  beforeAll(async () => {
    db = await createTestDatabase();
    port = await findFreePort();
    primary = spawn(process.execPath, ['--import', 'tsx', mainScript], {
      env: {
        ...process.env,
        NODE_ENV: 'test',
        DATABASE_URL: db.url,
        INTERNAL_API_KEY: testSecrets.internalApiKey,
        JWT_SECRET: testSecrets.jwtSecret,
        LOG_LEVEL: 'silent',
        HOST: '127.0.0.1',
        PORT: String(port),
        API_PROCESSES: '2',
        // Far longer than the test: any stale answer below is one the eviction did not reach.
        PUBLIC_READ_CACHE_MS: '60000',
        TOKEN_STATE_CACHE_MS: '60000',
        // The sketch rebuild holds a connection while it runs: one per host, not one per process.
        VISITOR_SKETCH_REBUILD_MS: '100',
        END_STREAM_FLUSH_TIMEOUT_MS: '100',
        BROADCAST_WAIT_MS: '100',
      },
      stdio: 'ignore',
    });
    exited = new Promise((resolve) => primary.once('exit', (code) => resolve(code)));
    // Connections go only to processes already listening: wait until both are.
    await waitFor(
      () =>
        processesAnswering(4).then(
          (seen) => seen.size === 2,
          () => false,
        ),
      {
        timeoutMs: 60_000,
        what: 'both API processes listening',
      },
    );
  }, 90_000);

  afterAll(async () => {
    if (primary && primary.exitCode === null) {
      primary.kill('SIGKILL');
      for (const pid of childPids(primary.pid as number)) process.kill(pid, 'SIGKILL');
    }
    await db?.drop();
  });

  it('answers from both processes on one port, and runs the scheduled jobs in one of them', async () => {
    expect(await processesAnswering(8)).toEqual(new Set([0, 1]));
    const health = await request(port, 'GET', '/health');
    expect(health.body.process).toMatchObject({ count: 2 });
    const sketchRebuildConnections = async () =>
      (
        await db.prisma.$queryRaw<{ n: number }[]>`
          SELECT count(*)::int AS n FROM pg_stat_activity
          WHERE datname = current_database() AND application_name = 'showfloor-visitor-sketches'`
      )[0]?.n;
    await waitFor(async () => (await sketchRebuildConnections()) === 1, {
      timeoutMs: 10_000,
      what: 'the sketch rebuild connected',
    });
    // Still one after several of its rounds: the other process never started the job.
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(await sketchRebuildConnections()).toBe(1);
  });

  it("shows a session's new title at once from every process, though both had cached the old one", async () => {
    const creator = await signIn('creator');
    const session = await createSession(db.prisma, { creatorId: creator.id, status: 'live', startedAt: new Date() });
    const path = `/api/sessions/${session.id}`;
    for (let i = 0; i < 6; i++) expect((await request(port, 'GET', path)).body.data?.title).toBe(session.title);

    const update = await request(port, 'PATCH', path, { token: creator.token, body: { title: 'Renamed live' } });
    expect(update.status).toBe(200);
    const titles = await Promise.all(
      Array.from({ length: 6 }, async () => (await request(port, 'GET', path)).body.data?.title),
    );
    expect(titles).toEqual(Array(6).fill('Renamed live'));
  });

  it('refuses a logged-out token at once in every process, though both had it cached as good', async () => {
    const viewer = await signIn('user');
    for (let i = 0; i < 6; i++)
      expect((await request(port, 'GET', '/api/auth/me', { token: viewer.token })).status).toBe(200);

    expect((await request(port, 'POST', '/api/auth/logout', { token: viewer.token })).status).toBe(200);
    const statuses = await Promise.all(
      Array.from(
        { length: 6 },
        async () => (await request(port, 'GET', '/api/auth/me', { token: viewer.token })).status,
      ),
    );
    expect(statuses).toEqual(Array(6).fill(401));
  });

  it('replaces a process that dies, and stops every process on SIGTERM', async () => {
    const [victim, survivor] = childPids(primary.pid as number);
    expect(victim).toBeDefined();
    process.kill(victim as number, 'SIGKILL');
    // The survivor answers meanwhile; a new process takes the dead one's place.
    await waitFor(
      async () => {
        const workers = childPids(primary.pid as number);
        return workers.length === 2 && !workers.includes(victim as number);
      },
      { timeoutMs: 60_000, what: 'a replacement process' },
    );
    await waitFor(async () => (await processesAnswering(4)).size === 2, {
      timeoutMs: 30_000,
      what: 'both processes answering again',
    });

    const workers = childPids(primary.pid as number);
    expect(workers).toContain(survivor);
    primary.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect(workers.filter(isAlive)).toEqual([]);
  }, 120_000);
});
