import { createServer, type IncomingMessage, request, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A real HTTP hop between the realtime service and the real API: it forwards every request, counts
 * them by path, can slow some down, and can freeze — hold requests unanswered, the way a SIGSTOPped
 * API behaves — until thawed.
 */
export async function startApiProxy(target: { host: string; port: number }) {
  const counts = new Map<string, number>();
  let frozen = false;
  const held: (() => void)[] = [];
  let slowPaths: { matching: (path: string) => boolean; delayMs: number } | undefined;

  const forward = (incoming: IncomingMessage, outgoing: ServerResponse) => {
    // The caller gave up while the request was held (its timeout): nothing to forward.
    if (incoming.destroyed || outgoing.destroyed) return;
    const upstream = request(
      { host: target.host, port: target.port, path: incoming.url, method: incoming.method, headers: incoming.headers },
      (response) => {
        outgoing.writeHead(response.statusCode ?? 502, response.headers);
        response.pipe(outgoing);
      },
    );
    upstream.on('error', () => outgoing.destroy());
    outgoing.on('close', () => upstream.destroy());
    incoming.pipe(upstream);
  };

  const server = createServer((incoming, outgoing) => {
    const path = (incoming.url ?? '').split('?')[0] ?? '';
    counts.set(path, (counts.get(path) ?? 0) + 1);
    if (frozen) held.push(() => forward(incoming, outgoing));
    else if (slowPaths?.matching(path)) setTimeout(() => forward(incoming, outgoing), slowPaths.delayMs);
    else forward(incoming, outgoing);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    /** Requests seen whose path matches. */
    count(matching: (path: string) => boolean): number {
      return [...counts].filter(([path]) => matching(path)).reduce((sum, [, count]) => sum + count, 0);
    },
    /** Holds each request whose path matches for `delayMs` before forwarding it (a slow network or API). */
    slowDown(matching: (path: string) => boolean, delayMs: number) {
      slowPaths = { matching, delayMs };
    },
    freeze() {
      frozen = true;
    },
    thaw() {
      frozen = false;
      for (const release of held.splice(0)) release();
    },
    close(): Promise<void> {
      server.closeAllConnections();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}
