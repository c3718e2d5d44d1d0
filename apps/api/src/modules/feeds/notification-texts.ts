import { webPaths } from '@showfloor/contracts';
import type { NewNotification } from './notifications.repository.ts';
import type { StreamRecap } from './stream-recap.ts';

/*
 * How each system notification reads, and the key that makes it fire once: one place for the
 * texts, so the modules that cause them only say what happened.
 */

export const notificationTexts = {
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
