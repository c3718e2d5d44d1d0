import type { FeedData, FeedPosition, NotificationType } from '@showfloor/contracts';
import type { Prisma, PrismaClient } from '@showfloor/db';
import { newestFirst, olderThan } from './feed-page.ts';
import { unexpiredNotificationSql } from './unread-counts.ts';

const notificationFields = {
  id: true,
  userId: true,
  type: true,
  title: true,
  message: true,
  data: true,
  readAt: true,
  expiresAt: true,
  createdAt: true,
} as const satisfies Prisma.NotificationSelect;

export type NotificationRecord = Prisma.NotificationGetPayload<{ select: typeof notificationFields }>;

export interface NewNotification {
  type: NotificationType;
  title: string;
  message: string;
  data?: FeedData;
  expiresAt?: Date | null;
}

/** Expired notifications are gone for every read, before the job gets to delete them. */
const unexpired = (now: Date): Prisma.NotificationWhereInput => ({
  OR: [{ expiresAt: null }, { expiresAt: { gt: now } }],
});

export function createNotificationsRepository(prisma: PrismaClient) {
  return {
    /**
     * Stores one notification; with `onceKey`, only the first time for that user and key (a
     * milestone reported twice): null when it was already there.
     */
    async createFor(
      userId: string,
      notification: NewNotification,
      onceKey?: string,
    ): Promise<NotificationRecord | null> {
      const data = { ...notification, data: notification.data ?? {}, userId, onceKey: onceKey ?? null };
      if (onceKey === undefined) return prisma.notification.create({ data, select: notificationFields });
      const rows = await prisma.notification.createManyAndReturn({
        data: [data],
        skipDuplicates: true,
        select: notificationFields,
      });
      return rows[0] ?? null;
    },

    /** The same notification for every user, in one statement; their ids, for the pushes. */
    async createForEveryone(notification: NewNotification): Promise<{ userId: string; id: string }[]> {
      return prisma.$queryRaw<{ userId: string; id: string }[]>`
        INSERT INTO notifications (id, user_id, type, title, message, data, expires_at)
        SELECT gen_random_uuid(), id, ${notification.type}::"NotificationType", ${notification.title},
               ${notification.message}, ${JSON.stringify(notification.data ?? {})}::jsonb, ${notification.expiresAt ?? null}
        FROM users
        RETURNING user_id AS "userId", id`;
    },

    /**
     * The same notification for every signed-in viewer of `creatorId`'s streams since `since` (the
     * creator left out), once per user and `onceKey`; the rows stored now.
     */
    async createForAudience(
      creatorId: string,
      since: Date,
      notification: NewNotification,
      onceKey: string,
    ): Promise<NotificationRecord[]> {
      return prisma.$queryRaw<NotificationRecord[]>`
        INSERT INTO notifications (id, user_id, type, title, message, data, expires_at, once_key)
        SELECT gen_random_uuid(), audience.user_id, ${notification.type}::"NotificationType", ${notification.title},
               ${notification.message}, ${JSON.stringify(notification.data ?? {})}::jsonb,
               ${notification.expiresAt ?? null}, ${onceKey}
        FROM (
          SELECT DISTINCT v.user_id
          FROM session_views v JOIN sessions s ON s.id = v.session_id
          WHERE s.creator_id = ${creatorId}::uuid AND v.user_id IS NOT NULL AND v.user_id <> ${creatorId}::uuid
            AND v.role = 'subscriber' AND v.joined_at >= ${since}
        ) AS audience
        ON CONFLICT (user_id, once_key) DO NOTHING
        RETURNING id, user_id AS "userId", type::text AS type, title, message, data, read_at AS "readAt",
                  expires_at AS "expiresAt", created_at AS "createdAt"`;
    },

    /** Ends what a key announced (a stream that ended, a session that started): expired now, for everyone. */
    async expireByOnceKey(onceKey: string): Promise<number> {
      const now = new Date();
      const { count } = await prisma.notification.updateMany({
        where: { onceKey, OR: [{ expiresAt: null }, { expiresAt: { gt: now } }] },
        data: { expiresAt: now },
      });
      return count;
    },

    listPage(
      userId: string,
      page: { limit: number; after?: FeedPosition | undefined; unreadOnly: boolean; now: Date },
    ) {
      return prisma.notification.findMany({
        where: {
          AND: [{ userId, ...(page.unreadOnly ? { readAt: null } : {}) }, unexpired(page.now), olderThan(page.after)],
        },
        orderBy: newestFirst,
        take: page.limit + 1,
        select: notificationFields,
      });
    },

    find(id: string, now: Date): Promise<NotificationRecord | null> {
      return prisma.notification.findFirst({ where: { AND: [{ id }, unexpired(now)] }, select: notificationFields });
    },

    async markRead(id: string, at: Date): Promise<NotificationRecord | null> {
      await prisma.notification.updateMany({ where: { id, readAt: null }, data: { readAt: at } });
      return prisma.notification.findUnique({ where: { id }, select: notificationFields });
    },

    /** What was deleted; null when it was not there (or another request deleted it first). */
    async delete(id: string): Promise<NotificationRecord | null> {
      const found = await prisma.notification.findUnique({ where: { id }, select: notificationFields });
      if (!found) return null;
      const { count } = await prisma.notification.deleteMany({ where: { id } });
      return count === 1 ? found : null;
    },

    async clearAll(userId: string, now: Date): Promise<number> {
      const { count } = await prisma.notification.deleteMany({ where: { AND: [{ userId }, unexpired(now)] } });
      return count;
    },

    /** The expiry job: up to `limit` rows expired at `now`, oldest expiry first; how many went. */
    async deleteExpired(now: Date, limit: number): Promise<number> {
      return prisma.$executeRawUnsafe(
        `DELETE FROM notifications WHERE id IN (
           SELECT id FROM notifications WHERE NOT ${unexpiredNotificationSql('$1')}
           ORDER BY expires_at LIMIT $2 FOR UPDATE SKIP LOCKED)`,
        now,
        limit,
      );
    },

    userExists(userId: string): Promise<boolean> {
      return prisma.user.count({ where: { id: userId } }).then((count) => count > 0);
    },
  };
}

export type NotificationsRepository = ReturnType<typeof createNotificationsRepository>;
