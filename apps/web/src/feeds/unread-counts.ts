import type { UnreadCounts } from '@showfloor/contracts/socket';

/*
 * The unread badges: read once over REST, then set by every push's `unread` (which the API
 * computes after the change, for every tab of the user). Pure rules, tested beside this file.
 */

/** What the counts query holds, and when TanStack Query last set it (a read or a push). */
export interface CachedCounts {
  data: UnreadCounts | undefined;
  updatedAt: number;
}

/**
 * The counts a finished REST read should leave. A push that arrived while the read was on its way
 * is at least as new as the change it announced, while the read may have been answered before that
 * change: the push wins, so a slow read never puts back a number another tab already changed.
 */
export function countsAfterRead(read: UnreadCounts, cached: CachedCounts | undefined, readStartedAt: number) {
  if (cached?.data && cached.updatedAt > readStartedAt) return cached.data;
  return read;
}

/**
 * Which lists an `unread:counts` push makes stale (another tab marked, deleted or cleared). A
 * count that moved names its feed; when neither moved (a read item deleted) either could have changed.
 */
export function feedsChangedBy(previous: UnreadCounts | undefined, next: UnreadCounts) {
  const notifications = previous === undefined || previous.notifications !== next.notifications;
  const activities = previous === undefined || previous.activities !== next.activities;
  if (!notifications && !activities) return { notifications: true, activities: true };
  return { notifications, activities };
}

/** The badge's text: nothing at zero, and a short cap so the header never reflows. */
export function badgeText(unread: number): string | null {
  if (unread <= 0) return null;
  return unread > 99 ? '99+' : String(unread);
}
