import type { z } from 'zod';
import type { errorBodySchema } from '../envelope.ts';

/** Every client→server event takes an optional ack answering in this shape. */
export type SocketAck<T> = { ok: true; data: T } | { ok: false; error: z.infer<typeof errorBodySchema> };

export type AckCallback<T> = (response: SocketAck<T>) => void;
