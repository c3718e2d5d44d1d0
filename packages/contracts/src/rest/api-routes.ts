import { z } from 'zod';
import { successEnvelope } from '../envelope.ts';
import {
  activitiesPageEnvelope,
  activityIdParamsSchema,
  activityListQuerySchema,
  activityResponse,
  bulkChangeSchema,
  createActivityBodySchema,
  feedOwnerParamsSchema,
  unreadCountSchema,
} from './activities.ts';
import {
  authResultSchema,
  loginBodySchema,
  refreshBodySchema,
  registerBodySchema,
  updateMeBodySchema,
} from './auth.ts';
import {
  chatCountSchema,
  chatListQuerySchema,
  chatMessageDeletedSchema,
  chatMessageParamsSchema,
  chatMessageSchema,
  chatMessagesEnvelope,
  sendChatMessageBodySchema,
} from './chat.ts';
import { conversionStatsSchema, creatorAnalyticsSchema, sessionReactionsSchema } from './engagement-analytics.ts';
import {
  leaderboardEnvelope,
  leaderboardQuerySchema,
  statsOwnerParamsSchema,
  userEngagementStatsSchema,
} from './engagement-stats.ts';
import {
  featureAnalyticsQuerySchema,
  featureAnalyticsSchema,
  trackBatchBodySchema,
  trackEventBodySchema,
  trackedBatchSchema,
  trackedEventSchema,
} from './feature-analytics.ts';
import {
  createdNotificationsSchema,
  createNotificationBodySchema,
  notificationIdParamsSchema,
  notificationListQuerySchema,
  notificationResponse,
  notificationsPageEnvelope,
} from './notifications.ts';
import { pagedEnvelope, paginationQuerySchema } from './pagination.ts';
import {
  createProductBodySchema,
  productIdParamsSchema,
  productListQuerySchema,
  productSchema,
  updateProductBodySchema,
} from './products.ts';
import { defineRoutes } from './route-definition.ts';
import {
  creatorIdParamsSchema,
  globalSearchQuerySchema,
  globalSearchResultSchema,
  liveSessionSchema,
  productSearchQuerySchema,
  publicSessionSchema,
  searchPagedEnvelope,
  sessionSearchQuerySchema,
  trendingSessionSchema,
} from './search.ts';
import {
  sessionAnalyticsSchema,
  sessionLiveViewersSchema,
  sessionViewHistoryEnvelope,
  sessionViewHistoryQuerySchema,
  viewerSnapshotSeriesSchema,
  viewerSnapshotsQuerySchema,
} from './session-analytics.ts';
import {
  addSessionProductBodySchema,
  removedSessionProductSchema,
  sessionProductListQuerySchema,
  sessionProductListSchema,
  sessionProductParamsSchema,
  setSessionProductFeaturedBodySchema,
  setSessionProductOrderBodySchema,
  showcaseBodySchema,
  showcaseResultSchema,
  updateFeaturedProductsBodySchema,
} from './session-products.ts';
import {
  createSessionBodySchema,
  sessionDetailSchema,
  sessionIdParamsSchema,
  sessionListQuerySchema,
  sessionProductSchema,
  sessionSchema,
  streamTokenSchema,
  updateSessionBodySchema,
  updateSessionStatusBodySchema,
} from './sessions.ts';
import {
  createUserBodySchema,
  liveUsersEnvelope,
  updateUserBodySchema,
  userIdParamsSchema,
  userSchema,
} from './users.ts';
import {
  visitorBreakdownParamsSchema,
  visitorBreakdownQuerySchema,
  visitorBreakdownSchema,
  visitorTimeseriesQuerySchema,
  visitorTimeseriesSchema,
} from './visitor-history.ts';

/*
 * Every public REST route, once: the API registers its routes from these entries and the typed
 * client (@showfloor/client) calls them from the same ones, so a path, a parameter name, a body or
 * a response shape cannot differ between the two. Seed 003's tables, with `:<resource>Id` as the one
 * name of each path parameter (README, "What changed for API clients").
 */

/** What a delete answers: the id of what is gone. */
export const deletedResourceSchema = z.object({ id: z.uuid() });

