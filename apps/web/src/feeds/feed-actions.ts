import type { ActivityView, NotificationView } from '@showfloor/contracts/rest';
import type { UnreadCounts } from '@showfloor/contracts/socket';
import { type QueryClient, useMutation, useQueryClient } from '@tanstack/react-query';
import { useApi } from '../platform/web-client-context.tsx';
import { emptyFeed, type FeedPages, markFeedRead, removeFromFeed, replaceInFeed } from './feed-pages.ts';
import { feedKeys } from './feed-queries.ts';

/*
 * What a user does to their feeds. Each answer is applied to every list on the page at once; the
 * counts come from the answer where it has them (read-all, clear-all) and are read again otherwise.
 * The API also pushes the new counts to every tab, which keeps the others in step.
 */

type Feed = 'notifications' | 'activities';

function updateLists<T>(queryClient: QueryClient, feed: Feed, change: (data: FeedPages<T> | undefined) => unknown) {
  queryClient.setQueriesData<FeedPages<T>>({ queryKey: feedKeys[feed] }, change as never);
}

function setUnread(queryClient: QueryClient, feed: Feed, unread: number) {
  queryClient.setQueryData<UnreadCounts>(feedKeys.counts, (counts) =>
    counts ? { ...counts, [feed]: unread } : counts,
  );
}

const readCountsAgain = (queryClient: QueryClient) => queryClient.invalidateQueries({ queryKey: feedKeys.counts });

function firstError(...mutations: { error: unknown }[]): unknown {
  return mutations.find((mutation) => mutation.error)?.error ?? null;
}

export function useNotificationActions() {
  const api = useApi();
  const queryClient = useQueryClient();
  const markRead = useMutation({
    mutationFn: (notificationId: string) => api.notifications.markRead({ params: { notificationId } }),
    onSuccess: ({ data }) => {
      updateLists<NotificationView>(queryClient, 'notifications', (lists) => replaceInFeed(lists, data));
      void readCountsAgain(queryClient);
    },
  });
  const remove = useMutation({
    mutationFn: (notificationId: string) => api.notifications.delete({ params: { notificationId } }),
    onSuccess: ({ data }) => {
      updateLists<NotificationView>(queryClient, 'notifications', (lists) => removeFromFeed(lists, data.id));
      void readCountsAgain(queryClient);
    },
  });
  const markAllRead = useMutation({
    mutationFn: () => api.notifications.markAllRead({ params: { userId: 'me' } }),
    onSuccess: ({ data }) => {
      const now = new Date();
      updateLists<NotificationView>(queryClient, 'notifications', (lists) => markFeedRead(lists, now));
      setUnread(queryClient, 'notifications', data.unread);
    },
  });
  const clearAll = useMutation({
    mutationFn: () => api.notifications.clearAll({ params: { userId: 'me' } }),
    onSuccess: ({ data }) => {
      updateLists<NotificationView>(queryClient, 'notifications', (lists) => emptyFeed(lists));
      setUnread(queryClient, 'notifications', data.unread);
    },
  });
  return {
    /** Marks it read unless it already is (nothing is sent then). */
    markRead: (notification: NotificationView) => {
      if (!notification.readAt) markRead.mutate(notification.id);
    },
    remove: (notification: NotificationView) => remove.mutate(notification.id),
    markAllRead: () => markAllRead.mutate(),
    clearAll: () => clearAll.mutate(),
    busy: markAllRead.isPending || clearAll.isPending,
    error: firstError(markRead, remove, markAllRead, clearAll),
  };
}

export function useActivityActions() {
  const api = useApi();
  const queryClient = useQueryClient();
  const markRead = useMutation({
    mutationFn: (activityId: string) => api.activities.markRead({ params: { activityId } }),
    onSuccess: ({ data }) => {
      updateLists<ActivityView>(queryClient, 'activities', (lists) => replaceInFeed(lists, data));
      void readCountsAgain(queryClient);
    },
  });
  const remove = useMutation({
    mutationFn: (activityId: string) => api.activities.delete({ params: { activityId } }),
    onSuccess: ({ data }) => {
      updateLists<ActivityView>(queryClient, 'activities', (lists) => removeFromFeed(lists, data.id));
      void readCountsAgain(queryClient);
    },
  });
  const markAllRead = useMutation({
    mutationFn: () => api.activities.markAllRead({ params: { userId: 'me' } }),
    onSuccess: ({ data }) => {
      const now = new Date();
      updateLists<ActivityView>(queryClient, 'activities', (lists) => markFeedRead(lists, now));
      setUnread(queryClient, 'activities', data.unread);
    },
  });
  return {
    markRead: (activity: ActivityView) => {
      if (!activity.readAt) markRead.mutate(activity.id);
    },
    remove: (activity: ActivityView) => remove.mutate(activity.id),
    markAllRead: () => markAllRead.mutate(),
    busy: markAllRead.isPending,
    error: firstError(markRead, remove, markAllRead),
  };
}
