import { z } from 'zod';
import { errorBodySchema } from '../envelope.ts';

/** Every client→server event takes an optional ack answering in this shape. */
export type SocketAck<T> = { ok: true; data: T } | { ok: false; error: z.infer<typeof errorBodySchema> };

export function socketAckSchema<T extends z.ZodType>(data: T) {
  return z.discriminatedUnion('ok', [
    z.object({ ok: z.literal(true), data }),
    z.object({ ok: z.literal(false), error: errorBodySchema }),
  ]);
}

export type AckCallback<T> = (response: SocketAck<T>) => void;