const authResponse = successEnvelope(authResultSchema);
const userResponse = successEnvelope(userSchema);
const productResponse = successEnvelope(productSchema);
const sessionDetailResponse = successEnvelope(sessionDetailSchema);
const streamTokenResponse = successEnvelope(streamTokenSchema);
const sessionProductListResponse = successEnvelope(sessionProductListSchema);
const sessionProductResponse = successEnvelope(sessionProductSchema);
const deletedResponse = successEnvelope(deletedResourceSchema);
const publicSessionsPage = searchPagedEnvelope(publicSessionSchema);

/** /api/auth — seed 003's table plus seed 004's `/me`. */
const auth = defineRoutes(
  'auth',
  {
    register: {
      method: 'POST',
      path: '/api/auth/register',
      summary: 'Create an account (role user or creator) and sign in',
      auth: 'none',
      body: registerBodySchema,
      status: 201,
      response: authResponse,
      errors: [409],
      effect: 'signs-in',
    },
    login: {
      method: 'POST',
      path: '/api/auth/login',
      summary: 'Sign in with email or username and password',
      auth: 'none',
      body: loginBodySchema,
      response: authResponse,
      effect: 'signs-in',
    },
    refreshToken: {
      method: 'POST',
      path: '/api/auth/refresh-token',
      summary:
        'Trade a refresh token (the body’s refreshToken, else the httpOnly cookie) for a new access token and a new refresh token',
      auth: 'none',
      body: refreshBodySchema,
      response: authResponse,
      effect: 'signs-in',
    },
    logout: {
      method: 'POST',
      path: '/api/auth/logout',
      summary: "End this login: its refresh tokens and its access tokens; other devices' logins stay",
      auth: 'required',
      response: successEnvelope(z.object({ loggedOut: z.literal(true) })),
      effect: 'signs-out',
    },
    currentUser: {
      method: 'GET',
      path: '/api/auth/currentUser',
      summary: 'The signed-in user (seed 003)',
      auth: 'required',
      response: userResponse,
    },
    me: {
      method: 'GET',
      path: '/api/auth/me',
      summary: 'The signed-in user (seed 004)',
      auth: 'required',
      response: userResponse,
    },
    update: {
      method: 'POST',
      path: '/api/auth/update',
      summary: 'Change your own profile or password (the current password is needed to change it)',
      auth: 'required',
      body: updateMeBodySchema,
      response: userResponse,
      errors: [409],
    },
  },
  { tags: ['auth'] },
);

/** /api/users — seed 003's table. */
const users = defineRoutes(
  'users',
  {
    list: {
      method: 'GET',
      path: '/api/users',
      summary: 'Every user, a page at a time',
      auth: 'optional',
      query: paginationQuerySchema,
      response: pagedEnvelope(userSchema),
    },
    listLive: {
      method: 'GET',
      path: '/api/users/live',
      summary: 'Users streaming right now, with their live session',
      auth: 'optional',
      response: liveUsersEnvelope,
    },
    get: {
      method: 'GET',
      path: '/api/users/:userId',
      summary: 'One user (private fields for themself and admins)',
      auth: 'optional',
      params: userIdParamsSchema,
      response: userResponse,
      errors: [404],
    },
    create: {
      method: 'POST',
      path: '/api/users',
      summary: 'Create a user of any role (admins only)',
      auth: 'required',
      body: createUserBodySchema,
      status: 201,
      response: userResponse,
      errors: [403, 409],
    },
    update: {
      method: 'PUT',
      path: '/api/users/:userId',
      summary: 'Update a user (themself or an admin; role and password by admins only)',
      auth: 'required',
      params: userIdParamsSchema,
      body: updateUserBodySchema,
      response: userResponse,
      errors: [403, 404, 409],
    },
    delete: {
      method: 'DELETE',
      path: '/api/users/:userId',
      summary: 'Delete a user (themself or an admin)',
      auth: 'required',
      params: userIdParamsSchema,
      response: deletedResponse,
      errors: [403, 404],
    },
  },
  { tags: ['users'] },
);

