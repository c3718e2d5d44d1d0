import type { UnreadCounts } from '@showfloor/contracts';
import type { PrismaClient } from '@showfloor/db';
import { type Clock, systemClock } from '@showfloor/server-kit';

/**
 * Notifications a user can still see: unexpired ones at `$now` (the service's clock, not the
 * database's, so a read and a count always agree). The one place that rule is written in SQL.
 */
export function unexpiredNotificationSql(now: string): string {
  return `(expires_at IS NULL OR expires_at > ${now}::timestamptz)`;
}

/** Both badges in one round trip, so every push carries the pair as the database has them. */
export function createUnreadCounts(prisma: PrismaClient, clock: Clock = systemClock) {
  return async function unreadCounts(userId: string): Promise<UnreadCounts> {
    const [row] = await prisma.$queryRawUnsafe<{ activities: number; notifications: number }[]>(
      `SELECT
         (SELECT count(*)::int FROM activities WHERE user_id = $1::uuid AND read_at IS NULL) AS activities,
         (SELECT count(*)::int FROM notifications
           WHERE user_id = $1::uuid AND read_at IS NULL AND ${unexpiredNotificationSql('$2')}) AS notifications`,
      userId,
      new Date(clock.now()),
    );
    return { activities: row?.activities ?? 0, notifications: row?.notifications ?? 0 };
  };
}

export type ReadUnreadCounts = ReturnType<typeof createUnreadCounts>;
