import type { Socket } from 'socket.io-client';
import { expect } from 'vitest';
import { type RealtimeProcess, startApiOnTestDatabase, startRealtimeProcess } from './realtime-process.ts';
import { connectSocket } from './test-stack.ts';

/** A client in a room, with the last viewer-count and reaction-stats total it heard (-1: none yet). */
export interface RoomClient {
  socket: Socket;
  seen: { viewers: number; reactions: number };
}

/** The real API on a test database and realtime nodes as processes, for the multi-node tests. */
export async function startClusterFixture() {
  const stack = await startApiOnTestDatabase();
  const nodes: RealtimeProcess[] = [];
  const sockets: Socket[] = [];
  return {
    stack,
    nodes,
    /** Starts one realtime process per id, configured by `env`, in order. */
    async startNodes(nodeIds: string[], env: Record<string, string>): Promise<void> {
      for (const nodeId of nodeIds) {
        nodes.push(await startRealtimeProcess({ apiInternalUrl: stack.api.internalUrl, nodeId, env }));
      }
    },
    /** A socket on `node` that joined the session (guest or signed in). */
    async client(
      node: RealtimeProcess,
      sessionId: string,
      auth: { token?: string; guestId?: string },
    ): Promise<RoomClient> {
      const socket = await connectSocket(node.url, auth);
      sockets.push(socket);
      const seen = { viewers: -1, reactions: -1 };
      socket.on('viewer-count', (count: number) => {
        seen.viewers = count;
      });
      socket.on('reaction-stats', (stats: { total: number }) => {
        seen.reactions = stats.total;
      });
      expect(await socket.emitWithAck('join-session', sessionId)).toMatchObject({ ok: true });
      return { socket, seen };
    },
    /** A socket the test opened itself, disconnected at the end. */
    track(socket: Socket): void {
      sockets.push(socket);
    },
    async close(): Promise<void> {
      for (const socket of sockets) socket.disconnect();
      for (const node of nodes) node.child.kill('SIGKILL');
      await stack.close();
    },
  };
}

export type ClusterFixture = Awaited<ReturnType<typeof startClusterFixture>>;
