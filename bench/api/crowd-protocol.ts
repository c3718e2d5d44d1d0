// The commands `pnpm bench:crowd` sends its viewer processes (crowd-viewers.ts) over Node's IPC
// channel, with the CommandChannel / serveCommands pair of bench/realtime/bench-protocol.ts.
import type { LatencySummary } from '../realtime/bench-protocol.ts';

/** One request of the live room's page on opening; `:sessionId` is filled in. */
export interface RoomRequest {
  label: string;
  path: string;
  expectedStatus: number;
}

export interface ArriveParams {
  apiUrl: string;
  realtimeUrl: string;
  sessionId: string;
  /** This process's share of the crowd. */
  viewers: number;
  /** When the first viewer arrives (every process starts together). */
  startAtEpochMs: number;
  /** The arrivals are spread evenly over this long. */
  spreadMs: number;
  requests: RoomRequest[];
  /** Keep-alive connections this process holds to the API at most. */
  connections: number;
  /** Whether each viewer joins the room's socket after its requests (CROWD_SOCKETS=0: HTTP only). */
  sockets: boolean;
}

export interface CrowdResult {
  requests: { label: string; latency: LatencySummary }[];
  /** `label → status` for every answer that was not the expected one (status 0: no answer). */
  failures: Record<string, number>;
  /** Socket connect + join-session ack. */
  join: LatencySummary;
  joinFailures: number;
  arrivedInMs: number;
}

export type CrowdCommands = {
  arrive: { params: ArriveParams; result: CrowdResult };
  /** The latest `viewer-count` this process's sockets heard, and how many are joined. */
  'viewer-count': { params: Record<string, never>; result: { count: number; sockets: number } };
  leave: { params: Record<string, never>; result: { left: true } };
};
