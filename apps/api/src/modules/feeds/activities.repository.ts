import { randomUUID } from 'node:crypto';
import type { ActivityType, FeedData, FeedPosition } from '@showfloor/contracts';
import type { Prisma, PrismaClient } from '@showfloor/db';
import { newestFirst, olderThan } from './feed-page.ts';

const activityFields = {
  id: true,
  userId: true,
  type: true,
  title: true,
  description: true,
  data: true,
  readAt: true,
  createdAt: true,
} as const satisfies Prisma.ActivitySelect;

export type ActivityRecord = Prisma.ActivityGetPayload<{ select: typeof activityFields }>;

export interface NewActivity {
  userId: string;
  type: ActivityType;
  title: string;
  description?: string | null;
  data?: FeedData;
}

export function createActivitiesRepository(prisma: PrismaClient) {
  return {
    create(activity: NewActivity): Promise<ActivityRecord> {
      return prisma.activity.create({ data: { ...activity, data: activity.data ?? {} }, select: activityFields });
    },

    /** Many at once (the recorder's group commit), in one INSERT; the rows as stored. */
    async createMany(activities: NewActivity[], at: Date): Promise<ActivityRecord[]> {
      const rows = activities.map((activity) => ({
        id: randomUUID(),
        userId: activity.userId,
        type: activity.type,
        title: activity.title,
        description: activity.description ?? null,
        data: activity.data ?? {},
        readAt: null,
        createdAt: at,
      }));
      await prisma.activity.createMany({ data: rows });
      return rows;
    },

    /** One page newest first, with one extra row to learn whether an older page exists. */
    listPage(userId: string, page: { limit: number; after?: FeedPosition | undefined; unreadOnly: boolean }) {
      return prisma.activity.findMany({
        where: { userId, ...(page.unreadOnly ? { readAt: null } : {}), ...olderThan(page.after) },
        orderBy: newestFirst,
        take: page.limit + 1,
        select: activityFields,
      });
    },

    find(id: string): Promise<ActivityRecord | null> {
      return prisma.activity.findUnique({ where: { id }, select: activityFields });
    },

    /** Keeps the first read time: marking again changes nothing. */
    async markRead(id: string, at: Date): Promise<ActivityRecord | null> {
      await prisma.activity.updateMany({ where: { id, readAt: null }, data: { readAt: at } });
      return prisma.activity.findUnique({ where: { id }, select: activityFields });
    },

    async markAllRead(userId: string, at: Date): Promise<number> {
      const { count } = await prisma.activity.updateMany({ where: { userId, readAt: null }, data: { readAt: at } });
      return count;
    },

    /** What was deleted; null when it was not there (or another request deleted it first). */
    async delete(id: string): Promise<ActivityRecord | null> {
      const found = await prisma.activity.findUnique({ where: { id }, select: activityFields });
      if (!found) return null;
      const { count } = await prisma.activity.deleteMany({ where: { id } });
      return count === 1 ? found : null;
    },
  };
}

export type ActivitiesRepository = ReturnType<typeof createActivitiesRepository>;
