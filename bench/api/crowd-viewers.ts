// One of `pnpm bench:crowd`'s viewer processes: its share of the crowd arrives at the live room over
// the arrival window, each viewer doing what the web app's live room does on opening — the
// session, its chat, a stream token, the reactions and click figures, all at once over keep-alive
// HTTP — then joining the room's socket. Driven by crowd-benchmark.ts (crowd-protocol.ts).
import { randomUUID } from 'node:crypto';
import { Agent, request as httpRequest } from 'node:http';
import type { ClientToServerEvents, ServerToClientEvents, SocketAck } from '@showfloor/contracts';
import { io, type Socket } from 'socket.io-client';
import { serveCommands, summarizeLatency } from '../realtime/bench-protocol.ts';
import type { CrowdCommands, CrowdResult, RoomRequest } from './crowd-protocol.ts';

type Client = Socket<ServerToClientEvents, ClientToServerEvents>;

const sockets: Client[] = [];
let lastViewerCount = 0;

function timedGet(agent: Agent, base: string, path: string): Promise<{ status: number; ms: number }> {
  return new Promise((resolve) => {
    const started = performance.now();
    const request = httpRequest(new URL(path, base), { agent, timeout: 30_000 }, (response) => {
      response.resume();
      response.on('end', () => resolve({ status: response.statusCode ?? 0, ms: performance.now() - started }));
      response.on('error', () => resolve({ status: 0, ms: performance.now() - started }));
    });
    request.on('timeout', () => request.destroy(new Error('timed out')));
    request.on('error', () => resolve({ status: 0, ms: performance.now() - started }));
    request.end();
  });
}

async function join(url: string, sessionId: string): Promise<{ ok: boolean; ms: number }> {
  const started = performance.now();
  const socket: Client = io(url, {
    transports: ['websocket'],
    forceNew: true,
    reconnection: false,
    timeout: 30_000,
    auth: { guestId: randomUUID() },
  });
  socket.on('viewer-count', (count) => {
    lastViewerCount = count;
  });
  try {
    await new Promise<void>((resolve, reject) => {
      socket.once('connect', () => resolve());
      socket.once('connect_error', reject);
    });
    const ack = await new Promise<SocketAck<unknown>>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('join-session ack timed out')), 30_000);
      socket.emit('join-session', { sessionId }, (response) => {
        clearTimeout(timer);
        resolve(response);
      });
    });
    sockets.push(socket);
    return { ok: ack.ok, ms: performance.now() - started };
  } catch {
    socket.disconnect();
    return { ok: false, ms: performance.now() - started };
  }
}

serveCommands<CrowdCommands>({
  async arrive({
    apiUrl,
    realtimeUrl,
    sessionId,
    viewers,
    startAtEpochMs,
    spreadMs,
    requests,
    connections,
    sockets: withSockets,
  }) {
    const agent = new Agent({ keepAlive: true, maxSockets: connections });
    const samples = new Map<string, number[]>(requests.map((request: RoomRequest) => [request.label, []]));
    const failures = new Map<string, number>();
    const joins: number[] = [];
    let joinFailures = 0;
    const fail = (label: string) => failures.set(label, (failures.get(label) ?? 0) + 1);

    const viewer = async () => {
      await Promise.all(
        requests.map(async (request: RoomRequest) => {
          const answer = await timedGet(agent, apiUrl, request.path.replace(':sessionId', sessionId));
          samples.get(request.label)?.push(answer.ms);
          if (answer.status !== request.expectedStatus) fail(`${request.label} → ${answer.status}`);
        }),
      );
      if (!withSockets) return;
      const joined = await join(realtimeUrl, sessionId);
      joins.push(joined.ms);
      if (!joined.ok) joinFailures += 1;
    };

    const wait = startAtEpochMs - Date.now();
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    const started = Date.now();
    const arrivals: Promise<void>[] = [];
    for (let index = 0; index < viewers; index++) {
      const due = started + (spreadMs * index) / viewers;
      const delay = due - Date.now();
      if (delay > 0) await new Promise((resolve) => setTimeout(resolve, delay));
      arrivals.push(viewer());
    }
    await Promise.all(arrivals);
    agent.destroy();
    const result: CrowdResult = {
      requests: requests.map((request: RoomRequest) => ({
        label: request.label,
        latency: summarizeLatency(Float64Array.from(samples.get(request.label) ?? [])),
      })),
      failures: Object.fromEntries(failures),
      join: summarizeLatency(Float64Array.from(joins)),
      joinFailures,
      arrivedInMs: Date.now() - started,
    };
    return result;
  },
  async 'viewer-count'() {
    return { count: lastViewerCount, sockets: sockets.length };
  },
  async leave() {
    for (const socket of sockets.splice(0)) socket.disconnect();
    return { left: true };
  },
});
