import type { ActivityView, NotificationView, UnreadCounts } from '@showfloor/contracts';
import type { Logger } from '@showfloor/server-kit';
import type { UserPushes } from '../../integrations/user-pushes.ts';
import { activityOnTheWire, notificationOnTheWire } from './feed-views.ts';
import type { ReadUnreadCounts } from './unread-counts.ts';

export interface FeedAnnouncerDeps {
  pushes: Pick<UserPushes, 'send'>;
  unreadCounts: ReadUnreadCounts;
  logger: Logger;
}

/**
 * Tells a user's open tabs what changed in their feed, with both unread counts as they are after
 * the change. Called after the change committed and never awaited by the request: a count that
 * cannot be read, or a push that cannot be delivered, is logged, and the next fetch is right.
 */
export function createFeedAnnouncer({ pushes, unreadCounts, logger }: FeedAnnouncerDeps) {
  function later(userId: string, announce: (unread: Awaited<ReturnType<ReadUnreadCounts>>) => void): void {
    unreadCounts(userId).then(announce, (error: unknown) =>
      logger.warn({ err: error, userId }, 'could not read unread counts for a push; the next fetch has them'),
    );
  }

  function countsAre(userId: string, unread: UnreadCounts): void {
    pushes.send([{ userId, event: 'unread:counts', payload: { unread } }]);
  }

  return {
    activityCreated(activity: ActivityView): void {
      later(activity.userId, (unread) =>
        pushes.send([
          {
            userId: activity.userId,
            event: 'activity:created',
            payload: { activity: activityOnTheWire(activity), unread },
          },
        ]),
      );
    },

    notificationReceived(notification: NotificationView): void {
      later(notification.userId, (unread) =>
        pushes.send([
          {
            userId: notification.userId,
            event: 'notification:received',
            payload: { notification: notificationOnTheWire(notification), unread },
          },
        ]),
      );
    },

    countsChanged(userId: string): void {
      later(userId, (unread) => countsAre(userId, unread));
    },

    /** The same when the change itself read the counts (read-all): no second read. */
    countsAre,
  };
}

export type FeedAnnouncer = ReturnType<typeof createFeedAnnouncer>;
