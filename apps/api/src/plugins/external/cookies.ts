import cookie from '@fastify/cookie';
import type { FastifyInstance } from 'fastify';

/** Cookie parsing and `reply.setCookie`: the web app's refresh token travels in one (auth module). */
export async function registerCookies(app: FastifyInstance): Promise<void> {
  await app.register(cookie);
}
