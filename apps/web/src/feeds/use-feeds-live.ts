import { activitySchema, notificationSchema } from '@showfloor/contracts/rest';
import { type UnreadCounts, unreadCountsSchema } from '@showfloor/contracts/socket';
import { useQueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import { useRealtime, useSocketEvent } from '../platform/realtime-context.tsx';
import { type FeedPages, prependToFeed } from './feed-pages.ts';
import { feedKeys } from './feed-queries.ts';
import { feedsChangedBy } from './unread-counts.ts';

/**
 * Keeps the signed-in user's feeds live from their `user:<id>` pushes. Mounted once (in the shell),
 * so each push is applied once whichever pages are open.
 *
 * - `notification:received` / `activity:created`: the item at the top of every list, and the counts.
 * - `unread:counts` (another tab, or this one, marked, deleted or cleared): the counts, and the
 *   lists of the feed that changed are read again, so a second tab never shows a stale list.
 * - every (re)connection: counts and lists are read again, since pushes sent while this page was
 *   not connected (or before its first connection) reached nobody here.
 *
 * Payloads are checked with the contracts' schemas (which also turn the ISO times into Dates); one
 * that does not fit is not trusted, and the feeds are read again instead.
 */
export function useFeedsLive(): void {
  const queryClient = useQueryClient();
  const { status } = useRealtime();

  useEffect(() => {
    if (status === 'connected') void queryClient.invalidateQueries({ queryKey: feedKeys.all });
  }, [status, queryClient]);

  const readAgain = () => void queryClient.invalidateQueries({ queryKey: feedKeys.all });
  const setCounts = (unread: UnreadCounts) => queryClient.setQueryData(feedKeys.counts, unread);

  useSocketEvent('notification:received', (payload) => {
    const notification = notificationSchema.safeParse(payload.notification);
    const unread = unreadCountsSchema.safeParse(payload.unread);
    if (!notification.success || !unread.success) return readAgain();
    setCounts(unread.data);
    queryClient.setQueriesData<FeedPages<typeof notification.data>>({ queryKey: feedKeys.notifications }, (lists) =>
      prependToFeed(lists, notification.data),
    );
  });

  useSocketEvent('activity:created', (payload) => {
    const activity = activitySchema.safeParse(payload.activity);
    const unread = unreadCountsSchema.safeParse(payload.unread);
    if (!activity.success || !unread.success) return readAgain();
    setCounts(unread.data);
    queryClient.setQueriesData<FeedPages<typeof activity.data>>({ queryKey: feedKeys.activities }, (lists) =>
      prependToFeed(lists, activity.data),
    );
  });

  useSocketEvent('unread:counts', (payload) => {
    const unread = unreadCountsSchema.safeParse(payload.unread);
    if (!unread.success) return readAgain();
    const changed = feedsChangedBy(queryClient.getQueryData<UnreadCounts>(feedKeys.counts), unread.data);
    setCounts(unread.data);
    if (changed.notifications) void queryClient.invalidateQueries({ queryKey: feedKeys.notifications });
    if (changed.activities) void queryClient.invalidateQueries({ queryKey: feedKeys.activities });
  });
}
