import { z } from 'zod';
import { sessionStatusSchema } from '../rest/sessions.ts';
import { nodeCheckpointSchema } from './session-totals.ts';

/** What the realtime service needs to know about a session; it caches this briefly. */
export const sessionFactsSchema = z.object({
  id: z.uuid(),
  creatorId: z.uuid(),
  status: sessionStatusSchema,
  enableViewerAnalytics: z.boolean(),
  activeProductId: z.uuid().nullable(),
  productIds: z.array(z.uuid()),
  /**
   * While the stream is on air: what each realtime node has reported so far. A node continues from
   * its own entry (a restart loses nothing) and shows the others' as a starting point.
   */
  checkpoints: z.array(nodeCheckpointSchema).default([]),
});
export type SessionFacts = z.infer<typeof sessionFactsSchema>;
