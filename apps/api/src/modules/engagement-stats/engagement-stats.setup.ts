import type { PrismaClient } from '@showfloor/db';
import type { Clock, Logger } from '@showfloor/server-kit';
import type { UserPushes } from '../../integrations/user-pushes.ts';
import type { NotificationsService } from '../feeds/notifications.service.ts';
import { createEngagementStatsRepository } from './engagement-stats.repository.ts';
import { createEngagementStatsService } from './engagement-stats.service.ts';
import { createEngagementUpdates } from './engagement-updates.ts';

/** The stats reads, and what recounts them when a view closes or a stream ends. */
export function setUpEngagementStats(deps: {
  prisma: PrismaClient;
  pushes: Pick<UserPushes, 'send'>;
  notifications: Pick<NotificationsService, 'notify'>;
  leaderboardCacheMs: number;
  logger: Logger;
  clock?: Clock;
}) {
  const service = createEngagementStatsService({
    repository: createEngagementStatsRepository(deps.prisma),
    leaderboardCacheMs: deps.leaderboardCacheMs,
    logger: deps.logger.child({ module: 'engagement-stats' }),
    ...(deps.clock ? { clock: deps.clock } : {}),
  });
  const updates = createEngagementUpdates({
    statsOf: service.statsOf,
    pushes: deps.pushes,
    notifications: deps.notifications,
    // A recount is four small indexed queries; two at a time leave the pool to requests.
    concurrency: 2,
    maxPending: 100_000,
    logger: deps.logger.child({ module: 'engagement-updates' }),
  });
  return { service, updates };
}
