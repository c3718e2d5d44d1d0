import type { IncomingMessage, ServerResponse } from 'node:http';
import type { HttpServer } from '@showfloor/server-kit';
import type { FastifyRequest } from 'fastify';
import helmet from 'helmet';
import QuickLRU from 'quick-lru';
import { websocketUrlOf } from '../../shared/public-realtime-url.ts';

export interface SecurityHeaderOptions {
  /** The realtime service's URL for a page served to this request (it depends on the Host). */
  realtimeUrlFor(request: FastifyRequest): string;
  /** Whether pages may reach Agora (the API has an Agora App ID). */
  agora: boolean;
}

/** Agora's web SDK talks to its gateways and relays on these, over https and websockets. */
const agoraSources = ['https://*.agora.io', 'wss://*.agora.io', 'https://*.sd-rtn.com', 'wss://*.sd-rtn.com'];

type HeaderSetter = (request: IncomingMessage, response: ServerResponse, next: () => void) => void;

/**
 * helmet's headers, with the web app's Content-Security-Policy: only this origin's scripts, and
 * connections to this origin, the realtime service (http(s) for Socket.IO's polling, ws(s) for its
 * websocket) and, with video, Agora. The realtime origin follows the Host the page was opened at.
 * The docs page sets its own CSP (see openapi-docs.ts).
 *
 * helmet is used directly, one middleware per realtime origin built once and remembered:
 * @fastify/helmet builds the whole middleware (parsing and validating every directive) on each
 * request, which was 5 % of the API's time on `POST /api/track` (bench:ingest).
 */
export async function registerSecurityHeaders(app: HttpServer, options: SecurityHeaderOptions): Promise<void> {
  // A deployment answers under a few hosts; the bound only stops a stream of made-up Host headers.
  const setters = new QuickLRU<string, HeaderSetter>({ maxSize: 64 });
  const settersFor = (realtimeUrl: string): HeaderSetter => {
    let setter = setters.get(realtimeUrl);
    if (!setter) {
      setter = helmet(helmetOptions(realtimeUrl, options.agora));
      setters.set(realtimeUrl, setter);
    }
    return setter;
  };
  app.addHook('onRequest', (request, reply, done) => {
    settersFor(options.realtimeUrlFor(request))(request.raw, reply.raw, done);
  });
}

function helmetOptions(realtimeUrl: string, agora: boolean): Parameters<typeof helmet>[0] {
  return {
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        connectSrc: ["'self'", realtimeUrl, websocketUrlOf(realtimeUrl), ...(agora ? agoraSources : [])],
        imgSrc: ["'self'", 'data:', 'blob:', 'https:'],
        mediaSrc: ["'self'", 'blob:'],
        styleSrc: ["'self'", "'unsafe-inline'"],
        workerSrc: ["'self'", 'blob:'],
        // helmet's default would make a browser on http://192.168.1.5:3000 (a phone on the LAN)
        // fetch the page's own scripts over https, which nothing serves: the page would be blank.
        upgradeInsecureRequests: null,
      },
    },
  };
}
