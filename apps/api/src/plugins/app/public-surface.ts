import type { ApiConfig } from '@showfloor/config';
import type { HttpServer } from '@showfloor/server-kit';
import { authRoutes } from '../../modules/auth/auth.routes.ts';
import { createRefreshTokenCookie } from '../../modules/auth/refresh-token-cookie.ts';
import { chatRoutes } from '../../modules/chat/chat.routes.ts';
import { engagementAnalyticsRoutes } from '../../modules/engagement-analytics/engagement-analytics.routes.ts';
import { engagementStatsRoutes } from '../../modules/engagement-stats/engagement-stats.routes.ts';
import { featureAnalyticsRoutes } from '../../modules/feature-analytics/feature-analytics.routes.ts';
import { feedsRoutes } from '../../modules/feeds/feeds.routes.ts';
import { productRoutes } from '../../modules/products/products.routes.ts';
import { searchRoutes } from '../../modules/search/search.routes.ts';
import { sessionAnalyticsRoutes } from '../../modules/session-analytics/session-analytics.routes.ts';
import { sessionProductsRoutes, showcaseRoutes } from '../../modules/session-products/session-products.routes.ts';
import { sessionsRoutes } from '../../modules/sessions/sessions.routes.ts';
import { userRoutes } from '../../modules/users/users.routes.ts';
import { visitorHistoryRoutes } from '../../modules/visitor-analytics/visitor-history.routes.ts';
import type { Services } from '../../services.ts';
import { registerCookies } from '../external/cookies.ts';
import { registerRateLimit } from '../external/rate-limit.ts';
import { createAuthenticationHook } from './authentication.ts';

/** Everything under /api: rate limited per IP, cookies parsed, bearer tokens verified before any handler runs. */
export async function registerPublicSurface(app: HttpServer, deps: { config: ApiConfig; services: Services }) {
  await app.register(
    async (api) => {
      await registerRateLimit(api, deps.config);
      await registerCookies(api);
      api.decorateRequest('auth', null);
      api.addHook('onRequest', createAuthenticationHook(app.jwt, deps.services.tokenState));
      await api.register(authRoutes, {
        prefix: '/auth',
        service: deps.services.auth,
        refreshCookie: createRefreshTokenCookie({ maxAgeSeconds: deps.config.REFRESH_TOKEN_TTL_DAYS * 86_400 }),
      });
      await api.register(userRoutes, { prefix: '/users', service: deps.services.users });
      await api.register(productRoutes, {
        prefix: '/products',
        service: deps.services.products,
        reads: deps.services.publicReads,
      });
      await api.register(sessionsRoutes, {
        prefix: '/sessions',
        service: deps.services.sessions,
        reads: deps.services.publicReads,
      });
      await api.register(sessionProductsRoutes, {
        prefix: '/sessions/:sessionId/products',
        service: deps.services.sessionProducts,
        reads: deps.services.publicReads,
      });
      await api.register(showcaseRoutes, { prefix: '/sessions', service: deps.services.sessionProducts });
      await api.register(chatRoutes, {
        prefix: '/sessions/:sessionId/chat',
        service: deps.services.chat,
        reads: deps.services.publicReads,
      });
      await api.register(sessionAnalyticsRoutes, { prefix: '/sessions', service: deps.services.sessionAnalytics });
      await api.register(engagementAnalyticsRoutes, { service: deps.services.engagementAnalytics });
      await api.register(featureAnalyticsRoutes, { service: deps.services.featureAnalytics });
      await api.register(engagementStatsRoutes, { service: deps.services.engagementStats });
      await api.register(visitorHistoryRoutes, { service: deps.services.visitorHistory });
      await api.register(feedsRoutes, {
        activities: deps.services.activities,
        notifications: deps.services.notifications,
      });
      await api.register(searchRoutes, {
        prefix: '/search',
        service: deps.services.search,
        reads: deps.services.publicReads,
      });
    },
    { prefix: '/api' },
  );
}
