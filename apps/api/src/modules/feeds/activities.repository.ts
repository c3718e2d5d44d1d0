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

    /**
     * Many at once (the recorder's group commit), in one INSERT; each row as stored, or null for a
     * user deleted meanwhile (left out, so one such row never fails everyone else's).
     */
    async createMany(activities: NewActivity[], at: Date): Promise<(ActivityRecord | null)[]> {
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
      const stored = await prisma.$queryRaw<{ id: string }[]>`
        INSERT INTO activities (id, user_id, type, title, description, data, created_at)
        SELECT t.id, t.user_id, t.type::"ActivityType", t.title, t.description, t.data, ${at}
        FROM unnest(
          ${rows.map((row) => row.id)}::uuid[],
          ${rows.map((row) => row.userId)}::uuid[],
          ${rows.map((row) => row.type)}::text[],
          ${rows.map((row) => row.title)}::text[],
          ${rows.map((row) => row.description)}::text[],
          ${rows.map((row) => JSON.stringify(row.data))}::jsonb[]
        ) AS t(id, user_id, type, title, description, data)
        WHERE EXISTS (SELECT 1 FROM users WHERE users.id = t.user_id)
        RETURNING id`;
      const ids = new Set(stored.map((row) => row.id));
      return rows.map((row) => (ids.has(row.id) ? row : null));
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
