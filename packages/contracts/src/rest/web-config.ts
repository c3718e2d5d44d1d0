import { z } from 'zod';

/**
 * `GET /config.json`: what the web app needs to know at run time and cannot be built into it,
 * since it depends on the deployment and on the address the page was opened at. The web app
 * parses the answer with this schema before it connects anywhere.
 */
export const webConfigSchema = z.object({
  /** Where the page opens Socket.IO: an http(s) origin, the realtime service's. */
  realtimeUrl: z.url({ protocol: /^https?$/ }),
  /** The Agora project's App ID, or null when this deployment has no Agora credentials (no video). */
  agoraAppId: z.string().nullable(),
});
export type WebConfig = z.infer<typeof webConfigSchema>;
