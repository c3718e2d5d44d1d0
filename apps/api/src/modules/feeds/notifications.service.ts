import type { AccessTokenIdentity } from '@showfloor/access-tokens';
import {
  type BulkChange,
  type CreateNotificationBody,
  type CursorPageMeta,
  NotFoundError,
  type NotificationListQuery,
  type NotificationView,
  type UnreadCount,
  ValidationError,
} from '@showfloor/contracts';
import { type Clock, type Logger, systemClock } from '@showfloor/server-kit';
import { assertAdmin, assertCanManage } from '../../shared/authorization.ts';
import type { FeedAnnouncer } from './feed-announcer.ts';
import { feedOwner } from './feed-owner.ts';
import { toPage } from './feed-page.ts';
import { toNotificationView } from './feed-views.ts';
import type { NewNotification, NotificationsRepository } from './notifications.repository.ts';
import type { MarkAllRead, ReadUnreadCounts } from './unread-counts.ts';

export interface NotificationsServiceDeps {
  repository: NotificationsRepository;
  unreadCounts: ReadUnreadCounts;
  markAllRead: MarkAllRead;
  announcer: FeedAnnouncer;
  logger: Logger;
  clock?: Clock;
}

export function createNotificationsService({
  repository,
  unreadCounts,
  markAllRead,
  announcer,
  logger,
  ...deps
}: NotificationsServiceDeps) {
  const clock = deps.clock ?? systemClock;
  const now = () => new Date(clock.now());

  async function ownNotification(caller: AccessTokenIdentity, notificationId: string) {
    const notification = await repository.find(notificationId, now());
    if (!notification) throw new NotFoundError('Notification');
    assertCanManage(caller, { feed: { userId: notification.userId } });
    return notification;
  }

  /** Stored first, pushed after: the push is only a shortcut to what the next fetch returns. */
  async function deliver(userId: string, notification: NewNotification, onceKey?: string) {
    const stored = await repository.createFor(userId, notification, onceKey);
    if (!stored) return null;
    const view = toNotificationView(stored);
    announcer.notificationReceived(view);
    return view;
  }

  return {
    async list(
      caller: AccessTokenIdentity,
      userId: string,
      query: NotificationListQuery,
    ): Promise<{ items: NotificationView[]; meta: CursorPageMeta }> {
      const owner = feedOwner(caller, userId);
      const rows = await repository.listPage(owner, {
        limit: query.limit,
        after: query.cursor,
        unreadOnly: query.unread === 'true',
        now: now(),
      });
      const page = toPage(rows, query.limit);
      return { items: page.items.map(toNotificationView), meta: page.meta };
    },

    async unreadCount(caller: AccessTokenIdentity, userId: string): Promise<UnreadCount> {
      const owner = feedOwner(caller, userId);
      return { userId: owner, unread: (await unreadCounts(owner)).notifications };
    },

    /** Admins: to one user, or a `system` notification to everyone (one row per user, one statement). */
    async create(
      caller: AccessTokenIdentity,
      body: CreateNotificationBody,
    ): Promise<{ recipients: number; notification: NotificationView | null }> {
      assertAdmin(caller, 'Only admins can send notifications');
      const expiresAt = body.expiresAt === undefined ? null : new Date(body.expiresAt);
      if (expiresAt && expiresAt.getTime() <= clock.now()) {
        throw new ValidationError('Invalid expiresAt: a notification must expire in the future', [
          { field: 'expiresAt', message: 'must be in the future' },
        ]);
      }
      const notification: NewNotification = { ...body, expiresAt };
      if (body.userId === undefined) {
        const stored = await repository.createForEveryone(notification);
        // Each tab gets the fresh pair of counts; a push per user, batched by the outbox.
        for (const { userId } of stored) announcer.countsChanged(userId);
        return { recipients: stored.length, notification: null };
      }
      if (!(await repository.userExists(body.userId))) throw new NotFoundError('User');
      return { recipients: 1, notification: await deliver(body.userId, notification) };
    },

    /**
     * The system's notifications (milestones, achievements, stream summaries…). With `onceKey`
     * a second call for the same user and key stores and pushes nothing. Never throws.
     */
    async notify(userId: string, notification: NewNotification, onceKey?: string): Promise<NotificationView | null> {
      try {
        return await deliver(userId, notification, onceKey);
      } catch (error) {
        logger.warn({ err: error, userId, type: notification.type }, 'could not store a notification');
        return null;
      }
    },

    /** The same for a caller that retries (a delivery from the realtime service): a failure is thrown. */
    notifyOrThrow: deliver,

    async markRead(caller: AccessTokenIdentity, notificationId: string): Promise<NotificationView> {
      await ownNotification(caller, notificationId);
      const updated = await repository.markRead(notificationId, now());
      if (!updated) throw new NotFoundError('Notification');
      announcer.countsChanged(updated.userId);
      return toNotificationView(updated);
    },

    async markAllRead(caller: AccessTokenIdentity, userId: string): Promise<BulkChange> {
      const owner = feedOwner(caller, userId);
      const { changed, unread } = await markAllRead('notifications', owner, now());
      announcer.countsAre(owner, unread);
      return { userId: owner, changed, unread: unread.notifications };
    },

    async delete(caller: AccessTokenIdentity, notificationId: string): Promise<NotificationView> {
      await ownNotification(caller, notificationId);
      const deleted = await repository.delete(notificationId);
      if (!deleted) throw new NotFoundError('Notification');
      announcer.countsChanged(deleted.userId);
      return toNotificationView(deleted);
    },

    async clearAll(caller: AccessTokenIdentity, userId: string): Promise<BulkChange> {
      const owner = feedOwner(caller, userId);
      const changed = await repository.clearAll(owner, now());
      announcer.countsChanged(owner);
      return { userId: owner, changed, unread: 0 };
    },
  };
}

export type NotificationsService = ReturnType<typeof createNotificationsService>;