/** /api/products — seed 003's catalog. */
const products = defineRoutes(
  'products',
  {
    list: {
      method: 'GET',
      path: '/api/products',
      summary: 'Every product, newest first, optionally one seller’s',
      auth: 'none',
      query: productListQuerySchema,
      response: pagedEnvelope(productSchema),
    },
    get: {
      method: 'GET',
      path: '/api/products/:productId',
      summary: 'One product',
      auth: 'none',
      params: productIdParamsSchema,
      response: productResponse,
      errors: [404],
    },
    create: {
      method: 'POST',
      path: '/api/products',
      summary: 'Add a product (creators and admins; the seller is the caller)',
      auth: 'required',
      body: createProductBodySchema,
      status: 201,
      response: productResponse,
      errors: [403],
    },
    update: {
      method: 'PUT',
      path: '/api/products/:productId',
      summary: 'Update a product (its seller or an admin)',
      auth: 'required',
      params: productIdParamsSchema,
      body: updateProductBodySchema,
      response: productResponse,
      errors: [403, 404],
    },
    delete: {
      method: 'DELETE',
      path: '/api/products/:productId',
      summary: 'Delete a product (its seller or an admin)',
      auth: 'required',
      params: productIdParamsSchema,
      response: deletedResponse,
      errors: [403, 404],
    },
  },
  { tags: ['products'] },
);

const streamingTags = ['sessions', 'streaming'];

/** /api/sessions — seed 003's "Sessions Routes", "Live Streaming with Agora", showcase and reactions. */
const sessions = defineRoutes(
  'sessions',
  {
    list: {
      method: 'GET',
      path: '/api/sessions',
      summary: 'Sessions, newest first, optionally one creator’s (stream keys only for their owner)',
      auth: 'optional',
      query: sessionListQuerySchema,
      response: pagedEnvelope(sessionSchema),
    },
    get: {
      method: 'GET',
      path: '/api/sessions/:sessionId',
      summary: 'One session with its creator, products and showcased product',
      auth: 'optional',
      params: sessionIdParamsSchema,
      response: sessionDetailResponse,
      errors: [404],
    },
    create: {
      method: 'POST',
      path: '/api/sessions',
      summary: 'Create a session, optionally with products (creators and admins)',
      auth: 'required',
      body: createSessionBodySchema,
      status: 201,
      response: sessionDetailResponse,
      errors: [403],
    },
    update: {
      method: 'PATCH',
      path: '/api/sessions/:sessionId',
      summary: 'Update a session (its creator or an admin)',
      auth: 'required',
      params: sessionIdParamsSchema,
      body: updateSessionBodySchema,
      response: sessionDetailResponse,
      errors: [403, 404],
    },
    delete: {
      method: 'DELETE',
      path: '/api/sessions/:sessionId',
      summary: 'Delete a session that is not on air (its creator or an admin)',
      auth: 'required',
      params: sessionIdParamsSchema,
      response: deletedResponse,
      errors: [403, 404, 409],
    },
    changeStatus: {
      method: 'PATCH',
      path: '/api/sessions/:sessionId/status',
      summary: 'Move a session along its lifecycle (scheduled → live ⇄ paused → ended)',
      auth: 'required',
      params: sessionIdParamsSchema,
      body: updateSessionStatusBodySchema,
      response: sessionDetailResponse,
      errors: [403, 404, 409],
    },
    startStream: {
      method: 'POST',
      path: '/api/sessions/:sessionId/start-stream',
      summary: 'Go live and get a publisher token',
      auth: 'required',
      tags: streamingTags,
      params: sessionIdParamsSchema,
      response: streamTokenResponse,
      errors: [403, 404, 409],
    },
    endStream: {
      method: 'POST',
      path: '/api/sessions/:sessionId/end-stream',
      summary: 'End the stream; answers once its figures are final',
      auth: 'required',
      tags: streamingTags,
      params: sessionIdParamsSchema,
      response: sessionDetailResponse,
      errors: [403, 404, 409],
    },
    streamToken: {
      method: 'GET',
      path: '/api/sessions/:sessionId/stream-token',
      summary: 'A subscriber token to watch a live or paused stream',
      auth: 'optional',
      tags: streamingTags,
      params: sessionIdParamsSchema,
      response: streamTokenResponse,
      errors: [404, 409],
    },
    refreshStreamToken: {
      method: 'POST',
      path: '/api/sessions/:sessionId/refresh-token',
      summary: 'A fresh stream token (publisher for the creator or an admin, subscriber for everyone else)',
      auth: 'optional',
      tags: streamingTags,
      params: sessionIdParamsSchema,
      response: streamTokenResponse,
      errors: [404, 409],
    },
    showcase: {
      method: 'POST',
      path: '/api/sessions/:sessionId/showcase',
      summary: 'Showcase one of the session’s products, or clear the showcase with null',
      auth: 'required',
      tags: ['session-products'],
      params: sessionIdParamsSchema,
      body: showcaseBodySchema,
      response: successEnvelope(showcaseResultSchema),
      errors: [403, 404, 409],
    },
    reactions: {
      method: 'GET',
      path: '/api/sessions/:sessionId/reactions',
      summary: 'Reaction counts: live while on air, stored once ended',
      auth: 'none',
      tags: ['analytics'],
      params: sessionIdParamsSchema,
      response: successEnvelope(sessionReactionsSchema),
      errors: [404],
    },
  },
  { tags: ['sessions'] },
);

