import {
  type GlobalSearchQuery,
  type GlobalSearchResult,
  type LiveSessionView,
  type PaginationQuery,
  type ProductSearchQuery,
  type ProductView,
  type PublicSessionView,
  type SearchPageMeta,
  type SessionSearchQuery,
  searchPageMeta,
  type TrendingSessionView,
} from '@showfloor/contracts';
import type { Logger } from '@showfloor/server-kit';
import type { LiveStatsReader } from '../../integrations/live-stats-reader.ts';
import { toProductView } from '../products/product-view.ts';
import { toSessionView } from '../sessions/session-view.ts';
import type { SearchRepository, SessionCriteria, SessionRecord } from './search.repository.ts';
import { boundedCount, countLimitFor } from './search-total.ts';
import { rankTrending, trendingWindowMs } from './trending-ranking.ts';

export interface SearchServiceDeps {
  repository: SearchRepository;
  /** How many watch each live session now; the realtime service holds that, never the database. */
  liveStats: Pick<LiveStatsReader, 'watchingNow'>;
  logger: Logger;
  /** Totals are exact up to this many matches (config SEARCH_EXACT_TOTAL_UP_TO); see search-total.ts. */
  exactTotalUpTo: number;
  /** The trending window ends now; tests may pin it. */
  now?: () => Date;
}

/**
 * Search results are public listings: every caller, the owner included, sees a session as an
 * anonymous caller would, so never with its stream key (the owner reads it from GET /api/sessions/:sessionId).
 */
const toPublicSessionView = (session: SessionRecord): PublicSessionView => toSessionView(session, null);

export interface Page<T> {
  items: T[];
  meta: SearchPageMeta;
}

/**
 * Search and discovery (seed 003). Everything here is a public read: anyone, signed in or not,
 * sees the same results, and sessions never carry their stream key.
 */
export function createSearchService({
  repository,
  liveStats,
  exactTotalUpTo,
  now = () => new Date(),
}: SearchServiceDeps) {
  /** One read for the whole page; `watchingNow: null` on every item when the realtime service is unreachable. */
  async function withWatchingNow<T extends { id: string }>(
    items: T[],
  ): Promise<(T & { watchingNow: number | null })[]> {
    const counts = await liveStats.watchingNow(items.map((item) => item.id));
    return items.map((item) => ({ ...item, watchingNow: counts?.get(item.id) ?? null }));
  }

  async function sessionsPage(criteria: SessionCriteria, page: PaginationQuery): Promise<Page<PublicSessionView>> {
    const countLimit = countLimitFor(page, exactTotalUpTo);
    const { items, counted } = await repository.findSessions(criteria, page, countLimit);
    return { items: items.map(toPublicSessionView), meta: searchPageMeta(boundedCount(counted, countLimit), page) };
  }

  return {
    /** The first `limit` sessions and products matching `q`, newest first, with how many match (bounded). */
    async searchEverything({ q, limit }: GlobalSearchQuery): Promise<GlobalSearchResult> {
      const page = { limit, offset: 0 };
      const countLimit = countLimitFor(page, exactTotalUpTo);
      const [sessions, products] = await Promise.all([
        repository.findSessions({ text: q, order: 'newest' }, page, countLimit),
        repository.findProducts({ text: q, order: 'newest' }, page, countLimit),
      ]);
      const sessionCount = boundedCount(sessions.counted, countLimit);
      const productCount = boundedCount(products.counted, countLimit);
      return {
        sessions: sessions.items.map(toPublicSessionView),
        products: products.items.map(toProductView),
        counts: { sessions: sessionCount.total, products: productCount.total },
        countsAreExact: { sessions: sessionCount.exact, products: productCount.exact },
      };
    },

    searchSessions(query: SessionSearchQuery): Promise<Page<PublicSessionView>> {
      const { q, status, category, creatorId, sortBy, limit, offset } = query;
      return sessionsPage({ text: q, status, category, creatorId, order: sortBy }, { limit, offset });
    },

    /** Sessions streaming now (`live`; `paused` ones are not), most recently started first, with how many watch. */
    async listLive(page: PaginationQuery): Promise<Page<LiveSessionView>> {
      const { items, meta } = await sessionsPage({ text: '', status: 'live', order: 'recently-started' }, page);
      return { items: await withWatchingNow(items), meta };
    },

    /**
     * Sessions not started yet (`scheduled`), newest first. Sessions carry no planned start time,
     * so "soonest first" cannot be told; once they do, order by it ascending here.
     */
    listUpcoming(page: PaginationQuery): Promise<Page<PublicSessionView>> {
      return sessionsPage({ text: '', status: 'scheduled', order: 'newest' }, page);
    },

    /** Every session of one creator, in any status, newest first; an unknown creator simply has none. */
    listByCreator(creatorId: string, page: PaginationQuery): Promise<Page<PublicSessionView>> {
      return sessionsPage({ text: '', creatorId, order: 'newest' }, page);
    },

    /**
     * Live sessions ranked by engagement in the last hour (see `rankTrending`). Ranking happens
     * here rather than in SQL so the realtime service's current viewer counts, which never live in
     * the database, can be merged in as one more signal. All live sessions are ranked to cut one
     * page: live sessions are few (each needs a creator streaming), and the counts are index reads.
     */
    async listTrending(page: PaginationQuery): Promise<Page<TrendingSessionView>> {
      const since = new Date(now().getTime() - trendingWindowMs);
      const engagement = await repository.liveEngagementSince(since);
      const ranked = rankTrending(
        engagement.map((live) => ({
          sessionId: live.sessionId,
          startedAt: live.startedAt,
          recentChatMessages: live.chatMessages,
          recentViews: live.views,
        })),
      );
      const onPage = ranked.slice(page.offset, page.offset + page.limit);
      // A session deleted between the two reads is left out of the page.
      const sessions = new Map(
        (await repository.findSessionsByIds(onPage.map((entry) => entry.sessionId))).map((session) => [
          session.id,
          session,
        ]),
      );
      const items = onPage.flatMap((entry) => {
        const session = sessions.get(entry.sessionId);
        if (!session) return [];
        const trending = {
          score: entry.score,
          recentChatMessages: entry.recentChatMessages,
          recentViews: entry.recentViews,
        };
        return [{ ...toPublicSessionView(session), trending }];
      });
      // Every live session was ranked, so this total is exact.
      const total = { total: ranked.length, exact: true };
      return { items: await withWatchingNow(items), meta: searchPageMeta(total, page) };
    },

    async searchProducts(query: ProductSearchQuery): Promise<Page<ProductView>> {
      const { q, minPrice, maxPrice, sortBy, limit, offset } = query;
      const page = { limit, offset };
      const countLimit = countLimitFor(page, exactTotalUpTo);
      const criteria = { text: q, minPrice, maxPrice, order: sortBy };
      const { items, counted } = await repository.findProducts(criteria, page, countLimit);
      return { items: items.map(toProductView), meta: searchPageMeta(boundedCount(counted, countLimit), page) };
    },
  };
}

export type SearchService = ReturnType<typeof createSearchService>;
