import type { SessionMilestone } from '@showfloor/contracts';
import type { PrismaClient } from '@showfloor/db';
import { notificationTexts } from './notification-texts.ts';
import type { NotificationsService } from './notifications.service.ts';

/**
 * A creator's live session crossed 10 / 100 / 1,000 … viewers or 1,000 / 10,000 … reactions (the
 * realtime service reports crossings): a `milestone` notification, once per session, kind and
 * threshold however often it is reported. Sessions deleted meanwhile are skipped.
 */
export function createSessionMilestones(deps: {
  prisma: PrismaClient;
  notifications: Pick<NotificationsService, 'notifyOrThrow'>;
}) {
  return async function milestonesReached(milestones: readonly SessionMilestone[]): Promise<{ notified: number }> {
    const ids = [...new Set(milestones.map((milestone) => milestone.sessionId))];
    const sessions = await deps.prisma.session.findMany({
      where: { id: { in: ids } },
      select: { id: true, creatorId: true, title: true },
    });
    const byId = new Map(sessions.map((session) => [session.id, session]));
    let notified = 0;
    for (const milestone of milestones) {
      const session = byId.get(milestone.sessionId);
      if (!session) continue;
      const { notification, onceKey } = notificationTexts.milestone(session, milestone);
      // Thrown errors reach the realtime node as a failed delivery, which it retries: never lost.
      if (await deps.notifications.notifyOrThrow(session.creatorId, notification, onceKey)) notified += 1;
    }
    return { notified };
  };
}

export type MilestonesReached = ReturnType<typeof createSessionMilestones>;