/** /api/sessions/:sessionId/products — seed 003's "Session Products Routes". */
const sessionProducts = defineRoutes(
  'sessionProducts',
  {
    list: {
      method: 'GET',
      path: '/api/sessions/:sessionId/products',
      summary: 'The session’s products in display order (optionally only the featured ones, or the others)',
      auth: 'none',
      params: sessionIdParamsSchema,
      query: sessionProductListQuerySchema,
      response: sessionProductListResponse,
      errors: [404],
    },
    setFeatured: {
      method: 'PATCH',
      path: '/api/sessions/:sessionId/products',
      summary: 'Exactly these products become featured; answers the featured ones',
      auth: 'required',
      params: sessionIdParamsSchema,
      body: updateFeaturedProductsBodySchema,
      response: sessionProductListResponse,
      errors: [403, 404],
    },
    add: {
      method: 'POST',
      path: '/api/sessions/:sessionId/products',
      summary: 'Add one of the creator’s products to the session',
      auth: 'required',
      params: sessionIdParamsSchema,
      body: addSessionProductBodySchema,
      status: 201,
      response: sessionProductResponse,
      errors: [403, 404, 409],
    },
    remove: {
      method: 'DELETE',
      path: '/api/sessions/:sessionId/products/:productId',
      summary: 'Remove a product from the session',
      auth: 'required',
      params: sessionProductParamsSchema,
      response: successEnvelope(removedSessionProductSchema),
      errors: [403, 404],
    },
    feature: {
      method: 'PATCH',
      path: '/api/sessions/:sessionId/products/:productId/feature',
      summary: 'Feature one product, or stop featuring it',
      auth: 'required',
      params: sessionProductParamsSchema,
      body: setSessionProductFeaturedBodySchema,
      response: sessionProductResponse,
      errors: [403, 404],
    },
    setOrder: {
      method: 'PATCH',
      path: '/api/sessions/:sessionId/products/:productId/order',
      summary: 'Move one product in the display order',
      auth: 'required',
      params: sessionProductParamsSchema,
      body: setSessionProductOrderBodySchema,
      response: sessionProductResponse,
      errors: [403, 404],
    },
  },
  { tags: ['session-products'] },
);

/** /api/sessions/:sessionId/chat — seed 003's "Chat Routes". */
const chat = defineRoutes(
  'chat',
  {
    list: {
      method: 'GET',
      path: '/api/sessions/:sessionId/chat',
      summary: 'Messages, newest first; `meta.next` is the cursor of the next (older) page',
      auth: 'none',
      params: sessionIdParamsSchema,
      query: chatListQuerySchema,
      response: chatMessagesEnvelope,
      errors: [404],
    },
    count: {
      method: 'GET',
      path: '/api/sessions/:sessionId/chat/count',
      summary: 'How many messages the session has',
      auth: 'none',
      params: sessionIdParamsSchema,
      response: successEnvelope(chatCountSchema),
      errors: [404],
    },
    send: {
      method: 'POST',
      path: '/api/sessions/:sessionId/chat',
      summary: 'Send a message (1–500 characters) to a session that has not ended',
      auth: 'required',
      params: sessionIdParamsSchema,
      body: sendChatMessageBodySchema,
      status: 201,
      response: successEnvelope(chatMessageSchema),
      errors: [404, 409],
    },
    delete: {
      method: 'DELETE',
      path: '/api/sessions/:sessionId/chat/:messageId',
      summary: 'Moderate a message (admins, moderators and the session’s creator)',
      auth: 'required',
      params: chatMessageParamsSchema,
      response: successEnvelope(chatMessageDeletedSchema),
      errors: [403, 404],
    },
  },
  { tags: ['chat'] },
);

