import type { FastifyReply, FastifyRequest } from 'fastify';
import type { PreparedJson } from './public-read-cache.ts';

/**
 * Sends an answer serialized earlier (public-read-cache.ts) with its ETag: a client or CDN that
 * already holds it gets 304 and no body. A shared cache (a CDN) may serve an anonymous answer for a
 * second; a browser always asks again (a 304 when nothing changed), so whoever just wrote sees
 * their write on the next read. `Vary` keeps a cache from handing the public answer to a request
 * with a token, whose reader may be the owner and see more.
 */
export function sendPrepared(request: FastifyRequest, reply: FastifyReply, answer: PreparedJson): FastifyReply {
  reply
    .header('etag', answer.etag)
    .header('vary', 'Authorization')
    .header(
      'cache-control',
      request.headers.authorization ? 'private, no-cache' : 'public, max-age=0, s-maxage=1, must-revalidate',
    );
  if (request.headers['if-none-match'] === answer.etag) return reply.code(304).send();
  return reply
    .type('application/json; charset=utf-8')
    .serializer((payload: unknown) => String(payload))
    .send(answer.json);
}

/** An answer only its reader may see (an owner's, with the stream key): never stored by any cache. */
export function privateAnswer(reply: FastifyReply): FastifyReply {
  return reply.header('cache-control', 'private, no-store').header('vary', 'Authorization');
}
