import type { NotificationView } from '@showfloor/contracts/rest';
import type { useNotificationActions } from './feed-actions.ts';
import { FeedItem } from './feed-item.tsx';
import './feeds.css';

/** Notifications as a list, each with its buttons; shared by the bell's panel and the page. */
export function NotificationList({
  notifications,
  actions,
  onFollow,
}: {
  notifications: NotificationView[];
  actions: ReturnType<typeof useNotificationActions>;
  onFollow?: () => void;
}) {
  const now = new Date();
  return (
    <ol className="feed-list" data-testid="notification-list">
      {notifications.map((notification) => (
        <FeedItem
          key={notification.id}
          testId="notification-item"
          title={notification.title}
          text={notification.message}
          type={notification.type}
          data={notification.data}
          readAt={notification.readAt}
          createdAt={notification.createdAt}
          now={now}
          onMarkRead={() => actions.markRead(notification)}
          onDelete={() => actions.remove(notification)}
          {...(onFollow ? { onFollow } : {})}
        />
      ))}
    </ol>
  );
}
