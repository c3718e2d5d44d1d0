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
import { refreshOnRefusedHandshake } from './handshake-refresh.ts';

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
  if (options.refreshAccessToken) refreshOnRefusedHandshake(socket, options.refreshAccessToken);
  return socket;
}

/**
 * Sends a client → server event and waits for its ack: the ack's data, or an ApiError with the
 * contracts' code and details (`service_unavailable` when no ack comes within `timeoutMs`).
 */
export function sendCommand<E extends SocketCommandName>(
  socket: RealtimeSocket,
  event: E,
  payload: SocketCommands[E]['payload'],
  options: { timeoutMs?: number } = {},
): Promise<SocketCommands[E]['result']> {
  return requestAck(socket, event, payload, options.timeoutMs);
}

/** Any namespace's command: emit with an ack and a deadline, then the ack's data or its error as an ApiError. */
export async function requestAck<T>(
  socket: { timeout(timeoutMs: number): unknown },
  event: string,
  payload: unknown,
  timeoutMs = 5_000,
): Promise<T> {
  let ack: SocketAck<T>;
  try {
    // The event maps are indexed by a generic event name here, which socket.io's types cannot follow.
    const timed = socket.timeout(timeoutMs) as unknown as {
      emitWithAck(event: string, payload: unknown): Promise<SocketAck<T>>;
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
