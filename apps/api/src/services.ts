import type { AccessTokenSigner } from '@showfloor/access-tokens';
import type { ApiConfig } from '@showfloor/config';
import type { PrismaClient } from '@showfloor/db';
import { type Clock, createRateLimiterStore, type Logger } from '@showfloor/server-kit';
import { createLiveStatsReader } from './integrations/live-stats-reader.ts';
import { createRoomPushes } from './integrations/room-pushes.ts';
import { createUserPushes } from './integrations/user-pushes.ts';
import { createAuthService } from './modules/auth/auth.service.ts';
import { LoginThrottle } from './modules/auth/login-throttle.ts';
import { createRefreshTokensRepository } from './modules/auth/refresh-tokens.repository.ts';
import { createTokenStateService } from './modules/auth/token-state.service.ts';
import { createChatRepository } from './modules/chat/chat.repository.ts';
import { createChatService } from './modules/chat/chat.service.ts';
import { ChatRateLimiter } from './modules/chat/chat-rate-limiter.ts';
import { createEngagementAnalyticsRepository } from './modules/engagement-analytics/engagement-analytics.repository.ts';
import { createEngagementAnalyticsService } from './modules/engagement-analytics/engagement-analytics.service.ts';
import { setUpEngagementStats } from './modules/engagement-stats/engagement-stats.setup.ts';
import { setUpFeatureAnalytics } from './modules/feature-analytics/feature-analytics.setup.ts';
import { setUpFeeds } from './modules/feeds/feeds.setup.ts';
import { createProductsRepository } from './modules/products/products.repository.ts';
import { createProductsService } from './modules/products/products.service.ts';
import { createPublicReads } from './modules/public-reads/public-reads.ts';
import { createFinalFigures } from './modules/realtime-ingest/final-figures.repository.ts';
import { createProductClickersRepository } from './modules/realtime-ingest/product-clickers.repository.ts';
import { createProductClickersService } from './modules/realtime-ingest/product-clickers.service.ts';
import { createSessionAudienceRepository } from './modules/realtime-ingest/session-audience.repository.ts';
import { createSessionAudienceService } from './modules/realtime-ingest/session-audience.service.ts';
import { createSessionFactsRepository } from './modules/realtime-ingest/session-facts.repository.ts';
import { createSessionFactsService } from './modules/realtime-ingest/session-facts.service.ts';
import { createSessionTotalsRepository } from './modules/realtime-ingest/session-totals.repository.ts';
import { createSessionTotalsService } from './modules/realtime-ingest/session-totals.service.ts';
import { createSessionViewsRepository } from './modules/realtime-ingest/session-views.repository.ts';
import { createSessionViewsService } from './modules/realtime-ingest/session-views.service.ts';
import { createSearchRepository } from './modules/search/search.repository.ts';
import { createSearchService } from './modules/search/search.service.ts';
import { createSessionAnalyticsRepository } from './modules/session-analytics/session-analytics.repository.ts';
import { createSessionAnalyticsService } from './modules/session-analytics/session-analytics.service.ts';
import { createSessionProductsRepository } from './modules/session-products/session-products.repository.ts';
import { createSessionProductsService } from './modules/session-products/session-products.service.ts';
import { createAgoraTokenIssuer } from './modules/sessions/agora-token-issuer.ts';
import { allObservers } from './modules/sessions/session-lifecycle-observer.ts';
import { createSessionsRepository } from './modules/sessions/sessions.repository.ts';
import { createSessionsService } from './modules/sessions/sessions.service.ts';
import { createUsersRepository } from './modules/users/users.repository.ts';
import { createUsersService } from './modules/users/users.service.ts';
import { createViewerSnapshotRepository } from './modules/viewer-snapshots/viewer-snapshots.repository.ts';
import { createViewerSnapshotService } from './modules/viewer-snapshots/viewer-snapshots.service.ts';
import { setUpVisitorAnalytics } from './modules/visitor-analytics/visitor-analytics.setup.ts';
import { type CacheEvictions, createCacheEvictions } from './shared/cache-evictions.ts';

export interface ServiceDeps {
  config: ApiConfig;
  prisma: PrismaClient;
  logger: Logger;
  accessTokens: AccessTokenSigner;
  /** Engagement stats' "today" and "this week" (tests pin it); the system clock otherwise. */
  clock?: Clock;
  /** Shared by the app instances of one process (and through it with the other API processes); one of its own otherwise. */
  evictions?: CacheEvictions;
}

