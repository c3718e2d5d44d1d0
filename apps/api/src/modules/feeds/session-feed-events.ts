import type { Logger } from '@showfloor/server-kit';
import type { SessionLifecycleObserver } from '../sessions/session-lifecycle-observer.ts';
import type { ActivityRecorder } from './activity-recorder.ts';
import { activityTexts } from './activity-texts.ts';
import { notificationTexts } from './notification-texts.ts';
import type { NotificationsService } from './notifications.service.ts';
import type { ReadStreamRecap } from './stream-recap.ts';

/**
 * What a session's life writes into feeds: the creator's activities (scheduled, went live,
 * ended with its figures) and the "your stream ended" system notification, sent once per session.
 */
export function createSessionFeedEvents(deps: {
  activities: ActivityRecorder;
  notifications: Pick<NotificationsService, 'notify'>;
  streamRecap: ReadStreamRecap;
  logger: Logger;
}): SessionLifecycleObserver {
  async function ended(session: Parameters<SessionLifecycleObserver['created']>[0]): Promise<void> {
    const recap = await deps.streamRecap(session.id);
    deps.activities.record(activityTexts.streamEnded(session, recap));
    const summary = notificationTexts.streamEnded(session, recap);
    await deps.notifications.notify(session.creatorId, summary.notification, summary.onceKey);
  }

  return {
    created: (session) => deps.activities.record(activityTexts.sessionCreated(session)),
    statusChanged(session, from, to) {
      if (to === 'live' && from !== 'paused') deps.activities.record(activityTexts.wentLive(session));
      if (to === 'ended') {
        ended(session).catch((error: unknown) =>
          deps.logger.warn({ err: error, sessionId: session.id }, 'could not write the end of a stream into feeds'),
        );
      }
    },
  };
}
