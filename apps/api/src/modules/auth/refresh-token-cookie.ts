import type { FastifyReply, FastifyRequest } from 'fastify';

/** The cookie that carries the web app's refresh token. */
export const refreshTokenCookieName = 'showfloor_refresh';

/**
 * The browser sends it back to the auth routes only (refresh, logout), never to the rest of the
 * API, and never on a request another site starts (SameSite=Strict): with HttpOnly, no script on
 * the page — an injected one included — can read it, and no other site can spend it.
 */
const refreshTokenCookiePath = '/api/auth';

export interface RefreshTokenCookie {
  /** The refresh token the browser sent, if any. */
  read(request: FastifyRequest): string | undefined;
  set(reply: FastifyReply, refreshToken: string): void;
  clear(reply: FastifyReply): void;
}

export function createRefreshTokenCookie(options: { maxAgeSeconds: number }): RefreshTokenCookie {
  const attributes = {
    httpOnly: true,
    sameSite: 'strict',
    path: refreshTokenCookiePath,
    // Secure when the request came over https (`request.protocol`, which honours TRUST_PROXY_HOPS):
    // a browser on http://localhost or a LAN address would otherwise never send it back.
    secure: 'auto',
  } as const;
  return {
    read: (request) => request.cookies[refreshTokenCookieName] || undefined,
    set(reply, refreshToken) {
      reply.setCookie(refreshTokenCookieName, refreshToken, { ...attributes, maxAge: options.maxAgeSeconds });
    },
    clear(reply) {
      reply.clearCookie(refreshTokenCookieName, attributes);
    },
  };
}
