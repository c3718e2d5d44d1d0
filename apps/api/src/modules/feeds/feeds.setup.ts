import type { PrismaClient } from '@showfloor/db';
import type { Clock, Logger } from '@showfloor/server-kit';
import type { UserPushes } from '../../integrations/user-pushes.ts';
import { createActivitiesRepository } from './activities.repository.ts';
import { createActivitiesService } from './activities.service.ts';
import { createFeedAnnouncer } from './feed-announcer.ts';
import { createNotificationsRepository } from './notifications.repository.ts';
import { createNotificationsService } from './notifications.service.ts';
import { createUnreadCounts } from './unread-counts.ts';

/** Activities and notifications share the unread counts and the pushes that carry them. */
export function setUpFeeds(deps: {
  prisma: PrismaClient;
  pushes: Pick<UserPushes, 'send'>;
  logger: Logger;
  clock?: Clock;
}) {
  const unreadCounts = createUnreadCounts(deps.prisma, deps.clock);
  const announcer = createFeedAnnouncer({
    pushes: deps.pushes,
    unreadCounts,
    logger: deps.logger.child({ module: 'feed-pushes' }),
  });
  const shared = { unreadCounts, announcer, ...(deps.clock ? { clock: deps.clock } : {}) };
  return {
    activities: createActivitiesService({
      repository: createActivitiesRepository(deps.prisma),
      logger: deps.logger.child({ module: 'activities' }),
      ...shared,
    }),
    notifications: createNotificationsService({
      repository: createNotificationsRepository(deps.prisma),
      logger: deps.logger.child({ module: 'notifications' }),
      ...shared,
    }),
  };
}
