import { randomBytes, randomUUID } from 'node:crypto';
import { resolve } from 'node:path';
import { startApiServer } from '@showfloor/api';
import { loadApiConfig } from '@showfloor/config';
import { applyMigrations, createPrismaClient, startEmbeddedPostgres } from '@showfloor/db';
import { createLogger } from '@showfloor/server-kit';
import { io } from 'socket.io-client';
import { freePort, repoRoot, startRealtimeProcess, stopAllChildren } from './bench-processes.ts';
import { readCpuSeconds } from './process-metrics.ts';

const embedded = await startEmbeddedPostgres({
  dataDir: resolve(repoRoot, '.data/bench-realtime-pg'),
  port: await freePort(),
  database: 'dbg_tmp',
});
await applyMigrations(embedded.url);
const prisma = createPrismaClient({ databaseUrl: embedded.url });
await prisma.$executeRawUnsafe('TRUNCATE users CASCADE');
const creator = await prisma.user.create({
  data: { email: 'c@x.test', username: 'c', passwordHash: 'x', role: 'creator' },
});
const sid = randomUUID();
await prisma.session.create({
  data: { id: sid, creatorId: creator.id, title: 't', status: 'live', startedAt: new Date() },
});
const key = randomBytes(24).toString('hex');
const jwt = randomBytes(24).toString('hex');
const api = await startApiServer({
  config: loadApiConfig({
    NODE_ENV: 'production',
    HOST: '127.0.0.1',
    PORT: '0',
    DATABASE_URL: embedded.url,
    INTERNAL_API_KEY: key,
    JWT_SECRET: jwt,
    LOG_LEVEL: 'warn',
  }),
  logger: createLogger({ name: 'x', level: 'warn' }),
});
const rt = await startRealtimeProcess({
  apiInternalUrl: api.internalUrl,
  internalApiKey: key,
  jwtSecret: jwt,
  env: { LOG_LEVEL: process.env.RT_LOG ?? 'warn' },
  nodeArgs: process.env.RT_NODE_ARGS?.split(' ') ?? [],
});
const N = Number(process.env.N ?? 1000);
const C = Number(process.env.C ?? 200);
let connectMs = 0,
  joinMs = 0;
const t0 = performance.now();
const cpu0 = readCpuSeconds(rt.pid);
const my0 = process.cpuUsage();
let next = 0;
const sockets: unknown[] = [];
await Promise.all(
  Array.from({ length: C }, async () => {
    while (next < N) {
      next++;
      const a = performance.now();
      const s = io(rt.url, {
        transports: ['websocket'],
        forceNew: true,
        reconnection: false,
        auth: { guestId: randomUUID() },
      });
      await new Promise<void>((r, j) => {
        s.once('connect', () => r());
        s.once('connect_error', j);
      });
      const b = performance.now();
      await s.emitWithAck('join-session', { sessionId: sid });
      const c = performance.now();
      connectMs += b - a;
      joinMs += c - b;
      sockets.push(s);
      if (sockets.length % 500 === 0)
        console.log(
          sockets.length,
          Math.round(performance.now() - t0),
          'rtcpu',
          (readCpuSeconds(rt.pid) - cpu0).toFixed(1),
          'mycpu',
          ((process.cpuUsage(my0).user + process.cpuUsage(my0).system) / 1e6).toFixed(1),
        );
    }
  }),
);
const el = performance.now() - t0;
const my = process.cpuUsage(my0);
console.log({
  N,
  el,
  rate: (N / el) * 1000,
  avgConnect: connectMs / N,
  avgJoin: joinMs / N,
  rtCpu: readCpuSeconds(rt.pid) - cpu0,
  clientCpu: (my.user + my.system) / 1e6,
});
console.log(await rt.health());
for (const s of sockets) (s as { disconnect(): void }).disconnect();
await rt.stop();
await api.close();
await prisma.$disconnect();
await stopAllChildren(1000);
await embedded.stop();
process.exit(0);
