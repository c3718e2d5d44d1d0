// The benchmark's client swarm, in its own process so it never shares an event loop with the
// service it measures. It holds Socket.IO viewers and senders (real socket.io-client guests, each
// with its own guestId) and, for the baseline, bare `ws` clients. The orchestrator drives it with
// the commands in bench-protocol.ts; every figure is measured here, where the messages arrive.
import { randomUUID } from 'node:crypto';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import type { ClientToServerEvents, ServerToClientEvents, SocketAck } from '@showfloor/contracts';
import { io, type Socket } from 'socket.io-client';
import {
  type DeliveryResult,
  epochNow,
  type LoadGeneratorCommands,
  type RecordedFrame,
  serveCommands,
  summarizeLatency,
} from './bench-protocol.ts';
import { type BareWebSocket, WebSocket } from './ws-library.ts';

type Client = Socket<ServerToClientEvents, ClientToServerEvents>;

const reactionTypes = ['like', 'heart', 'fire', 'clap'];
const countedEvents = ['2["reaction-stats"', '2["new-reaction"'];
const joinTimeoutMs = 60_000;

const viewers: Client[] = [];
const senders: Client[] = [];
/** The last `viewer-count` each client heard (-1: none yet). */
const lastViewerCount = new WeakMap<Client, number>();
let dropped = 0;
const wsClients: BareWebSocket[] = [];

/** What the bare clients received since the last reset (they only count; a bare client does no more). */
const wsCounter = {
  delivered: 0,
  lastAt: Number.NaN,
  received() {
    this.delivered += 1;
    this.lastAt = epochNow();
  },
  reset() {
    this.delivered = 0;
    this.lastAt = Number.NaN;
  },
};

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Runs `task` for every index with at most `concurrency` in flight. */
async function runPool(count: number, concurrency: number, task: (index: number) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < count) await task(next++);
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, count) }, worker));
}

/** Polls `done` until it holds or `timeoutMs` passes; says which. */
async function waitUntil(done: () => boolean, timeoutMs: number): Promise<boolean> {
  const deadline = performance.now() + timeoutMs;
  while (!done()) {
    if (performance.now() > deadline) return false;
    await sleep(20);
  }
  return true;
}

function delivery(delivered: number, expected: number, spanMs: number): DeliveryResult {
  return { delivered, expected, spanMs, perSecond: spanMs > 0 ? (delivered / spanMs) * 1000 : 0 };
}

async function connectAndJoin(url: string, sessionId: string): Promise<Client> {
  const socket: Client = io(url, {
    transports: ['websocket'],
    forceNew: true,
    reconnection: false,
    timeout: joinTimeoutMs,
    auth: { guestId: randomUUID() },
  });
  lastViewerCount.set(socket, -1);
  socket.on('viewer-count', (count) => lastViewerCount.set(socket, count));
  try {
    await new Promise<void>((resolve, reject) => {
      socket.once('connect', () => resolve());
      socket.once('connect_error', reject);
    });
    const ack = await new Promise<SocketAck<unknown>>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('join-session ack timed out')), joinTimeoutMs);
      socket.emit('join-session', { sessionId }, (response) => {
        clearTimeout(timer);
        resolve(response);
      });
    });
    if (!ack.ok) throw new Error(`join-session refused: ${ack.error.code} ${ack.error.message}`);
    return socket;
  } catch (error) {
    socket.disconnect();
    throw error;
  }
}

