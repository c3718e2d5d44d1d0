import type { Logger, ProcessPeers } from '@showfloor/server-kit';
import { singleProcess } from '@showfloor/server-kit';
import { z } from 'zod';

/**
 * Everything a write can make a cache of the API wrong about, by cache. One shape for the whole
 * process and its peers: the other API processes parse it when it arrives.
 */
export const cacheEvictionSchema = z.discriminatedUnion('cache', [
  /** A user's token version moved on, or the user was deleted. */
  z.object({ cache: z.literal('token-version'), userId: z.string() }),
  /** A login (refresh-token family) was ended. */
  z.object({ cache: z.literal('login-family'), familyId: z.string() }),
  /** A user's own row changed: their band for tracked events, their name on the sessions they run. */
  z.object({ cache: z.literal('profile'), userId: z.string() }),
  /** A session's fields, status, product links or showcase changed. */
  z.object({ cache: z.literal('session'), sessionId: z.string() }),
  /** A message was sent to a session's chat or moderated away. */
  z.object({ cache: z.literal('chat'), sessionId: z.string() }),
  /** A product changed: any session's answer and any listing may hold it. */
  z.object({ cache: z.literal('catalog') }),
]);

export type CacheEviction = z.infer<typeof cacheEvictionSchema>;

export interface CacheEvictions {
  /**
   * Runs `eviction` in every app instance of this process and every other API process of this
   * host; resolves once they all have, so a write answered afterwards is seen by its author's next
   * read whichever process serves it.
   */
  evict(eviction: CacheEviction): Promise<void>;
  /** One app instance's caches: what they forget for each eviction. Returns its removal. */
  register(forget: (eviction: CacheEviction) => void): () => void;
}

/** One per process: the public and the internal app instance share it, and it speaks for both to the peers. */
export function createCacheEvictions(options: { peers?: ProcessPeers; logger: Logger }): CacheEvictions {
  const peers = options.peers ?? singleProcess;
  const caches = new Set<(eviction: CacheEviction) => void>();
  const forgetHere = (eviction: CacheEviction) => {
    for (const forget of caches) forget(eviction);
  };
  peers.onMessage((message) => {
    const parsed = cacheEvictionSchema.safeParse(message);
    if (parsed.success) forgetHere(parsed.data);
    else options.logger.warn({ issues: parsed.error.issues }, 'a peer sent an eviction this process does not know');
  });
  return {
    evict(eviction) {
      forgetHere(eviction);
      return peers.broadcast(eviction);
    },
    register(forget) {
      caches.add(forget);
      return () => caches.delete(forget);
    },
  };
}