/** Wires every domain service from its narrow dependencies; routes receive what they need. */
export function createServices({
  config,
  prisma,
  logger,
  accessTokens,
  clock,
  evictions: givenEvictions,
}: ServiceDeps) {
  const evictions = givenEvictions ?? createCacheEvictions({ logger });
  const users = createUsersRepository(prisma);
  const refreshTokens = createRefreshTokensRepository(prisma);
  const tokenState = createTokenStateService({
    users,
    refreshTokens,
    cacheTtlMs: config.TOKEN_STATE_CACHE_MS,
    evictions,
  });
  // In Redis with REDIS_URL, so the login throttle and the chat limit hold across processes and hosts.
  const rateLimitStore = createRateLimiterStore({
    redisUrl: config.REDIS_URL,
    keyPrefix: config.REDIS_KEY_PREFIX,
    logger: logger.child({ module: 'rate-limits' }),
  });
  const rateLimiters = rateLimitStore.limiters;
  const pushes = createRoomPushes({
    realtimeUrl: config.REALTIME_INTERNAL_URL,
    internalApiKey: config.INTERNAL_API_KEY,
    maxPending: config.PUSH_OUTBOX_MAX,
    backoff: { baseMs: config.PUSH_RETRY_BASE_MS, maxMs: config.PUSH_RETRY_MAX_MS },
    // The realtime node answers stream-ended once its final totals are stored, within its own
    // END_STREAM_FLUSH_TIMEOUT_MS (the same value on both hosts); the rest is the trip.
    attemptTimeoutMs: config.END_STREAM_FLUSH_TIMEOUT_MS + 2_000,
    logger: logger.child({ module: 'room-pushes' }),
  });
  const userPushes = createUserPushes({
    realtimeUrl: config.REALTIME_INTERNAL_URL,
    internalApiKey: config.INTERNAL_API_KEY,
    maxPending: config.USER_PUSH_OUTBOX_MAX,
    backoff: { baseMs: config.PUSH_RETRY_BASE_MS, maxMs: config.PUSH_RETRY_MAX_MS },
    attemptTimeoutMs: 5_000,
    logger: logger.child({ module: 'user-pushes' }),
  });
  const feeds = setUpFeeds({ prisma, pushes: userPushes, logger });
  const activities = feeds.activityRecorder;
  const engagementStats = setUpEngagementStats({
    prisma,
    pushes: userPushes,
    notifications: feeds.notifications,
    leaderboardCacheMs: config.LEADERBOARD_CACHE_MS,
    logger,
    ...(clock ? { clock } : {}),
  });
  const finalFigures = createFinalFigures(prisma);
  const moduleDeps = (name: string) => ({ logger: logger.child({ module: name }) });
  const liveStats = createLiveStatsReader({
    realtimeUrl: config.REALTIME_INTERNAL_URL,
    internalApiKey: config.INTERNAL_API_KEY,
    timeoutMs: config.LIVE_READ_TIMEOUT_MS,
    logger: logger.child({ module: 'live-stats' }),
  });
  const featureAnalytics = setUpFeatureAnalytics({
    databaseUrl: config.DATABASE_URL,
    writer: {
      mode: config.TRACK_WRITE_MODE,
      maxBatchEvents: config.TRACK_BATCH_MAX_EVENTS,
      lingerMs: config.TRACK_BATCH_LINGER_MS,
      maxPendingEvents: config.TRACK_QUEUE_MAX_EVENTS,
      commitDeadlineMs: config.TRACK_COMMIT_DEADLINE_MS,
      connections: config.TRACK_WRITER_CONNECTIONS,
    },
    findTrackingUser: (userId) => users.findTrackingUser(userId),
    userCacheTtlMs: config.TRACK_USER_CACHE_MS,
    evictions,
    perRowConnections: config.DATABASE_POOL_MAX,
    logger: logger.child({ module: 'feature-analytics' }),
  });
  const visitorAnalytics = setUpVisitorAnalytics({
    databaseUrl: config.DATABASE_URL,
    // A realtime batch is at most 5,000 events (the contract) and one commit holds several batches.
    writer: {
      maxBatchEvents: 20_000,
      lingerMs: 5,
      maxPendingEvents: 100_000,
      commitDeadlineMs: config.TRACK_COMMIT_DEADLINE_MS,
    },
    readConnections: 4,
    readTimeoutMs: config.VISITOR_HISTORY_READ_TIMEOUT_MS,
    index: {
      maxPageviews: config.VISITOR_INDEX_MAX_PAGEVIEWS,
      syncIntervalMs: config.VISITOR_INDEX_SYNC_MS,
      retentionDays: config.VISITOR_EVENTS_RETENTION_DAYS,
    },
    logger: logger.child({ module: 'visitor-analytics' }),
  });
  const publicReads = createPublicReads({ ttlMs: config.PUBLIC_READ_CACHE_MS, evictions });
  const profileChanged = (userId: string) => evictions.evict({ cache: 'profile', userId });
  return {
    publicReads,
    pushes,
    userPushes,
    activities: feeds.activities,
    notifications: feeds.notifications,
    milestonesReached: feeds.milestonesReached,
    unreadCounts: feeds.unreadCounts,
    engagementStats: engagementStats.service,
    /** Recounts and pushes still queued for users whose stats changed (tests, shutdown). */
    engagementUpdatesIdle: engagementStats.updates.idle,
    /** Writes the activities still queued (after the HTTP server stopped taking requests). */
    closeActivities: () => feeds.activityRecorder.drain(),
    closeRateLimits: () => rateLimitStore.close(),
    tokenState,
    visitorEventWriter: visitorAnalytics.writer,
    visitorHistory: visitorAnalytics.service,
    visitorIndexHealth: visitorAnalytics.indexHealth,
    /** Commits every accepted visitor event, then closes their connections. */
    closeVisitorEvents: visitorAnalytics.close,
    featureEventWriter: featureAnalytics.writer,
    /** Commits every accepted event, then closes their connections (after the HTTP server stopped taking requests). */
    closeFeatureEvents: featureAnalytics.close,
    featureAnalytics: featureAnalytics.service,
    auth: createAuthService({
      users,
      refreshTokens,
      accessTokens,
      throttle: new LoginThrottle({
        maxFailuresPerIpAndAccount: config.LOGIN_MAX_FAILURES,
        maxFailuresPerIp: config.LOGIN_MAX_FAILURES_PER_IP,
        slowDownAfterFailures: config.LOGIN_SLOWDOWN_AFTER_FAILURES,
        slowDownMaxMs: config.LOGIN_SLOWDOWN_MAX_MS,
        windowMs: config.LOGIN_FAILURE_WINDOW_MS,
        limiters: rateLimiters,
      }),
      tokenState,
      refreshTokenTtlMs: config.REFRESH_TOKEN_TTL_DAYS * 86_400_000,
      profileChanged,
      activities,
      logger: logger.child({ module: 'auth' }),
    }),
    users: createUsersService({
      users,
      refreshTokens,
      tokenState,
      profileChanged,
      logger: logger.child({ module: 'users' }),
    }),
    products: createProductsService({
      products: createProductsRepository(prisma),
      activities,
      catalogChanged: publicReads.catalogChanged,
    }),
    sessions: createSessionsService({
      repository: createSessionsRepository(prisma),
      tokenIssuer: createAgoraTokenIssuer({
        appId: config.AGORA_APP_ID,
        appCertificate: config.AGORA_APP_CERTIFICATE,
        ttlSeconds: config.AGORA_TOKEN_TTL_SECONDS,
      }),
      finalFigures,
      pushes,
      broadcastWaitMs: config.BROADCAST_WAIT_MS,
      endStreamFlushTimeoutMs: config.END_STREAM_FLUSH_TIMEOUT_MS,
      lifecycle: allObservers(feeds.sessionEvents, engagementStats.updates.sessionObserver),
      sessionChanged: publicReads.sessionChanged,
      ...moduleDeps('sessions'),
    }),
    sessionProducts: createSessionProductsService({
      repository: createSessionProductsRepository(prisma),
      pushes,
      broadcastWaitMs: config.BROADCAST_WAIT_MS,
      sessionChanged: publicReads.sessionChanged,
      ...moduleDeps('session-products'),
    }),
    chat: createChatService({
      repository: createChatRepository(prisma),
      rateLimiter: new ChatRateLimiter(config.CHAT_MAX_MESSAGES, config.CHAT_WINDOW_MS, rateLimiters),
      pushes,
      activities,
      chatChanged: publicReads.chatChanged,
      ...moduleDeps('chat'),
    }),
    search: createSearchService({
      repository: createSearchRepository(prisma),
      liveStats,
      exactTotalUpTo: config.SEARCH_EXACT_TOTAL_UP_TO,
      ...moduleDeps('search'),
    }),
    sessionAnalytics: createSessionAnalyticsService({
      repository: createSessionAnalyticsRepository(prisma),
      liveStats,
      finalFigures,
      logger: logger.child({ module: 'session-analytics' }),
    }),
    engagementAnalytics: createEngagementAnalyticsService({
      repository: createEngagementAnalyticsRepository(prisma),
      liveStats,
      finalFigures,
      logger: logger.child({ module: 'engagement-analytics' }),
    }),
    viewerSnapshots: createViewerSnapshotService({
      repository: createViewerSnapshotRepository(prisma),
      logger: logger.child({ module: 'viewer-snapshots' }),
    }),
    sessionFacts: createSessionFactsService({ repository: createSessionFactsRepository(prisma) }),
    sessionViews: createSessionViewsService({
      repository: createSessionViewsRepository(prisma),
      activities,
      viewsClosed: engagementStats.updates.changed,
      logger: logger.child({ module: 'session-views' }),
    }),
    sessionAudience: createSessionAudienceService({ repository: createSessionAudienceRepository(prisma) }),
    productClickers: createProductClickersService({
      repository: createProductClickersRepository(prisma),
      activities,
      logger: logger.child({ module: 'product-clickers' }),
    }),
    sessionTotals: createSessionTotalsService({
      repository: createSessionTotalsRepository(prisma),
      logger: logger.child({ module: 'session-totals' }),
    }),
  };
}

export type Services = ReturnType<typeof createServices>;
