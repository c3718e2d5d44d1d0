import { GroupCommitWriter } from '@showfloor/group-commit';
import { type Clock, type Logger, systemClock } from '@showfloor/server-kit';
import type { ActivitiesRepository, NewActivity } from './activities.repository.ts';
import type { FeedAnnouncer } from './feed-announcer.ts';
import { toActivityView } from './feed-views.ts';

export interface ActivityRecorderOptions {
  repository: Pick<ActivitiesRepository, 'createMany'>;
  announcer: Pick<FeedAnnouncer, 'activityCreated'>;
  logger: Logger;
  /** Activities waiting at most; beyond it new ones are dropped (logged), never the action that caused them. */
  maxPending: number;
  clock?: Clock;
}

/** What the modules that cause activities see: a call that returns at once and never throws. */
export interface ActivityRecorder {
  record(activity: NewActivity): void;
}

/**
 * The system's record of what users do (signed in, went live, watched a stream…). The action
 * that causes an activity never waits for it and never fails because of it: activities queue in
 * memory and are written in group commits (one INSERT for everything that arrived within a few
 * milliseconds), then announced to the user's tabs. What a crash, a full queue or a database
 * outage costs is those activities, logged; the actions themselves are already committed.
 */
export function createActivityRecorder(options: ActivityRecorderOptions): ActivityRecorder & {
  drain(): Promise<void>;
} {
  const clock = options.clock ?? systemClock;
  const writer = new GroupCommitWriter<NewActivity, ReturnType<typeof toActivityView> | null>({
    commit: async (activities) =>
      (await options.repository.createMany(activities, new Date(clock.now()))).map(
        (record) => record && toActivityView(record),
      ),
    maxBatchItems: 1_000,
    lingerMs: 5,
    maxPendingItems: options.maxPending,
    deadlineMs: 10_000,
    concurrency: 1,
    retryAfterSeconds: 1,
    onCommitFailed: (error, items) => options.logger.warn({ err: error, activities: items }, 'activities not written'),
  });
  return {
    record(activity) {
      writer.submit([activity]).then(
        ([view]) => view && options.announcer.activityCreated(view),
        (error: unknown) =>
          options.logger.warn({ err: error, userId: activity.userId, type: activity.type }, 'activity dropped'),
      );
    },
    drain: () => writer.drain(),
  };
}
