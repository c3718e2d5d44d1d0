import type {
  ClientToServerEmits,
  ServerToClientEvents,
  SocketAck,
  SocketCommandName,
  SocketCommands,
  SocketHandshakeAuth,
} from '@showfloor/contracts/socket';
import { io, type ManagerOptions, type Socket, type SocketOptions } from 'socket.io-client';
import { ApiError, apiErrorFromAck } from './api-error.ts';

/** A Socket.IO connection to the realtime service, typed by the contracts' event maps. */
export type RealtimeSocket = Socket<ServerToClientEvents, ClientToServerEmits>;

export interface RealtimeSocketOptions {
  /** The realtime service's origin, e.g. `https://live.example.com`. */
  url: string;
  /** The signed-in user's access token, read at every (re)connection; none for a guest. */
  accessToken?: () => string | null | undefined;
  /** A guest's own id (a UUID the page keeps), so a reload is the same viewer; sent when there is no token. */
  guestId?: string;
  /**
   * Asked once when the handshake is refused as `unauthorized` (an expired or ended token): a new
   * token reconnects with it; null leaves the socket disconnected. `api.refreshAccessToken` fits.
   */
  refreshAccessToken?: () => Promise<string | null>;
  /** Passed to socket.io-client (transports, reconnection…); `auth` is set from the options above. */
  socket?: Partial<ManagerOptions & SocketOptions>;
}

/**
 * Connects to the realtime service. Identity travels only in the handshake (`auth`), never in a
 * payload: the token when there is one, else the guest id.
 */
export function createRealtimeSocket(options: RealtimeSocketOptions): RealtimeSocket {
  const handshake = (): SocketHandshakeAuth => {
    const token = options.accessToken?.();
    if (token) return { token };
    return options.guestId ? { guestId: options.guestId } : {};
  };
  const socket: RealtimeSocket = io(options.url, {
    ...options.socket,
    auth: (callback) => callback(handshake()),
  });
  const refresh = options.refreshAccessToken;
  if (refresh) {
    let refreshedSinceConnect = false;
    socket.on('connect', () => {
      refreshedSinceConnect = false;
    });
    socket.on('connect_error', (error) => {
      const code = (error as Error & { data?: { code?: string } }).data?.code;
      // A refused handshake is not retried by socket.io-client; one refresh per refusal, then stop.
      if (code !== 'unauthorized' || refreshedSinceConnect || socket.active) return;
      refreshedSinceConnect = true;
      void refresh().then(
        (token) => {
          if (token !== null) socket.connect();
        },
        () => undefined,
      );
    });
  }
  return socket;
}

/**
 * Sends a client → server event and waits for its ack: the ack's data, or an ApiError with the
 * contracts' code and details (`service_unavailable` when no ack comes within `timeoutMs`).
 */
export async function sendCommand<E extends SocketCommandName>(
  socket: RealtimeSocket,
  event: E,
  payload: SocketCommands[E]['payload'],
  options: { timeoutMs?: number } = {},
): Promise<SocketCommands[E]['result']> {
  const timeoutMs = options.timeoutMs ?? 5_000;
  let ack: SocketAck<SocketCommands[E]['result']>;
  try {
    // The emit map is indexed by a generic event name here, which socket.io's types cannot follow.
    const timed = socket.timeout(timeoutMs) as unknown as {
      emitWithAck(event: E, payload: SocketCommands[E]['payload']): Promise<SocketAck<SocketCommands[E]['result']>>;
    };
    ack = await timed.emitWithAck(event, payload);
  } catch (error) {
    throw new ApiError('service_unavailable', `${event}: the realtime service did not answer within ${timeoutMs} ms`, {
      cause: error,
    });
  }
  if (ack.ok) return ack.data;
  throw apiErrorFromAck(ack.error);
}