/** /api/activities — seed 001's activity routes: a user's own feed (an admin may read anyone's). */
const activities = defineRoutes(
  'activities',
  {
    list: {
      method: 'GET',
      path: '/api/activities/:userId',
      summary: 'A feed, newest first, cursor-paged (`me` for your own); `unread=true` for unread only',
      auth: 'required',
      params: feedOwnerParamsSchema,
      query: activityListQuerySchema,
      response: activitiesPageEnvelope,
      errors: [403],
    },
    unreadCount: {
      method: 'GET',
      path: '/api/activities/:userId/unread/count',
      summary: 'How many activities of the feed are unread',
      auth: 'required',
      params: feedOwnerParamsSchema,
      response: successEnvelope(unreadCountSchema),
      errors: [403],
    },
    create: {
      method: 'POST',
      path: '/api/activities',
      summary: 'Add a custom activity to your own feed (the user comes from the token)',
      auth: 'required',
      body: createActivityBodySchema,
      status: 201,
      response: activityResponse,
    },
    markRead: {
      method: 'PATCH',
      path: '/api/activities/:activityId/read',
      summary: 'Mark one activity read',
      auth: 'required',
      params: activityIdParamsSchema,
      response: activityResponse,
      errors: [403, 404],
    },
    markAllRead: {
      method: 'PATCH',
      path: '/api/activities/:userId/read-all',
      summary: 'Mark every activity of the feed read',
      auth: 'required',
      params: feedOwnerParamsSchema,
      response: successEnvelope(bulkChangeSchema),
      errors: [403],
    },
    delete: {
      method: 'DELETE',
      path: '/api/activities/:activityId',
      summary: 'Delete one activity',
      auth: 'required',
      params: activityIdParamsSchema,
      response: activityResponse,
      errors: [403, 404],
    },
  },
  { tags: ['activities'] },
);

/** /api/notifications — seed 001's notification routes. Expired notifications are never listed or counted. */
const notifications = defineRoutes(
  'notifications',
  {
    list: {
      method: 'GET',
      path: '/api/notifications/:userId',
      summary: 'Notifications, newest first, cursor-paged (`me` for your own); `unread=true` for unread only',
      auth: 'required',
      params: feedOwnerParamsSchema,
      query: notificationListQuerySchema,
      response: notificationsPageEnvelope,
      errors: [403],
    },
    unreadCount: {
      method: 'GET',
      path: '/api/notifications/:userId/unread/count',
      summary: 'How many notifications are unread',
      auth: 'required',
      params: feedOwnerParamsSchema,
      response: successEnvelope(unreadCountSchema),
      errors: [403],
    },
    create: {
      method: 'POST',
      path: '/api/notifications',
      summary: 'Send a notification to one user, or a system notification to everyone (admins)',
      auth: 'required',
      body: createNotificationBodySchema,
      status: 201,
      response: successEnvelope(createdNotificationsSchema),
      errors: [403, 404],
    },
    markRead: {
      method: 'PATCH',
      path: '/api/notifications/:notificationId/read',
      summary: 'Mark one notification read',
      auth: 'required',
      params: notificationIdParamsSchema,
      response: notificationResponse,
      errors: [403, 404],
    },
    markAllRead: {
      method: 'PATCH',
      path: '/api/notifications/:userId/read-all',
      summary: 'Mark every notification read',
      auth: 'required',
      params: feedOwnerParamsSchema,
      response: successEnvelope(bulkChangeSchema),
      errors: [403],
    },
    delete: {
      method: 'DELETE',
      path: '/api/notifications/:notificationId',
      summary: 'Delete one notification',
      auth: 'required',
      params: notificationIdParamsSchema,
      response: notificationResponse,
      errors: [403, 404],
    },
    clearAll: {
      method: 'DELETE',
      path: '/api/notifications/:userId/clear-all',
      summary: 'Delete every notification',
      auth: 'required',
      params: feedOwnerParamsSchema,
      response: successEnvelope(bulkChangeSchema),
      errors: [403],
    },
  },
  { tags: ['notifications'] },
);

