import { type ApiClient, type AuthTokens, createApiClient, memoryTokenStore } from '@showfloor/client';

/** The page's one API client and what it knows of the signed-in person's tokens. */
export interface WebClient {
  api: ApiClient;
  /** The access token in memory, for the realtime handshake; null for a guest or before a refresh. */
  accessToken(): string | null;
  /** Called whenever the tokens change: signed in, refreshed, signed out or refused. */
  onTokensChange(listener: (tokens: AuthTokens | null) => void): () => void;
}

/**
 * The access token lives only in this page's memory; the refresh token is an httpOnly cookie the
 * API sets on /api/auth, so no script on the page (injected or not) can read either from storage.
 * A reload therefore starts with no access token and refreshes once through the cookie.
 */
export function createWebClient(baseUrl = ''): WebClient {
  const listeners = new Set<(tokens: AuthTokens | null) => void>();
  const tokens = memoryTokenStore({
    onChange: (next) => {
      for (const listener of listeners) listener(next);
    },
  });
  const api = createApiClient({ baseUrl, tokens, refreshTokenCookie: true });
  return {
    api,
    accessToken: () => tokens.get()?.accessToken ?? null,
    onTokensChange(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}
