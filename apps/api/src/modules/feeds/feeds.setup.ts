import type { PrismaClient } from '@showfloor/db';
import type { Clock, Logger } from '@showfloor/server-kit';
import type { UserPushes } from '../../integrations/user-pushes.ts';
import { createActivitiesRepository } from './activities.repository.ts';
import { createActivitiesService } from './activities.service.ts';
import { createActivityRecorder } from './activity-recorder.ts';
import { createAudienceNotifications } from './audience-notifications.ts';
import { createFeedAnnouncer } from './feed-announcer.ts';
import { createNotificationsRepository } from './notifications.repository.ts';
import { createNotificationsService } from './notifications.service.ts';
import { createSessionFeedEvents } from './session-feed-events.ts';
import { createSessionMilestones } from './session-milestones.ts';
import { createStreamRecapReader } from './stream-recap.ts';
import { createMarkAllRead, createUnreadCounts } from './unread-counts.ts';

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
  const shared = {
    unreadCounts,
    markAllRead: createMarkAllRead(deps.prisma),
    announcer,
    ...(deps.clock ? { clock: deps.clock } : {}),
  };
  const activitiesRepository = createActivitiesRepository(deps.prisma);
  const activityRecorder = createActivityRecorder({
    repository: activitiesRepository,
    announcer,
    maxPending: 100_000,
    logger: deps.logger.child({ module: 'activity-recorder' }),
    ...(deps.clock ? { clock: deps.clock } : {}),
  });
  const notificationsRepository = createNotificationsRepository(deps.prisma);
  const notifications = createNotificationsService({
    repository: notificationsRepository,
    logger: deps.logger.child({ module: 'notifications' }),
    ...shared,
  });
  return {
    activities: createActivitiesService({ repository: activitiesRepository, ...shared }),
    activityRecorder,
    notifications,
    unreadCounts,
    milestonesReached: createSessionMilestones({ prisma: deps.prisma, notifications }),
    /** What a session's life writes into feeds and notifications. */
    sessionEvents: createSessionFeedEvents({
      activities: activityRecorder,
      notifications,
      streamRecap: createStreamRecapReader(deps.prisma),
      audience: createAudienceNotifications({ prisma: deps.prisma, repository: notificationsRepository, announcer }),
      logger: deps.logger.child({ module: 'session-feed-events' }),
    }),
  };
}
