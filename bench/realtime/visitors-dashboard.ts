// One visitor dashboard for `pnpm bench:visitors:live`, in its own process (so the HTTP load
// generator's busy event loop does not delay what it counts): a socket.io-client on `/visitors`
// with an admin token, as the web app's Visitors page connects, counting what the coalesced feed
// delivers. Driven by the orchestrator with the commands in visitors-protocol.ts.
import {
  type VisitorsClientToServerEmits,
  type VisitorsServerToClientEvents,
  visitorsNamespace,
} from '@showfloor/contracts';
import { io, type Socket } from 'socket.io-client';
import { serveCommands } from './bench-protocol.ts';
import type { DashboardReceipt, VisitorsDashboardCommands } from './visitors-protocol.ts';

let socket: Socket<VisitorsServerToClientEvents, VisitorsClientToServerEmits> | undefined;
let receipt: DashboardReceipt = emptyReceipt();

function emptyReceipt(): DashboardReceipt {
  return { messages: {}, feedEvents: 0, feedOmitted: 0, firstAt: null, lastAt: null, lastStats: null };
}

function note(event: string): void {
  const now = Date.now();
  receipt.messages[event] = (receipt.messages[event] ?? 0) + 1;
  receipt.firstAt ??= now;
  receipt.lastAt = now;
}

serveCommands<VisitorsDashboardCommands>({
  async connect({ url, token }) {
    const started = performance.now();
    const connecting = io(`${url}${visitorsNamespace}`, {
      transports: ['websocket'],
      forceNew: true,
      reconnection: false,
      auth: { token },
    });
    socket = connecting;
    connecting.on('visitor_update', (payload) => {
      note('visitor_update');
      receipt.feedEvents += payload.events.length;
      receipt.feedOmitted += payload.omitted;
      receipt.lastStats = {
        total_active: payload.stats.total_active,
        total_today: payload.stats.total_today,
        visitors_last_minute: payload.stats.visitors_last_minute,
      };
    });
    connecting.on('session_activity', () => note('session_activity'));
    connecting.on('alert', () => note('alert'));
    const totalDashboards = await new Promise<number>((resolve, reject) => {
      connecting.once('user_connected', (payload) => resolve(payload.total_dashboards));
      connecting.once('connect_error', (error) => reject(new Error(`the dashboard was refused: ${error.message}`)));
    });
    return { totalDashboards, elapsedMs: performance.now() - started };
  },
  async receipt({ reset }) {
    const current = receipt;
    if (reset) receipt = emptyReceipt();
    return current;
  },
  async close() {
    const open = socket !== undefined;
    socket?.close();
    socket = undefined;
    return { closed: open };
  },
});
