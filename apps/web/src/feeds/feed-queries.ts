import type { ActivityView, NotificationView } from '@showfloor/contracts/rest';
import type { UnreadCounts } from '@showfloor/contracts/socket';
import { useInfiniteQuery, useQuery, useQueryClient } from '@tanstack/react-query';
import { useAuth } from '../platform/auth-context.tsx';
import { useApi } from '../platform/web-client-context.tsx';
import type { FeedPage } from './feed-pages.ts';
import { countsAfterRead } from './unread-counts.ts';

/**
 * Query keys of the signed-in user's feeds. Every notification list (the bell's, the page's, its
 * unread filter) sits under `notifications`, so one push or answer updates them all at once.
 */
export const feedKeys = {
  all: ['feeds'] as const,
  counts: ['feeds', 'unread-counts'] as const,
  notifications: ['feeds', 'notifications'] as const,
  notificationList: (unreadOnly: boolean, pageSize: number) =>
    ['feeds', 'notifications', { unreadOnly, pageSize }] as const,
  activities: ['feeds', 'activities'] as const,
  activityList: (pageSize: number) => ['feeds', 'activities', { pageSize }] as const,
};

/** Both unread counts, or undefined until read (and for a guest, who has none). */
export function useUnreadCounts(): UnreadCounts | undefined {
  const api = useApi();
  const queryClient = useQueryClient();
  const { user } = useAuth();
  const query = useQuery({
    queryKey: feedKeys.counts,
    enabled: user !== null,
    queryFn: async ({ signal }): Promise<UnreadCounts> => {
      const startedAt = Date.now();
      const me = { params: { userId: 'me' as const } };
      const [notifications, activities] = await Promise.all([
        api.notifications.unreadCount(me, { signal }),
        api.activities.unreadCount(me, { signal }),
      ]);
      const state = queryClient.getQueryState<UnreadCounts>(feedKeys.counts);
      return countsAfterRead(
        { notifications: notifications.data.unread, activities: activities.data.unread },
        state && { data: state.data, updatedAt: state.dataUpdatedAt },
        startedAt,
      );
    },
  });
  return query.data;
}

/** The user's notifications, newest first, a page at a time (`fetchNextPage` is "Load more"). */
export function useNotificationFeed({
  unreadOnly = false,
  pageSize = 20,
  enabled = true,
}: {
  unreadOnly?: boolean;
  pageSize?: number;
  enabled?: boolean;
}) {
  const api = useApi();
  return useInfiniteQuery({
    queryKey: feedKeys.notificationList(unreadOnly, pageSize),
    enabled,
    initialPageParam: null as string | null,
    getNextPageParam: (page: FeedPage<NotificationView>) => page.next,
    queryFn: async ({ pageParam, signal }): Promise<FeedPage<NotificationView>> => {
      const { data, meta } = await api.notifications.list(
        {
          params: { userId: 'me' },
          query: {
            limit: pageSize,
            ...(pageParam ? { cursor: pageParam } : {}),
            ...(unreadOnly ? { unread: 'true' as const } : {}),
          },
        },
        { signal },
      );
      return { items: data, next: meta.next };
    },
  });
}

/** The user's activity feed, newest first, a page at a time. */
export function useActivityFeed({ pageSize = 20 }: { pageSize?: number } = {}) {
  const api = useApi();
  return useInfiniteQuery({
    queryKey: feedKeys.activityList(pageSize),
    initialPageParam: null as string | null,
    getNextPageParam: (page: FeedPage<ActivityView>) => page.next,
    queryFn: async ({ pageParam, signal }): Promise<FeedPage<ActivityView>> => {
      const { data, meta } = await api.activities.list(
        { params: { userId: 'me' }, query: { limit: pageSize, ...(pageParam ? { cursor: pageParam } : {}) } },
        { signal },
      );
      return { items: data, next: meta.next };
    },
  });
}
