import { type UserEngagementStats, webPaths } from '@showfloor/contracts';
import type { Logger } from '@showfloor/server-kit';
import type { UserPushes } from '../../integrations/user-pushes.ts';
import type { NotificationsService } from '../feeds/notifications.service.ts';
import type { SessionLifecycleObserver } from '../sessions/session-lifecycle-observer.ts';
import { toEngagementSummary } from './engagement-summary.ts';

/** Streak lengths (days) that earn an achievement notification. */
export const streakThresholds = [3, 7, 30] as const;

export interface EngagementUpdatesDeps {
  statsOf: (userId: string) => Promise<UserEngagementStats>;
  pushes: Pick<UserPushes, 'send'>;
  notifications: Pick<NotificationsService, 'notify'>;
  /** Users waiting for a recount at most; beyond it a user is skipped (logged): their next view or stream catches up. */
  maxPending: number;
  /** Recounts run at once at most, so a stream ending with thousands of viewers cannot take every database connection. */
  concurrency: number;
  logger: Logger;
}

/**
 * What happens when a user's stats change (one of their views closed, one of their streams
 * ended): the stats are recounted, `analytics:updated` goes to the user's tabs, and a streak that
 * reached 3, 7 or 30 days earns an achievement, once per streak (its first day) and threshold.
 * Queued and deduplicated per user, never awaited by the ingest or the request that caused it,
 * and it never throws: the stats are derived, so a skipped recount loses nothing but a push.
 */
export function createEngagementUpdates(deps: EngagementUpdatesDeps) {
  const pending = new Set<string>();
  const waiters: (() => void)[] = [];
  let running = 0;
  let skipped = 0;

  async function recount(userId: string): Promise<void> {
    const stats = await deps.statsOf(userId);
    deps.pushes.send([
      {
        userId,
        event: 'analytics:updated',
        payload: { stats: toEngagementSummary(stats) },
      },
    ]);
    if (!stats.currentStreakStart) return;
    for (const days of streakThresholds) {
      if (stats.currentStreak < days) break;
      await deps.notifications.notify(
        userId,
        {
          type: 'achievement',
          title: `${days}-day streak!`,
          message: `You have watched or streamed on ${days} days in a row. Keep it going tomorrow.`,
          data: { streakDays: days, streakStart: stats.currentStreakStart, link: webPaths.myStats() },
        },
        `streak:${stats.currentStreakStart}:${days}`,
      );
    }
  }

  function pump(): void {
    while (running < deps.concurrency && pending.size > 0) {
      const userId = pending.values().next().value as string;
      pending.delete(userId);
      running += 1;
      recount(userId)
        .catch((error: unknown) => deps.logger.warn({ err: error, userId }, 'could not recount engagement stats'))
        .finally(() => {
          running -= 1;
          pump();
          if (running === 0 && pending.size === 0) for (const resolve of waiters.splice(0)) resolve();
        });
    }
  }

  function changed(userIds: Iterable<string>): void {
    for (const userId of userIds) {
      if (pending.has(userId)) continue;
      if (pending.size >= deps.maxPending) {
        skipped += 1;
        if (skipped === 1 || skipped % 1_000 === 0) {
          deps.logger.warn({ skipped }, 'engagement recount queue full: users skipped until their next change');
        }
        continue;
      }
      pending.add(userId);
    }
    pump();
  }

  return {
    /** Users whose views just closed, or who ended a stream. Returns at once. */
    changed,

    /** Streams ending change their creator's stats (the viewers' follow as their views close). */
    sessionObserver: {
      created: () => {},
      statusChanged: (session, _from, to) => {
        if (to === 'ended') changed([session.creatorId]);
      },
    } satisfies SessionLifecycleObserver,

    /** Resolves once every queued recount is done (shutdown, tests). */
    idle(): Promise<void> {
      if (running === 0 && pending.size === 0) return Promise.resolve();
      return new Promise((resolve) => waiters.push(resolve));
    },
  };
}

export type EngagementUpdates = ReturnType<typeof createEngagementUpdates>;
