import { type MilestoneKind, webPaths } from '@showfloor/contracts';
import type { NewNotification } from './notifications.repository.ts';
import type { StreamRecap } from './stream-recap.ts';

/*
 * How each system notification reads, and the key that makes it fire once: one place for the
 * texts, so the modules that cause them only say what happened.
 */

const counted = { viewers: 'watching at once', reactions: 'reactions' } as const;

export const notificationTexts = {
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
