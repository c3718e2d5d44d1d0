import { createHash, timingSafeEqual } from 'node:crypto';
import { internalKeyHeader, UnauthorizedError } from '@showfloor/contracts';
import type { FastifyRequest } from 'fastify';

function digest(value: string): Buffer {
  return createHash('sha256').update(value).digest();
}

/**
 * Compares keys in constant time. Hashing both sides first gives equal-length buffers, so neither
 * the comparison nor a length check leaks how much of the key a caller guessed.
 */
export function internalKeyMatches(expected: string, presented: string | string[] | undefined): boolean {
  if (typeof presented !== 'string') return false;
  return timingSafeEqual(digest(expected), digest(presented));
}

/** A Fastify onRequest hook that rejects calls without the shared internal key before any parsing. */
export function createInternalKeyGuard(expectedKey: string) {
  return async function internalKeyGuard(request: FastifyRequest): Promise<void> {
    if (!internalKeyMatches(expectedKey, request.headers[internalKeyHeader])) {
      throw new UnauthorizedError('Missing or invalid internal key');
    }
  };
}
