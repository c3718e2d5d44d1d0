/** The settings that decide where browsers reach the realtime service (ApiConfig's). */
export interface PublicRealtimeSettings {
  PUBLIC_REALTIME_URL?: string | undefined;
  PUBLIC_REALTIME_PORT: number;
}

/** What of the request decides it: Fastify's `protocol` and `hostname` (both honour TRUST_PROXY_HOPS). */
export interface PageAddress {
  protocol: string;
  hostname: string;
}

// A DNS name, an IPv4 address, or a bracketed IPv6 one. The Host header is the client's to write,
// and this URL goes into a CSP header and a JSON answer: nothing else may pass.
const hostnamePattern = /^(?:[a-z0-9_-]+(?:\.[a-z0-9_-]+)*\.?|\[[0-9a-f:.]+\])$/i;

/**
 * The realtime service's URL as a browser should use it: PUBLIC_REALTIME_URL when set, else the
 * page's own protocol and host name on PUBLIC_REALTIME_PORT — so a phone that opened
 * http://192.168.1.5:3000 connects to http://192.168.1.5:3001. The one source for /config.json and
 * the page's Content-Security-Policy, which must agree. An unusable Host gives `localhost`.
 */
export function publicRealtimeUrl(page: PageAddress, settings: PublicRealtimeSettings): string {
  if (settings.PUBLIC_REALTIME_URL) return settings.PUBLIC_REALTIME_URL;
  const protocol = page.protocol === 'https' ? 'https' : 'http';
  const hostname = hostnamePattern.test(page.hostname) ? page.hostname.toLowerCase() : 'localhost';
  return `${protocol}://${hostname}:${settings.PUBLIC_REALTIME_PORT}`;
}

/** The same origin as Socket.IO's websocket transport reaches it (ws: for http:, wss: for https:). */
export function websocketUrlOf(url: string): string {
  return url.replace(/^http/, 'ws');
}
