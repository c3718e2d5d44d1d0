import { z } from 'zod';
import { chatMessageTextSchema } from '../rest/chat.ts';

/** realtime → API: persist a chat message sent over a socket by an authenticated user. */
export const internalChatMessageSchema = z
  .object({ sessionId: z.uuid(), userId: z.uuid(), message: chatMessageTextSchema })
  .strict();

/** realtime → API: a showcase change requested over a socket; same rules as the REST route. */
export const internalShowcaseSchema = z
  .object({ sessionId: z.uuid(), actorUserId: z.uuid(), productId: z.uuid().nullable() })
  .strict();
