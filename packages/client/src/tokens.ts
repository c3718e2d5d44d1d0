/** What signing in gives: a short-lived access token and the refresh token that renews it. */
export interface AuthTokens {
  /** Null when only the refresh token is known (a reloaded page): the next call refreshes first. */
  accessToken: string | null;
  /**
   * Absent in cookie mode (`refreshTokenCookie: true`), where the refresh token lives only in the
   * API's httpOnly cookie and the page never holds it.
   */
  refreshToken?: string;
}

/**
 * Where a client keeps its tokens. The API client reads the access token for each call, stores
 * new tokens after login, register and refresh (refresh tokens rotate: each use returns a new one)
 * and clears them after logout or when the refresh token is refused.
 */
export interface TokenStore {
  get(): AuthTokens | null;
  set(tokens: AuthTokens | null): void;
}

/**
 * Tokens in memory, where an access token belongs in a browser (never in local storage). In cookie
 * mode that is all a page needs: a reload loses the access token and one refresh (the cookie)
 * brings it back. In body mode, pass `onChange` to keep the refresh token somewhere that outlives
 * the page, and `initial` to start from it (`{ accessToken: null, refreshToken }`): the first call
 * that needs a token refreshes it.
 */
export function memoryTokenStore(
  options: { initial?: AuthTokens | null; onChange?: (tokens: AuthTokens | null) => void } = {},
): TokenStore {
  let current = options.initial ?? null;
  return {
    get: () => current,
    set(tokens) {
      current = tokens;
      options.onChange?.(tokens);
    },
  };
}
