import type { AccessTokenIdentity } from '@showfloor/access-tokens';
import {
  type ActivityListQuery,
  type ActivityView,
  type BulkChange,
  type CreateActivityBody,
  type CursorPageMeta,
  NotFoundError,
  type UnreadCount,
} from '@showfloor/contracts';
import { type Clock, systemClock } from '@showfloor/server-kit';
import { assertCanManage } from '../../shared/authorization.ts';
import type { ActivitiesRepository } from './activities.repository.ts';
import type { FeedAnnouncer } from './feed-announcer.ts';
import { feedOwner } from './feed-owner.ts';
import { toPage } from './feed-page.ts';
import { toActivityView } from './feed-views.ts';
import type { MarkAllRead, ReadUnreadCounts } from './unread-counts.ts';

export interface ActivitiesServiceDeps {
  repository: ActivitiesRepository;
  unreadCounts: ReadUnreadCounts;
  markAllRead: MarkAllRead;
  announcer: FeedAnnouncer;
  clock?: Clock;
}

export function createActivitiesService({
  repository,
  unreadCounts,
  markAllRead,
  announcer,
  ...deps
}: ActivitiesServiceDeps) {
  const clock = deps.clock ?? systemClock;

  async function ownActivity(caller: AccessTokenIdentity, activityId: string) {
    const activity = await repository.find(activityId);
    if (!activity) throw new NotFoundError('Activity');
    assertCanManage(caller, { feed: { userId: activity.userId } });
    return activity;
  }

  return {
    async list(
      caller: AccessTokenIdentity,
      userId: string,
      query: ActivityListQuery,
    ): Promise<{ items: ActivityView[]; meta: CursorPageMeta }> {
      const owner = feedOwner(caller, userId);
      const rows = await repository.listPage(owner, {
        limit: query.limit,
        after: query.cursor,
        unreadOnly: query.unread === 'true',
      });
      const page = toPage(rows, query.limit);
      return { items: page.items.map(toActivityView), meta: page.meta };
    },

    async unreadCount(caller: AccessTokenIdentity, userId: string): Promise<UnreadCount> {
      const owner = feedOwner(caller, userId);
      return { userId: owner, unread: (await unreadCounts(owner)).activities };
    },

    /** The caller's own custom activity. */
    async create(caller: AccessTokenIdentity, body: CreateActivityBody): Promise<ActivityView> {
      const view = toActivityView(await repository.create({ ...body, userId: caller.userId }));
      announcer.activityCreated(view);
      return view;
    },

    async markRead(caller: AccessTokenIdentity, activityId: string): Promise<ActivityView> {
      await ownActivity(caller, activityId);
      const updated = await repository.markRead(activityId, new Date(clock.now()));
      if (!updated) throw new NotFoundError('Activity');
      announcer.countsChanged(updated.userId);
      return toActivityView(updated);
    },

    async markAllRead(caller: AccessTokenIdentity, userId: string): Promise<BulkChange> {
      const owner = feedOwner(caller, userId);
      const { changed, unread } = await markAllRead('activities', owner, new Date(clock.now()));
      announcer.countsAre(owner, unread);
      return { userId: owner, changed, unread: unread.activities };
    },

    async delete(caller: AccessTokenIdentity, activityId: string): Promise<ActivityView> {
      await ownActivity(caller, activityId);
      const deleted = await repository.delete(activityId);
      if (!deleted) throw new NotFoundError('Activity');
      announcer.countsChanged(deleted.userId);
      return toActivityView(deleted);
    },
  };
}

export type ActivitiesService = ReturnType<typeof createActivitiesService>;
