import type { IncomingMessage } from 'node:http';
import helmet from '@fastify/helmet';
import type { HttpServer } from '@showfloor/server-kit';
import type { FastifyRequest } from 'fastify';
import { websocketUrlOf } from '../../shared/public-realtime-url.ts';

export interface SecurityHeaderOptions {
  /** The realtime service's URL for a page served to this request (it depends on the Host). */
  realtimeUrlFor(request: FastifyRequest): string;
  /** Whether pages may reach Agora (the API has an Agora App ID). */
  agora: boolean;
}

/** Agora's web SDK talks to its gateways and relays on these, over https and websockets. */
const agoraSources = ['https://*.agora.io', 'wss://*.agora.io', 'https://*.sd-rtn.com', 'wss://*.sd-rtn.com'];

/**
 * helmet's headers, with the web app's Content-Security-Policy: only this origin's scripts, and
 * connections to this origin, the realtime service (http(s) for Socket.IO's polling, ws(s) for its
 * websocket) and, with video, Agora. The realtime origin follows the Host the page was opened at,
 * so the policy is computed per request. The docs page sets its own CSP (see openapi-docs.ts).
 */
export async function registerSecurityHeaders(app: HttpServer, options: SecurityHeaderOptions): Promise<void> {
  // helmet's directive functions see only the raw request; Fastify's protocol and hostname (which
  // honour TRUST_PROXY_HOPS) are read here, first, and looked up there.
  const realtimeSources = new WeakMap<IncomingMessage, string>();
  app.addHook('onRequest', async (request) => {
    const url = options.realtimeUrlFor(request);
    realtimeSources.set(request.raw, `${url} ${websocketUrlOf(url)}`);
  });
  await app.register(helmet, {
    global: true,
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        connectSrc: [
          "'self'",
          (request: IncomingMessage) => realtimeSources.get(request) ?? "'self'",
          ...(options.agora ? agoraSources : []),
        ],
        imgSrc: ["'self'", 'data:', 'blob:', 'https:'],
        mediaSrc: ["'self'", 'blob:'],
        styleSrc: ["'self'", "'unsafe-inline'"],
        workerSrc: ["'self'", 'blob:'],
        // helmet's default would make a browser on http://192.168.1.5:3000 (a phone on the LAN)
        // fetch the page's own scripts over https, which nothing serves: the page would be blank.
        upgradeInsecureRequests: null,
      },
    },
  });
}
