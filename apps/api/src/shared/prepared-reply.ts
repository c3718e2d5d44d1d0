import type { FastifyReply, FastifyRequest } from 'fastify';
import type { PreparedJson } from './public-read-cache.ts';

/**
 * Sends an answer serialized earlier (public-read-cache.ts) with its ETag: a client or CDN that
 * already holds it gets 304 and no body. An anonymous request may be stored by shared caches for a
 * second; one with a token only by the browser, revalidated each time — the answer is the public
 * one either way, but `Vary` keeps a cache from handing it to an owner who should see more.
 */
export function sendPrepared(request: FastifyRequest, reply: FastifyReply, answer: PreparedJson): FastifyReply {
  reply
    .header('etag', answer.etag)
    .header('vary', 'Authorization')
    .header(
      'cache-control',
      request.headers.authorization ? 'private, no-cache' : 'public, max-age=1, stale-while-revalidate=5',
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
