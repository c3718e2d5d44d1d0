import { z } from 'zod';
import type { RoomEventListeners } from './room-events.ts';
import type { AckCallback } from './socket-ack.ts';

export const socketEvents = {
  joinSession: 'join-session',
  leaveSession: 'leave-session',
  viewerCount: 'viewer-count',
} as const;

const sessionIdSchema = z.uuid();

/** Seed 003 allows `{ sessionId }` or the bare id; a `userId` in the payload is ignored (DESIGN.md). */
export const sessionRefPayloadSchema = z.preprocess(
  (payload) => (typeof payload === 'string' ? { sessionId: payload } : payload),
  z.object({ sessionId: sessionIdSchema }),
);
export type SessionRefPayload = z.output<typeof sessionRefPayloadSchema>;

export const joinSessionResultSchema = z.object({
  sessionId: z.uuid(),
  viewerCount: z.number().int().nonnegative(),
});
export type JoinSessionResult = z.infer<typeof joinSessionResultSchema>;

export const viewerCountPayloadSchema = z.number().int().nonnegative();

export interface ClientToServerEvents {
  'join-session': (payload: unknown, ack?: AckCallback<JoinSessionResult>) => void;
  'leave-session': (payload: unknown, ack?: AckCallback<{ sessionId: string }>) => void;
}

export interface ServerToClientEvents extends RoomEventListeners {
  'viewer-count': (count: number) => void;
}
