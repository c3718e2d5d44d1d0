import { restRoutes } from '@showfloor/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { callerOf, requireAuth } from '../../plugins/app/authentication.ts';
import { restRoute } from '../../shared/rest-route.ts';
import type { ActivitiesService } from './activities.service.ts';
import type { NotificationsService } from './notifications.service.ts';

/**
 * /api/activities and /api/notifications — seed 001's tables. Every route needs a signed-in
 * caller, and a feed is its owner's (or an admin's): the services decide, `me` names the caller.
 */
export const feedsRoutes: FastifyPluginAsyncZod<{
  activities: ActivitiesService;
  notifications: NotificationsService;
}> = async (app, { activities, notifications }) => {
  app.addHook('onRequest', requireAuth);
  const routes = { activity: restRoutes.activities, notification: restRoutes.notifications };
  const ok = <T>(data: T, message?: string) => ({ success: true as const, data, ...(message ? { message } : {}) });

  app.route({
    ...restRoute(app, routes.activity.list),
    handler: async (request) => {
      const { items, meta } = await activities.list(callerOf(request), request.params.userId, request.query);
      return { success: true as const, data: items, meta };
    },
  });
  app.route({
    ...restRoute(app, routes.activity.unreadCount),
    handler: async (request) => ok(await activities.unreadCount(callerOf(request), request.params.userId)),
  });
  app.route({
    ...restRoute(app, routes.activity.create),
    handler: async (request, reply) =>
      reply.status(201).send(ok(await activities.create(callerOf(request), request.body), 'Activity created')),
  });
  app.route({
    ...restRoute(app, routes.activity.markRead),
    handler: async (request) => ok(await activities.markRead(callerOf(request), request.params.activityId)),
  });
  app.route({
    ...restRoute(app, routes.activity.markAllRead),
    handler: async (request) => ok(await activities.markAllRead(callerOf(request), request.params.userId)),
  });
  app.route({
    ...restRoute(app, routes.activity.delete),
    handler: async (request) =>
      ok(await activities.delete(callerOf(request), request.params.activityId), 'Activity deleted'),
  });

  app.route({
    ...restRoute(app, routes.notification.list),
    handler: async (request) => {
      const { items, meta } = await notifications.list(callerOf(request), request.params.userId, request.query);
      return { success: true as const, data: items, meta };
    },
  });
  app.route({
    ...restRoute(app, routes.notification.unreadCount),
    handler: async (request) => ok(await notifications.unreadCount(callerOf(request), request.params.userId)),
  });
  app.route({
    ...restRoute(app, routes.notification.create),
    handler: async (request, reply) =>
      reply.status(201).send(ok(await notifications.create(callerOf(request), request.body), 'Notification sent')),
  });
  app.route({
    ...restRoute(app, routes.notification.markRead),
    handler: async (request) => ok(await notifications.markRead(callerOf(request), request.params.notificationId)),
  });
  app.route({
    ...restRoute(app, routes.notification.markAllRead),
    handler: async (request) => ok(await notifications.markAllRead(callerOf(request), request.params.userId)),
  });
  app.route({
    ...restRoute(app, routes.notification.delete),
    handler: async (request) =>
      ok(await notifications.delete(callerOf(request), request.params.notificationId), 'Notification deleted'),
  });
  app.route({
    ...restRoute(app, routes.notification.clearAll),
    handler: async (request) =>
      ok(await notifications.clearAll(callerOf(request), request.params.userId), 'Notifications cleared'),
  });
};