/** Seed 003's "Session Analytics Routes", conversion stats and the creator dashboard; seed 000's dashboard. */
const analytics = defineRoutes(
  'analytics',
  {
    session: {
      method: 'GET',
      path: '/api/sessions/:sessionId/analytics',
      summary: 'A session’s viewers, products, reactions, timeline and retention (its creator or an admin)',
      auth: 'required',
      params: sessionIdParamsSchema,
      response: successEnvelope(sessionAnalyticsSchema),
      errors: [403, 404],
    },
    liveViewers: {
      method: 'GET',
      path: '/api/sessions/:sessionId/analytics/live',
      summary: 'Who is watching right now (its creator or an admin)',
      auth: 'required',
      params: sessionIdParamsSchema,
      response: successEnvelope(sessionLiveViewersSchema),
      errors: [403, 404],
    },
    viewers: {
      method: 'GET',
      path: '/api/sessions/:sessionId/analytics/viewers',
      summary: 'View history: publishers in full, subscribers a page at a time (its creator or an admin)',
      auth: 'required',
      params: sessionIdParamsSchema,
      query: sessionViewHistoryQuerySchema,
      response: sessionViewHistoryEnvelope,
      errors: [403, 404],
    },
    snapshots: {
      method: 'GET',
      path: '/api/sessions/:sessionId/analytics/snapshots',
      summary: 'Minute viewer snapshots over a time range (its creator or an admin)',
      auth: 'required',
      params: sessionIdParamsSchema,
      query: viewerSnapshotsQuerySchema,
      response: successEnvelope(viewerSnapshotSeriesSchema),
      errors: [403, 404],
    },
    conversionStats: {
      method: 'GET',
      path: '/api/sessions/:sessionId/conversion-stats',
      summary: 'Product clicks and click-through rates: live while on air, stored once ended',
      auth: 'optional',
      params: sessionIdParamsSchema,
      response: successEnvelope(conversionStatsSchema),
      errors: [404],
    },
    creator: {
      method: 'GET',
      path: '/api/analytics/creator/:creatorId',
      summary: 'Every session of a creator, summed (the creator or an admin)',
      auth: 'required',
      params: creatorIdParamsSchema,
      response: successEnvelope(creatorAnalyticsSchema),
      errors: [403, 404],
    },
  },
  { tags: ['analytics'] },
);

/**
 * Seed 001's user statistics and leaderboard, derived from tracked facts (read-only). The
 * leaderboard's path is static, so the router prefers it to `/api/analytics/:userId`.
 */
const engagementStats = defineRoutes(
  'engagementStats',
  {
    user: {
      method: 'GET',
      path: '/api/analytics/:userId',
      summary:
        'A user’s watch and streaming hours, streaks (days in their time zone), last 12 weeks and counters (`me`, the user or an admin)',
      auth: 'required',
      params: statsOwnerParamsSchema,
      response: successEnvelope(userEngagementStatsSchema),
      errors: [403, 404],
    },
    leaderboard: {
      method: 'GET',
      path: '/api/analytics/leaderboard/all',
      summary:
        'Viewers by hours watched, or creators by hours watched of their streams, this week, month or all time; dense ranks (ties by name, then id), with the caller’s own place',
      auth: 'optional',
      query: leaderboardQuerySchema,
      response: leaderboardEnvelope,
    },
  },
  { tags: ['engagement-stats'] },
);

