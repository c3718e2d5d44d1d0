import type { Socket } from 'socket.io-client';

/**
 * Asks `refresh` for a new token once when the handshake is refused as `unauthorized` (socket.io-client
 * does not retry a refused handshake), and reconnects with it; null leaves the socket disconnected.
 * `refresh` must be the page's one refresh path (`api.refreshAccessToken`, which shares one request
 * among concurrent callers): refresh tokens rotate, and two refreshes racing with the same one look
 * like reuse to the API, which then ends the login.
 */
export function refreshOnRefusedHandshake(socket: Socket, refresh: () => Promise<string | null>): void {
  let refreshedSinceConnect = false;
  socket.on('connect', () => {
    refreshedSinceConnect = false;
  });
  socket.on('connect_error', (error) => {
    const code = (error as Error & { data?: { code?: string } }).data?.code;
    // One refresh per refusal, then stop: a token refused again will not be cured by another.
    if (code !== 'unauthorized' || refreshedSinceConnect || socket.active) return;
    refreshedSinceConnect = true;
    void refresh().then(
      (token) => {
        if (token !== null) socket.connect();
      },
      () => undefined,
    );
  });
}
