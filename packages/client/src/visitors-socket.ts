import {
  type VisitorsClientToServerEmits,
  type VisitorsServerToClientEvents,
  type VisitorsSocketCommands,
  visitorsNamespace,
} from '@showfloor/contracts/socket';
import { io, type ManagerOptions, type Socket, type SocketOptions } from 'socket.io-client';
import { refreshOnRefusedHandshake } from './handshake-refresh.ts';
import { requestAck } from './realtime-socket.ts';

/** The visitor dashboard's socket (`/visitors`, seed 002), typed by the contracts' event maps. */
export type VisitorsSocket = Socket<VisitorsServerToClientEvents, VisitorsClientToServerEmits>;

export interface VisitorsSocketOptions {
  /** The realtime service's origin; the namespace is added here. */
  url: string;
  /** An admin's access token, read at every (re)connection. */
  accessToken: () => string | null | undefined;
  /** Asked once per refused handshake (`unauthorized`); pass the page's one refresh path, `api.refreshAccessToken`. */
  refreshAccessToken?: () => Promise<string | null>;
  socket?: Partial<ManagerOptions & SocketOptions>;
}

/** Connects to `/visitors` as the admin whose token the handshake carries (others get `connect_error`). */
export function createVisitorsSocket(options: VisitorsSocketOptions): VisitorsSocket {
  const socket: VisitorsSocket = io(`${options.url.replace(/\/+$/, '')}${visitorsNamespace}`, {
    ...options.socket,
    auth: (callback) => {
      const token = options.accessToken();
      callback(token ? { token } : {});
    },
  });
  if (options.refreshAccessToken) refreshOnRefusedHandshake(socket, options.refreshAccessToken);
  return socket;
}

/** Sends a dashboard command and waits for its ack (an ApiError on refusal or silence). */
export function sendVisitorsCommand<E extends keyof VisitorsSocketCommands>(
  socket: VisitorsSocket,
  event: E,
  payload: VisitorsSocketCommands[E]['payload'],
  options: { timeoutMs?: number } = {},
): Promise<VisitorsSocketCommands[E]['result']> {
  return requestAck(socket, event, payload, options.timeoutMs);
}