serveCommands<LoadGeneratorCommands>({
  async 'connect-viewers'({ url, sessionIds, perSession, concurrency, role }) {
    const group = role === 'viewer' ? viewers : senders;
    let failed = 0;
    let firstError: string | null = null;
    const started = performance.now();
    await runPool(sessionIds.length * perSession, concurrency, async (index) => {
      try {
        const socket = await connectAndJoin(url, sessionIds[Math.floor(index / perSession)] as string);
        socket.on('disconnect', () => {
          dropped += 1;
        });
        group.push(socket);
      } catch (error) {
        failed += 1;
        firstError ??= error instanceof Error ? error.message : String(error);
      }
    });
    return {
      joined: sessionIds.length * perSession - failed,
      failed,
      firstError,
      elapsedMs: performance.now() - started,
    };
  },

  async 'count-connected'() {
    const connected = (group: Client[]) => group.filter((socket) => socket.connected).length;
    return { viewers: connected(viewers), senders: connected(senders), dropped };
  },

  async 'viewer-count-agreement'({ expected, timeoutMs }) {
    const clients = [...viewers, ...senders];
    const heard = () => clients.map((client) => lastViewerCount.get(client) ?? -1);
    const started = performance.now();
    await waitUntil(() => heard().every((count) => count === expected), timeoutMs);
    const counts = heard();
    return {
      clients: clients.length,
      agreeing: counts.filter((count) => count === expected).length,
      lowest: Math.min(...counts),
      highest: Math.max(...counts),
      elapsedMs: performance.now() - started,
    };
  },

  async 'send-reactions'({ sessionId, ratePerSecond, durationMs, baseTotal, sampleEvery, settleTimeoutMs }) {
    if (senders.length === 0 || viewers.length === 0) throw new Error('connect viewers and senders first');
    const planned = Math.round((ratePerSecond * durationMs) / 1000);
    const sendTimes = new Float64Array(planned);
    const ackTimes = new Float64Array(planned);
    let sent = 0;
    let acked = 0;
    let acceptedOk = 0;
    const refusalCodes: Record<string, number> = {};
    let ackCount = 0;

    // Every viewer counts what it receives and remembers the last total; sampled viewers also
    // time every reaction a new total covers (reaction k is covered once total - base > k).
    const sampled = new Set(viewers.filter((_, index) => index % sampleEvery === 0));
    const latencies = new Float64Array(sampled.size * planned);
    let latencyCount = 0;
    const lastTotal = new Float64Array(viewers.length).fill(-1);
    let reactionStats = 0;
    let newReactions = 0;
    let startedAt = Number.NaN;
    let lastMessageAt = Number.NaN;
    const detach: Array<() => void> = [];
    viewers.forEach((viewer, index) => {
      let covered = 0;
      const isSampled = sampled.has(viewer);
      const onStats = (stats: { total: number }) => {
        const now = performance.now();
        reactionStats += 1;
        lastMessageAt = now;
        lastTotal[index] = stats.total;
        if (!isSampled) return;
        const upTo = Math.min(stats.total - baseTotal, sent);
        for (; covered < upTo; covered++) latencies[latencyCount++] = now - (sendTimes[covered] as number);
      };
      const onReaction = () => {
        newReactions += 1;
        lastMessageAt = performance.now();
      };
      viewer.on('reaction-stats', onStats);
      viewer.on('new-reaction', onReaction);
      detach.push(() => {
        viewer.off('reaction-stats', onStats);
        viewer.off('new-reaction', onReaction);
      });
    });

    // One viewer keeps the exact frames, for the bare-ws replay of the same bytes at the same times.
    const frames: RecordedFrame[] = [];
    const recorder = viewers[0] as Client;
    const onPacket = (packet: { type: string; data?: unknown }) => {
      if (packet.type !== 'message' || typeof packet.data !== 'string' || Number.isNaN(startedAt)) return;
      const data = packet.data;
      if (countedEvents.some((prefix) => data.startsWith(prefix))) {
        frames.push({ atMs: performance.now() - startedAt, data: `4${data}` });
      }
    };
    recorder.io.engine.on('packet', onPacket);

    const sendOne = () => {
      const index = sent++;
      const sender = senders[index % senders.length] as Client;
      sendTimes[index] = performance.now();
      sender.emit('send-reaction', { sessionId, type: reactionTypes[index % reactionTypes.length] }, (ack) => {
        ackTimes[ackCount++] = performance.now() - (sendTimes[index] as number);
        acked += 1;
        if (ack.ok) acceptedOk += 1;
        else refusalCodes[ack.error.code] = (refusalCodes[ack.error.code] ?? 0) + 1;
      });
    };
    const loopDelay = monitorEventLoopDelay({ resolution: 10 });
    loopDelay.enable();
    // Paced by the clock, not by timer ticks: each tick sends whatever is due, so the average rate
    // stays exact even when the event loop is busy.
    startedAt = performance.now();
    let lastSentAt = startedAt;
    await new Promise<void>((resolve) => {
      const tick = setInterval(() => {
        const due = Math.min(planned, Math.floor(((performance.now() - startedAt) * ratePerSecond) / 1000) + 1);
        while (sent < due) sendOne();
        if (sent >= planned) {
          lastSentAt = performance.now();
          clearInterval(tick);
          resolve();
        }
      }, 1);
    });

    await waitUntil(() => acked === sent, settleTimeoutMs);
    const finalTotal = baseTotal + acceptedOk;
    await waitUntil(() => lastTotal.every((total) => total === finalTotal), settleTimeoutMs);
    for (const undo of detach) undo();
    recorder.io.engine.off('packet', onPacket);
    loopDelay.disable();

    const spanMs = lastMessageAt - startedAt;
    const sendWindowMs = Math.max(lastSentAt - startedAt, 1);
    return {
      sent,
      acceptedOk,
      refused: acked - acceptedOk,
      refusalCodes,
      sendWindowMs,
      acceptedPerSecond: (acceptedOk / sendWindowMs) * 1000,
      delivery: {
        ...delivery(reactionStats + newReactions, frames.length * viewers.length, spanMs),
        reactionStats,
        newReactions,
      },
      latency: summarizeLatency(latencies.subarray(0, latencyCount)),
      ackLatency: summarizeLatency(ackTimes.subarray(0, ackCount)),
      swarmEventLoopDelay: {
        samples: loopDelay.count,
        p50Ms: loopDelay.percentile(50) / 1e6,
        p99Ms: loopDelay.percentile(99) / 1e6,
        maxMs: loopDelay.max / 1e6,
      },
      finalTotalAtEveryViewer: Math.min(...lastTotal),
      disagreeingViewers: lastTotal.filter((total) => total !== finalTotal).length,
      frames,
    };
  },

  async 'broadcast-burst'({ url, internalApiKey, sessionId, broadcasts, timeoutMs }) {
    if (viewers.length === 0) throw new Error('connect viewers first');
    let delivered = 0;
    let lastAt = Number.NaN;
    const onDeleted = () => {
      delivered += 1;
      lastAt = performance.now();
    };
    for (const viewer of viewers) viewer.on('message-deleted', onDeleted);
    let frame = '';
    const recorder = viewers[0] as Client;
    const onPacket = (packet: { type: string; data?: unknown }) => {
      const data = packet.data;
      if (packet.type === 'message' && typeof data === 'string' && data.startsWith('2["message-deleted"')) {
        frame ||= `4${data}`;
      }
    };
    recorder.io.engine.on('packet', onPacket);
    // The same event every time, so every broadcast is the same bytes.
    const body = JSON.stringify({ event: 'message-deleted', payload: { sessionId, messageId: randomUUID() } });
    const expected = broadcasts * viewers.length;
    const startedAt = performance.now();
    const requests = Array.from({ length: broadcasts }, () =>
      fetch(`${url}/internal/broadcast`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-internal-key': internalApiKey },
        body,
      }).then(async (response) => {
        if (!response.ok) throw new Error(`broadcast answered ${response.status}: ${await response.text()}`);
      }),
    );
    await Promise.all(requests);
    await waitUntil(() => delivered >= expected, timeoutMs);
    for (const viewer of viewers) viewer.off('message-deleted', onDeleted);
    recorder.io.engine.off('packet', onPacket);
    return { ...delivery(delivered, expected, lastAt - startedAt), frame };
  },

  async 'disconnect-all'() {
    const all = [...viewers, ...senders];
    for (const socket of all) socket.disconnect();
    viewers.length = 0;
    senders.length = 0;
    dropped = 0;
    return { closed: all.length };
  },

  async 'connect-ws-clients'({ url, count, concurrency }) {
    let failed = 0;
    let firstError: string | null = null;
    const started = performance.now();
    await runPool(count, concurrency, async () => {
      const socket = new WebSocket(url);
      try {
        await new Promise<void>((resolve, reject) => {
          socket.once('open', () => resolve());
          socket.once('error', reject);
        });
        socket.on('message', () => wsCounter.received());
        wsClients.push(socket);
      } catch (error) {
        failed += 1;
        firstError ??= error instanceof Error ? error.message : String(error);
        socket.terminate();
      }
    });
    return { connected: count - failed, failed, firstError, elapsedMs: performance.now() - started };
  },

  async 'count-ws-messages'({ startAt, expectedPerClient, timeoutMs }) {
    wsCounter.reset();
    const expected = expectedPerClient * wsClients.length;
    await waitUntil(() => wsCounter.delivered >= expected, Math.max(0, startAt - epochNow()) + timeoutMs);
    return delivery(wsCounter.delivered, expected, wsCounter.lastAt - startAt);
  },

  async 'ws-burst'({ expectedPerClient, timeoutMs }) {
    const trigger = wsClients[0];
    if (!trigger) throw new Error('connect bare ws clients first');
    wsCounter.reset();
    const expected = expectedPerClient * wsClients.length;
    const startedAt = epochNow();
    trigger.send('go');
    await waitUntil(() => wsCounter.delivered >= expected, timeoutMs);
    return delivery(wsCounter.delivered, expected, wsCounter.lastAt - startedAt);
  },

  async 'close-ws-clients'() {
    const closed = wsClients.length;
    for (const socket of wsClients) socket.close();
    wsClients.length = 0;
    return { closed };
  },
});
