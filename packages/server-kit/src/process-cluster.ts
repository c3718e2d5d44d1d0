import cluster, { type Worker } from 'node:cluster';
import type { Logger } from './logger.ts';
import { type PeerEnvelope, peerEnvelopeSchema } from './process-peers.ts';

export interface ProcessClusterOptions {
  size: number;
  logger: Logger;
  /** How long a broadcast waits for the slowest peer before its sender is answered anyway. */
  relayDeadlineMs?: number;
}

export interface ProcessCluster {
  /** SIGTERM to every worker (each drains as a single process would), resolved when all have exited. */
  close(): Promise<void>;
}

/** Environment a worker reads to know its place (set by the primary, never by hand). */
export const processIndexVariable = 'SHOWFLOOR_PROCESS_INDEX';
export const processCountVariable = 'SHOWFLOOR_PROCESS_COUNT';

const restartDelayMs = { first: 1_000, max: 30_000 };

interface PendingBroadcast {
  origin: Worker;
  /** The origin's id for it, which its `done` names. */
  id: number;
  unconfirmed: Set<number>;
  timer: NodeJS.Timeout;
}

/**
 * The primary of a service run as several processes (node:cluster: they share the listening ports,
 * and connections are dealt round-robin). It serves no requests itself: it forks `size` workers,
 * relays their broadcasts to one another and tells the sender once every peer has handled it,
 * restarts a worker that dies after it was ready (backing off while it keeps dying), and stops
 * them all on close. Resolves once every worker is listening; rejects, with none left running,
 * when one exits before that (bad configuration, no database).
 */
export async function startProcessCluster(options: ProcessClusterOptions): Promise<ProcessCluster> {
  const { size, logger } = options;
  const relayDeadlineMs = options.relayDeadlineMs ?? 1_000;
  const workers = new Map<number, Worker>(); // by index
  const ready = new Set<Worker>();
  const pending = new Map<string, PendingBroadcast>();
  const restartDelay = new Map<number, number>();
  let closing = false;
  let settleStart: { resolve: () => void; reject: (error: Error) => void } | undefined;

  const finish = (key: string) => {
    const broadcast = pending.get(key);
    if (!broadcast) return;
    clearTimeout(broadcast.timer);
    pending.delete(key);
    if (broadcast.origin.isConnected())
      broadcast.origin.send({ showfloorPeer: 'done', id: broadcast.id } satisfies PeerEnvelope);
  };

  const onMessage = (worker: Worker, raw: unknown) => {
    const parsed = peerEnvelopeSchema.safeParse(raw);
    if (!parsed.success) return;
    const envelope = parsed.data;
    if (envelope.showfloorPeer === 'ready') {
      ready.add(worker);
      restartDelay.delete(indexOf(worker));
      if (ready.size === size) settleStart?.resolve();
    } else if (envelope.showfloorPeer === 'broadcast') {
      const key = `${worker.id}:${envelope.id}`;
      const peers = [...workers.values()].filter((peer) => peer !== worker && peer.isConnected());
      pending.set(key, {
        origin: worker,
        id: envelope.id,
        unconfirmed: new Set(peers.map((peer) => peer.id)),
        timer: setTimeout(() => {
          logger.warn({ from: indexOf(worker) }, 'a peer did not confirm a broadcast in time');
          finish(key);
        }, relayDeadlineMs),
      });
      for (const peer of peers)
        peer.send({
          showfloorPeer: 'deliver',
          from: worker.id,
          id: envelope.id,
          message: envelope.message,
        } satisfies PeerEnvelope);
      if (peers.length === 0) finish(key);
    } else if (envelope.showfloorPeer === 'handled') {
      const key = `${envelope.from}:${envelope.id}`;
      const broadcast = pending.get(key);
      broadcast?.unconfirmed.delete(worker.id);
      if (broadcast?.unconfirmed.size === 0) finish(key);
    }
  };

  const indexOf = (worker: Worker) => {
    for (const [index, candidate] of workers) if (candidate === worker) return index;
    return -1;
  };

  const fork = (index: number) => {
    const worker = cluster.fork({ [processIndexVariable]: String(index), [processCountVariable]: String(size) });
    workers.set(index, worker);
    worker.on('message', (message) => onMessage(worker, message));
    // A send racing the worker's exit fails here rather than ending the primary; its exit handles the rest.
    worker.on('error', (error) => logger.warn({ process: index, err: error }, 'could not reach a worker'));
    worker.once('exit', (code, signal) => {
      const wasReady = ready.delete(worker);
      if (workers.get(index) === worker) workers.delete(index);
      // Its confirmations will not come: what waited only for it is done.
      for (const [key, broadcast] of pending) {
        broadcast.unconfirmed.delete(worker.id);
        if (broadcast.unconfirmed.size === 0 || broadcast.origin === worker) finish(key);
      }
      if (closing) return;
      if (!wasReady && settleStart) {
        settleStart.reject(new Error(`process ${index} exited (${signal ?? code}) before it was listening`));
        return;
      }
      const delay = restartDelay.get(index) ?? restartDelayMs.first;
      restartDelay.set(index, Math.min(delay * 2, restartDelayMs.max));
      logger.error({ process: index, code, signal, restartInMs: delay }, 'a worker process died; starting another');
      setTimeout(() => {
        if (!closing) fork(index);
      }, delay).unref();
    });
  };

  const close = async () => {
    closing = true;
    const exits = [...workers.values()].map(
      (worker) =>
        new Promise<void>((resolve) => {
          if (worker.process.exitCode !== null || worker.process.signalCode !== null) resolve();
          else worker.once('exit', () => resolve());
        }),
    );
    for (const worker of workers.values()) worker.process.kill('SIGTERM');
    await Promise.all(exits);
  };

  const started = new Promise<void>((resolve, reject) => {
    settleStart = { resolve, reject };
  });
  for (let index = 0; index < size; index += 1) fork(index);
  try {
    await started;
  } catch (error) {
    await close();
    throw error;
  } finally {
    settleStart = undefined;
  }
  logger.info({ processes: size }, 'every process is listening');
  return { close };
}
