import type { Logger } from '@showfloor/server-kit';
import type { SessionLifecycleObserver } from '../sessions/session-lifecycle-observer.ts';
import type { ActivityRecorder } from './activity-recorder.ts';
import { activityTexts } from './activity-texts.ts';
import type { AudienceNotifications } from './audience-notifications.ts';
import { notificationTexts } from './notification-texts.ts';
import type { NotificationsService } from './notifications.service.ts';
import type { ReadStreamRecap } from './stream-recap.ts';

/**
 * What a session's life writes into feeds: the creator's activities (scheduled, went live,
 * ended with its figures), the "your stream ended" system notification, sent once per session,
 * and the audience's reminder (scheduled) and social (went live) notifications.
 */
export function createSessionFeedEvents(deps: {
  activities: ActivityRecorder;
  notifications: Pick<NotificationsService, 'notify'>;
  streamRecap: ReadStreamRecap;
  audience: AudienceNotifications;
  logger: Logger;
}): SessionLifecycleObserver {
  const inBackground = (what: string, session: { id: string }, work: Promise<unknown>) =>
    void work.catch((error: unknown) =>
      deps.logger.warn({ err: error, sessionId: session.id }, `could not write ${what} into feeds`),
    );

  async function ended(session: Parameters<SessionLifecycleObserver['created']>[0]): Promise<void> {
    const recap = await deps.streamRecap(session.id);
    deps.activities.record(activityTexts.streamEnded(session, recap));
    const summary = notificationTexts.streamEnded(session, recap);
    await deps.notifications.notify(session.creatorId, summary.notification, summary.onceKey);
    await deps.audience.ended(session);
  }

  return {
    created(session) {
      deps.activities.record(activityTexts.sessionCreated(session));
      inBackground('a scheduled session', session, deps.audience.scheduled(session));
    },
    statusChanged(session, from, to) {
      if (to === 'live' && from !== 'paused') {
        deps.activities.record(activityTexts.wentLive(session));
        inBackground('a stream going live', session, deps.audience.wentLive(session));
      }
      if (to === 'ended') inBackground('the end of a stream', session, ended(session));
    },
  };
}