/** Seed 004: feature clicks in, the product team's dashboard out. */
const featureAnalytics = defineRoutes(
  'featureAnalytics',
  {
    track: {
      method: 'POST',
      path: '/api/track',
      summary: 'Record one feature interaction of the caller; answered once it is committed',
      auth: 'required',
      body: trackEventBodySchema,
      status: 202,
      response: successEnvelope(trackedEventSchema),
    },
    trackBatch: {
      method: 'POST',
      path: '/api/track/batch',
      summary: 'Record up to 1,000 interactions of the caller in one transaction: all or none',
      auth: 'required',
      body: trackBatchBodySchema,
      status: 202,
      response: successEnvelope(trackedBatchSchema),
    },
    dashboard: {
      method: 'GET',
      path: '/api/analytics',
      summary:
        'Clicks per feature, one feature per day, and a summary, by date range, age band and gender (admins; `format=csv` or `Accept: text/csv` answers CSV)',
      auth: 'required',
      query: featureAnalyticsQuerySchema,
      response: successEnvelope(featureAnalyticsSchema),
      errors: [403],
    },
  },
  { tags: ['feature-analytics'] },
);

/** /api/visitors — seed 002's history of website visitors (admins). */
const visitorHistory = defineRoutes(
  'visitorHistory',
  {
    timeseries: {
      method: 'GET',
      path: '/api/visitors/timeseries',
      summary:
        'Visitors, pageviews, sessions, bounce rate and visit duration per minute, hour or day of a zone (admins; `format=csv` or `Accept: text/csv` answers CSV)',
      auth: 'required',
      query: visitorTimeseriesQuerySchema,
      response: successEnvelope(visitorTimeseriesSchema),
      errors: [403, 503],
    },
    breakdown: {
      method: 'GET',
      path: '/api/visitors/breakdown/:dimension',
      summary:
        'Visitors, pageviews and sessions per page, entry or exit page, referrer, country, device, browser or OS (admins; CSV as for the timeseries)',
      auth: 'required',
      params: visitorBreakdownParamsSchema,
      query: visitorBreakdownQuerySchema,
      response: successEnvelope(visitorBreakdownSchema),
      errors: [403, 503],
    },
  },
  { tags: ['visitor-history'] },
);

/** /api/search — seed 003's "Search & Discovery": all public. */
const search = defineRoutes(
  'search',
  {
    everything: {
      method: 'GET',
      path: '/api/search',
      summary: 'Sessions and products matching every word of `q`',
      auth: 'none',
      query: globalSearchQuerySchema,
      response: successEnvelope(globalSearchResultSchema),
    },
    sessions: {
      method: 'GET',
      path: '/api/search/sessions',
      summary: 'Sessions by words, status, category and creator',
      auth: 'none',
      query: sessionSearchQuerySchema,
      response: publicSessionsPage,
    },
    liveSessions: {
      method: 'GET',
      path: '/api/search/sessions/live',
      summary: 'Live sessions, most recently started first, with how many watch now',
      auth: 'none',
      query: paginationQuerySchema,
      response: searchPagedEnvelope(liveSessionSchema),
    },
    upcomingSessions: {
      method: 'GET',
      path: '/api/search/sessions/upcoming',
      summary: 'Scheduled sessions, newest first',
      auth: 'none',
      query: paginationQuerySchema,
      response: publicSessionsPage,
    },
    trendingSessions: {
      method: 'GET',
      path: '/api/search/sessions/trending',
      summary: 'Live sessions by engagement in the last hour',
      auth: 'none',
      query: paginationQuerySchema,
      response: searchPagedEnvelope(trendingSessionSchema),
    },
    creatorSessions: {
      method: 'GET',
      path: '/api/search/sessions/creator/:creatorId',
      summary: 'A creator’s sessions, newest first',
      auth: 'none',
      params: creatorIdParamsSchema,
      query: paginationQuerySchema,
      response: publicSessionsPage,
    },
    products: {
      method: 'GET',
      path: '/api/search/products',
      summary: 'Products by words and price',
      auth: 'none',
      query: productSearchQuerySchema,
      response: searchPagedEnvelope(productSchema),
    },
  },
  { tags: ['search'] },
);

export const restRoutes = {
  auth,
  users,
  products,
  sessions,
  sessionProducts,
  chat,
  activities,
  notifications,
  analytics,
  engagementStats,
  featureAnalytics,
  visitorHistory,
  search,
};
export type RestRoutes = typeof restRoutes;
