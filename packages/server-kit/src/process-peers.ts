import { z } from 'zod';
import type { Logger } from './logger.ts';

/**
 * The other processes of the same service on this host (node:cluster workers), for what must not
 * stay per process: a write in one process evicting what the others cached. With one process
 * there are no peers and `broadcast` resolves at once.
 */
export interface ProcessPeers {
  /** This process's place among them, 0 first: jobs that must run once run in process 0. */
  readonly index: number;
  /** How many processes the service runs. */
  readonly size: number;
  /**
   * Hands `message` to every other process's handler and resolves once each has run it, or after
   * the relay's deadline (a hung or dying peer must not hold a write's answer).
   */
  broadcast(message: unknown): Promise<void>;
  /** Runs for every message another process broadcasts. */
  onMessage(handler: (message: unknown) => void): void;
}

export const singleProcess: ProcessPeers = {
  index: 0,
  size: 1,
  broadcast: () => Promise.resolve(),
  onMessage() {},
};

/** What a worker and the primary say to each other (both ends parse it: IPC is input too). */
export const peerEnvelopeSchema = z.discriminatedUnion('showfloorPeer', [
  /** worker → primary: relay `message` to the other workers. */
  z.object({ showfloorPeer: z.literal('broadcast'), id: z.number().int(), message: z.unknown() }),
  /** primary → worker: another worker's message. */
  z.object({ showfloorPeer: z.literal('deliver'), from: z.number().int(), id: z.number().int(), message: z.unknown() }),
  /** worker → primary: `from`'s message `id` was handled here. */
  z.object({ showfloorPeer: z.literal('handled'), from: z.number().int(), id: z.number().int() }),
  /** primary → worker: every peer handled message `id` (or the deadline passed). */
  z.object({ showfloorPeer: z.literal('done'), id: z.number().int() }),
  /** worker → primary: started and listening, so a later exit is a crash to restart. */
  z.object({ showfloorPeer: z.literal('ready') }),
]);

export type PeerEnvelope = z.infer<typeof peerEnvelopeSchema>;

/** How long a worker waits for its broadcast to be confirmed when the primary never answers. */
const workerSideDeadlineMs = 2_000;

/** The worker's side: messages go through the primary, which relays them and counts the answers. */
export function clusterWorkerPeers(options: { index: number; size: number; logger: Logger }): ProcessPeers {
  if (!process.send) throw new Error('clusterWorkerPeers: this process has no IPC channel');
  // With a callback a closed channel (the primary going away) is an error passed here, not thrown.
  const send = (envelope: PeerEnvelope) =>
    process.send?.(envelope, undefined, {}, (error: Error | null) => {
      if (error) options.logger.warn({ err: error }, 'could not reach the primary');
    });
  const handlers: Array<(message: unknown) => void> = [];
  const waiting = new Map<number, () => void>();
  let nextId = 1;
  process.on('message', (raw: unknown) => {
    const parsed = peerEnvelopeSchema.safeParse(raw);
    if (!parsed.success) return; // not ours (cluster's own messages pass here too)
    const envelope = parsed.data;
    if (envelope.showfloorPeer === 'done') {
      waiting.get(envelope.id)?.();
    } else if (envelope.showfloorPeer === 'deliver') {
      for (const handler of handlers) {
        try {
          handler(envelope.message);
        } catch (error) {
          options.logger.error({ err: error }, 'a peer message failed here');
        }
      }
      send({ showfloorPeer: 'handled', from: envelope.from, id: envelope.id } satisfies PeerEnvelope);
    }
  });
  return {
    index: options.index,
    size: options.size,
    broadcast(message) {
      const id = nextId++;
      return new Promise<void>((resolve) => {
        const timer = setTimeout(() => {
          waiting.delete(id);
          options.logger.warn({ id }, 'peers did not confirm a broadcast in time');
          resolve();
        }, workerSideDeadlineMs);
        waiting.set(id, () => {
          clearTimeout(timer);
          waiting.delete(id);
          resolve();
        });
        send({ showfloorPeer: 'broadcast', id, message } satisfies PeerEnvelope);
      });
    },
    onMessage(handler) {
      handlers.push(handler);
    },
  };
}
