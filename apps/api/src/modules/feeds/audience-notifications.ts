import { displayNameOf } from '@showfloor/contracts';
import type { PrismaClient } from '@showfloor/db';
import type { ObservedSession } from '../sessions/session-lifecycle-observer.ts';
import type { FeedAnnouncer } from './feed-announcer.ts';
import { toNotificationView } from './feed-views.ts';
import { notificationTexts } from './notification-texts.ts';
import type { NewNotification, NotificationsRepository } from './notifications.repository.ts';

/** Who counts as a creator's audience: signed-in viewers of their streams in this many days. */
export const audienceWindowDays = 30;

/**
 * Notifications to a creator's audience — everyone who watched one of their streams lately (not
 * the creator): `social` when they go live, until that stream ends; `reminder` when they schedule a
 * session, until it starts. Stored for the whole audience in one statement, once per session.
 */
export function createAudienceNotifications(deps: {
  prisma: PrismaClient;
  repository: Pick<NotificationsRepository, 'createForAudience' | 'expireByOnceKey'>;
  announcer: Pick<FeedAnnouncer, 'notificationReceived'>;
}) {
  async function creatorName(creatorId: string): Promise<string> {
    const creator = await deps.prisma.user.findUnique({
      where: { id: creatorId },
      select: { id: true, name: true, username: true },
    });
    return creator ? displayNameOf(creator) : 'A creator you watched';
  }

  async function toAudience(session: ObservedSession, text: { notification: NewNotification; onceKey: string }) {
    const since = new Date(Date.now() - audienceWindowDays * 86_400_000);
    const stored = await deps.repository.createForAudience(session.creatorId, since, text.notification, text.onceKey);
    for (const record of stored) deps.announcer.notificationReceived(toNotificationView(record));
    return stored.length;
  }

  return {
    async wentLive(session: ObservedSession): Promise<number> {
      await deps.repository.expireByOnceKey(notificationTexts.scheduled(session, '').onceKey);
      return toAudience(session, notificationTexts.wentLive(session, await creatorName(session.creatorId)));
    },
    async scheduled(session: ObservedSession): Promise<number> {
      return toAudience(session, notificationTexts.scheduled(session, await creatorName(session.creatorId)));
    },
    async ended(session: ObservedSession): Promise<void> {
      await deps.repository.expireByOnceKey(notificationTexts.wentLive(session, '').onceKey);
    },
  };
}

export type AudienceNotifications = ReturnType<typeof createAudienceNotifications>;
