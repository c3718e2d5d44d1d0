import { z } from 'zod';

/** GET /config.json: what the web app needs to know at run time, not at build time. */
export const webConfigSchema = z.object({
  /** Where the browser opens its Socket.IO connection to the realtime service. */
  realtimeUrl: z.url(),
  /** Agora's app id when streaming is configured; null shows a placeholder instead of a player. */
  agoraAppId: z.string().nullable(),
});
export type WebConfig = z.infer<typeof webConfigSchema>;
