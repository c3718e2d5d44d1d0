// The baseline: a bare `ws` server in its own process that does nothing but write the same bytes
// to every connected client. No rooms, no protocol, no acks — the floor our fan-out is compared to.
import { type BareWsServerCommands, epochNow, serveCommands } from './bench-protocol.ts';
import { type BareWebSocket, type BareWebSocketServer, WebSocketServer, wsOpen } from './ws-library.ts';

let server: BareWebSocketServer | undefined;
let armedBurst: { frame: string; count: number } | undefined;

function clients(): Set<BareWebSocket> {
  if (!server) throw new Error('listen first');
  return server.clients;
}

function broadcast(data: string): void {
  for (const client of clients()) if (client.readyState === wsOpen) client.send(data);
}

/** One broadcast per turn of the event loop, as a server handling one event at a time would. */
function runArmedBurst(): void {
  const burst = armedBurst;
  armedBurst = undefined;
  if (!burst) return;
  let remaining = burst.count;
  const next = () => {
    broadcast(burst.frame);
    if (--remaining > 0) setImmediate(next);
  };
  next();
}

serveCommands<BareWsServerCommands>({
  async listen() {
    const listening = new WebSocketServer({ host: '127.0.0.1', port: 0, backlog: 4_096 });
    await new Promise<void>((resolve, reject) => {
      listening.on('listening', resolve);
      listening.on('error', reject);
    });
    listening.on('connection', (socket) => {
      socket.on('message', (data) => {
        if (data.toString() === 'go') runArmedBurst();
      });
    });
    server = listening;
    const address = listening.address();
    if (!address || typeof address === 'string') throw new Error('no port');
    return { port: address.port };
  },

  async 'client-count'() {
    return { clients: clients().size };
  },

  async replay({ frames, startAt }) {
    let maxLateMs = 0;
    await Promise.all(
      frames.map(
        (frame) =>
          new Promise<void>((resolve) => {
            setTimeout(
              () => {
                maxLateMs = Math.max(maxLateMs, epochNow() - (startAt + frame.atMs));
                broadcast(frame.data);
                resolve();
              },
              Math.max(0, startAt + frame.atMs - epochNow()),
            );
          }),
      ),
    );
    return { broadcasts: frames.length, clients: clients().size, maxLateMs };
  },

  async 'arm-burst'({ frame, count }) {
    armedBurst = { frame, count };
    return { armed: true as const };
  },
});
