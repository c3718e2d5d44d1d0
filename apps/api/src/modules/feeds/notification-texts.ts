import { type MilestoneKind, webPaths } from '@showfloor/contracts';
import type { NewNotification } from './notifications.repository.ts';
import type { StreamRecap } from './stream-recap.ts';

/*
 * How each system notification reads, and the key that makes it fire once: one place for the
 * texts, so the modules that cause them only say what happened.
 */

const counted = { viewers: 'watching at once', reactions: 'reactions' } as const;

export const notificationTexts = {
  /** To a recent viewer of the creator: until the stream ends. */
  wentLive: (session: { id: string; title: string }, creatorName: string) => ({
    onceKey: `went-live:${session.id}`,
    notification: {
      type: 'social' as const,
      title: `${creatorName} is live`,
      message: `“${session.title}” has started.`,
      data: { sessionId: session.id, link: webPaths.liveRoom(session.id) },
    },
  }),

  /** To a past viewer of the creator: until the session starts. */
  scheduled: (session: { id: string; title: string }, creatorName: string) => ({
    onceKey: `scheduled:${session.id}`,
    notification: {
      type: 'reminder' as const,
      title: `${creatorName} scheduled a new stream`,
      message: `“${session.title}” — you watched ${creatorName} before.`,
      data: { sessionId: session.id, link: webPaths.liveRoom(session.id) },
    },
  }),

  milestone: (
    session: { id: string; title: string },
    milestone: { kind: MilestoneKind; threshold: number },
  ): { notification: NewNotification; onceKey: string } => ({
    onceKey: `milestone:${session.id}:${milestone.kind}:${milestone.threshold}`,
    notification: {
      type: 'milestone',
      title: `${milestone.threshold.toLocaleString('en-US')} ${counted[milestone.kind]}!`,
      message: `“${session.title}” just passed ${milestone.threshold.toLocaleString('en-US')} ${counted[milestone.kind]}.`,
      data: {
        sessionId: session.id,
        kind: milestone.kind,
        threshold: milestone.threshold,
        link: webPaths.creatorConsole(session.id),
      },
    },
  }),

  streamEnded: (
    session: { id: string; title: string },
    recap: StreamRecap,
  ): { notification: NewNotification; onceKey: string } => ({
    onceKey: `stream-ended:${session.id}`,
    notification: {
      type: 'system',
      title: `Your stream “${session.title}” has ended`,
      message: `Peak ${recap.peakViewers} watching, ${recap.uniqueViewers} viewers in all${
        recap.topProduct ? `; most clicked: ${recap.topProduct}` : ''
      }.`,
      data: { sessionId: session.id, ...recap, link: webPaths.sessionAnalytics(session.id) },
    },
  }),
};
