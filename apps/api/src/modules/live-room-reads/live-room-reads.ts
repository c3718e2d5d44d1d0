import { restRoutes, type SessionDetailView, type SessionProductView } from '@showfloor/contracts';
import { z } from 'zod';
import { type PreparedJson, PublicReadCache, prepareJson } from '../../shared/public-read-cache.ts';

/**
 * What every viewer of a live room loads when the page opens — the session with its products, and
 * its product list — answered from memory for a moment, serialized once (issue: a flash crowd).
 * The answers are the public ones (no stream key): a viewer who may manage the session is read
 * fresh by the route instead, so its owner sees its own writes at once and its secret is never
 * cached. Writes in this process forget what they change at once; another API process's writes
 * reach these answers within `ttlMs`.
 */
export interface LiveRoomReads {
  /** The public detail of a session, with its creator's id so the route can tell who may see more. */
  detail(
    sessionId: string,
    load: () => Promise<SessionDetailView>,
  ): Promise<{ creatorId: string; answer: PreparedJson }>;
  products(
    sessionId: string,
    featured: boolean | undefined,
    load: () => Promise<SessionProductView[]>,
  ): Promise<PreparedJson>;
  /** The session, its product links or its showcase changed. */
  sessionChanged(sessionId: string): void;
  /** A product or a user's public profile changed: any session's answer may hold it. */
  catalogChanged(): void;
}

const featuredKeys = ['all', 'true', 'false'] as const;
const featuredKey = (featured: boolean | undefined) => (featured === undefined ? 'all' : String(featured));

export function createLiveRoomReads(options: { ttlMs: number; maxSessions?: number }): LiveRoomReads {
  const maxEntries = options.maxSessions ?? 1_000;
  const details = new PublicReadCache<{ creatorId: string; answer: PreparedJson }>({
    ttlMs: options.ttlMs,
    maxEntries,
  });
  const productLists = new PublicReadCache<PreparedJson>({ ttlMs: options.ttlMs, maxEntries: maxEntries * 3 });
  return {
    detail: (sessionId, load) =>
      details.get(sessionId, async () => {
        const view = await load();
        // Encoded by the route's own response schema, as the route's serializer would.
        const envelope = z.encode(restRoutes.sessions.get.response, { success: true, data: view });
        return { creatorId: view.creatorId, answer: prepareJson(envelope) };
      }),
    products: (sessionId, featured, load) =>
      productLists.get(`${sessionId}|${featuredKey(featured)}`, async () =>
        prepareJson(z.encode(restRoutes.sessionProducts.list.response, { success: true, data: await load() })),
      ),
    sessionChanged(sessionId) {
      details.forget(sessionId);
      for (const key of featuredKeys) productLists.forget(`${sessionId}|${key}`);
    },
    catalogChanged() {
      details.forgetAll();
      productLists.forgetAll();
    },
  };
}
