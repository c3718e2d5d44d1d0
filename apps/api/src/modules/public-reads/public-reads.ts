import {
  type RestRoute,
  restRoutes,
  type SessionDetailView,
  type SessionProductView,
  type StreamTokenView,
} from '@showfloor/contracts';
import { z } from 'zod';
import type { CacheEvictions } from '../../shared/cache-evictions.ts';
import { type PreparedJson, PublicReadCache, prepareJson } from '../../shared/public-read-cache.ts';

/**
 * What a crowd loads at once — a live room's session with its products, its product list, and the
 * public catalog and search listings around it — answered from memory for a moment, serialized
 * once (a flash crowd: every viewer who opens the page asks for the same answers together).
 * The answers are the public ones (no stream key): a viewer who may manage the session is read
 * fresh by the route instead, so its owner sees its own writes at once and its secret is never
 * cached. Writes through the API forget what they change in every API process of the host before
 * they are answered; another host's writes (and rows changed behind the API's back) reach these
 * answers within `ttlMs`.
 */
export interface PublicReads {
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
  /**
   * A public listing (the catalog, a search): the same for every caller, so kept by route and
   * query. `load` gives the route's success body; it is encoded by the route's response schema.
   */
  listing(route: RestRoute, query: unknown, load: () => Promise<unknown>): Promise<PreparedJson>;
  /**
   * The newest page of a session's chat (no cursor), which every arriving viewer loads; older pages
   * are read fresh. `load` gives the route's success body.
   */
  newestChat(sessionId: string, limit: number, load: () => Promise<ChatPage>): Promise<PreparedJson>;
  /**
   * A subscriber's stream token. It names no one (uid 0, Agora assigns the viewer's id), so the
   * same token serves every viewer who asks within `ttlMs`, and its `expiresAt` is its own.
   */
  subscriberToken(sessionId: string, load: () => Promise<StreamTokenView>): Promise<PreparedJson>;
  /** A message was sent or moderated away. */
  chatChanged(sessionId: string): Promise<void>;
  /** The session, its product links or its showcase changed. */
  sessionChanged(sessionId: string): Promise<void>;
  /** A product changed: any session's answer may hold it. */
  catalogChanged(): Promise<void>;
}

type ChatPage = z.output<typeof restRoutes.chat.list.response>;

const featuredKeys = ['all', 'true', 'false'] as const;
const featuredKey = (featured: boolean | undefined) => (featured === undefined ? 'all' : String(featured));

export function createPublicReads(options: {
  ttlMs: number;
  maxSessions?: number;
  evictions: CacheEvictions;
}): PublicReads {
  const maxEntries = options.maxSessions ?? 1_000;
  const details = new PublicReadCache<{ creatorId: string; answer: PreparedJson }>({
    ttlMs: options.ttlMs,
    maxEntries,
  });
  const productLists = new PublicReadCache<PreparedJson>({ ttlMs: options.ttlMs, maxEntries: maxEntries * 3 });
  const chatPages = new PublicReadCache<PreparedJson>({ ttlMs: options.ttlMs, maxEntries });
  const tokens = new PublicReadCache<PreparedJson>({ ttlMs: options.ttlMs, maxEntries });
  const chatLimits = new Map<string, Set<number>>();
  const forgetChat = (sessionId: string) => {
    for (const limit of chatLimits.get(sessionId) ?? []) chatPages.forget(`${sessionId}|${limit}`);
  };
  // Listings change with any session or product, and are cheap to read again: forgotten wholesale.
  const listings = new PublicReadCache<PreparedJson>({ ttlMs: options.ttlMs, maxEntries: maxEntries * 5 });
  const forgetSession = (sessionId: string) => {
    forgetChat(sessionId); // a deleted session's chat is a 404
    tokens.forget(sessionId); // an ended one gives no tokens
    details.forget(sessionId);
    for (const key of featuredKeys) productLists.forget(`${sessionId}|${key}`);
    listings.forgetAll();
  };
  const forgetCatalog = () => {
    details.forgetAll();
    productLists.forgetAll();
    listings.forgetAll();
  };
  options.evictions.register((eviction) => {
    if (eviction.cache === 'chat') forgetChat(eviction.sessionId);
    else if (eviction.cache === 'session') forgetSession(eviction.sessionId);
    // A profile is a creator's name on the sessions they run.
    else if (eviction.cache === 'catalog' || eviction.cache === 'profile') forgetCatalog();
  });
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
    listing: (route, query, load) =>
      // The query as validated (defaults filled in), so equal queries share one key.
      listings.get(`${route.id}|${JSON.stringify(query)}`, async () =>
        prepareJson(z.encode(route.response, await load())),
      ),
    newestChat(sessionId, limit, load) {
      let limits = chatLimits.get(sessionId);
      if (!limits) {
        if (chatLimits.size >= maxEntries) chatLimits.clear();
        limits = new Set();
        chatLimits.set(sessionId, limits);
      }
      limits.add(limit);
      return chatPages.get(`${sessionId}|${limit}`, async () =>
        prepareJson(z.encode(restRoutes.chat.list.response, await load())),
      );
    },
    subscriberToken: (sessionId, load) =>
      tokens.get(sessionId, async () =>
        prepareJson(z.encode(restRoutes.sessions.streamToken.response, { success: true, data: await load() })),
      ),
    chatChanged: (sessionId) => options.evictions.evict({ cache: 'chat', sessionId }),
    sessionChanged: (sessionId) => options.evictions.evict({ cache: 'session', sessionId }),
    catalogChanged: () => options.evictions.evict({ cache: 'catalog' }),
  };
}
