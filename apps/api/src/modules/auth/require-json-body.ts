import { errorCodes, type FastifyRequest } from 'fastify';

const jsonMediaType = 'application/json';

/**
 * preValidation: a body, when there is one, must be JSON (415 otherwise). Fastify also parses
 * text/plain, which an HTML form or a no-cors fetch can send without a CORS preflight; JSON cannot
 * be sent cross-origin without one. No body at all is fine.
 */
export async function requireJsonWhenBodySent(request: FastifyRequest): Promise<void> {
  if (request.body === undefined) return;
  const mediaType = (request.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase();
  if (mediaType !== jsonMediaType) throw new errorCodes.FST_ERR_CTP_INVALID_MEDIA_TYPE(mediaType || 'none');
}
