import type { UnreadCounts } from '@showfloor/contracts';
import type { PrismaClient } from '@showfloor/db';
import { type Clock, systemClock } from '@showfloor/server-kit';

/** A feed with an unread badge: its table's name. */
export type Feed = keyof UnreadCounts;

/**
 * Notifications a user can still see: unexpired ones at `$now` (the service's clock, not the
 * database's, so a read and a count always agree). The one place that rule is written in SQL.
 */
export function unexpiredNotificationSql(now: string): string {
  return `(expires_at IS NULL OR expires_at > ${now}::timestamptz)`;
}

/** The rows of `feed` its badge counts: the user's unread ones (and, for notifications, unexpired). */
export function unreadRowsSql(feed: Feed, user: string, now: string): string {
  const unread = `user_id = ${user}::uuid AND read_at IS NULL`;
  return feed === 'notifications' ? `${unread} AND ${unexpiredNotificationSql(now)}` : unread;
}

export const unreadCountSql = (feed: Feed, user: string, now: string) =>
  `SELECT count(*)::int FROM ${feed} WHERE ${unreadRowsSql(feed, user, now)}`;

/** Both badges in one round trip, so every push carries the pair as the database has them. */
export function createUnreadCounts(prisma: PrismaClient, clock: Clock = systemClock) {
  return async function unreadCounts(userId: string): Promise<UnreadCounts> {
    const [row] = await prisma.$queryRawUnsafe<{ activities: number; notifications: number }[]>(
      `SELECT (${unreadCountSql('activities', '$1', '$2')}) AS activities,
              (${unreadCountSql('notifications', '$1', '$2')}) AS notifications`,
      userId,
      new Date(clock.now()),
    );
    return { activities: row?.activities ?? 0, notifications: row?.notifications ?? 0 };
  };
}

export type ReadUnreadCounts = ReturnType<typeof createUnreadCounts>;

/**
 * Read-all in one statement: marks every row the feed's badge counts as read at `at`, and reads the
 * other feed's badge in the same snapshot. The feed's own badge is then 0 by construction (the
 * update took exactly the rows it counts), so the answer and the push need no further read.
 */
export function createMarkAllRead(prisma: PrismaClient) {
  return async function markAllRead(
    feed: Feed,
    userId: string,
    at: Date,
  ): Promise<{ changed: number; unread: UnreadCounts }> {
    const other: Feed = feed === 'activities' ? 'notifications' : 'activities';
    const [row] = await prisma.$queryRawUnsafe<{ changed: number; other: number }[]>(
      `WITH changed AS (
         UPDATE ${feed} SET read_at = $2::timestamptz WHERE ${unreadRowsSql(feed, '$1', '$2')} RETURNING 1)
       SELECT (SELECT count(*)::int FROM changed) AS changed, (${unreadCountSql(other, '$1', '$2')}) AS other`,
      userId,
      at,
    );
    const unread = { [feed]: 0, [other]: row?.other ?? 0 } as UnreadCounts;
    return { changed: row?.changed ?? 0, unread };
  };
}

export type MarkAllRead = ReturnType<typeof createMarkAllRead>;
