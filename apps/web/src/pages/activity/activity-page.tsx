import type { ActivityView } from '@showfloor/contracts/rest';
import { useActivityActions } from '../../feeds/feed-actions.ts';
import { FeedItem } from '../../feeds/feed-item.tsx';
import { feedItems } from '../../feeds/feed-pages.ts';
import { useActivityFeed, useUnreadCounts } from '../../feeds/feed-queries.ts';
import { LoadMore } from '../../feeds/load-more.tsx';
import { errorText } from '../../ui/error-text.ts';
import { QueryState } from '../../ui/page-states.tsx';
import '../../feeds/feeds.css';

/**
 * The signed-in user's activity feed (`/me/activity`): what they did on Showfloor, newest first,
 * written by the system as it happens and arriving at the top live (`activity:created`).
 */
export function Component() {
  const feed = useActivityFeed();
  const counts = useUnreadCounts();
  const actions = useActivityActions();
  const unread = counts?.activities ?? 0;

  return (
    <main className="page page-feed">
      <div className="page-header">
        <h1>Your activity</h1>
        <div className="row">
          <span className="muted" data-testid="activity-unread">
            {unread} unread
          </span>
          <button
            type="button"
            className="button button-small"
            disabled={unread === 0 || actions.busy}
            onClick={actions.markAllRead}
          >
            Mark all read
          </button>
        </div>
      </div>
      {actions.error ? (
        <p className="form-error" role="alert">
          {errorText(actions.error)}
        </p>
      ) : null}
      <section className="card feed-card" aria-label="Activity">
        <QueryState
          query={feed}
          isEmpty={(data) => feedItems(data).length === 0}
          empty="Nothing yet. Watch a stream or go live, and it shows up here."
        >
          {(data) => (
            <>
              <ActivityList activities={feedItems(data)} actions={actions} />
              <LoadMore feed={feed} />
            </>
          )}
        </QueryState>
      </section>
    </main>
  );
}

function ActivityList({
  activities,
  actions,
}: {
  activities: ActivityView[];
  actions: ReturnType<typeof useActivityActions>;
}) {
  const now = new Date();
  return (
    <ol className="feed-list" data-testid="activity-list">
      {activities.map((activity) => (
        <FeedItem
          key={activity.id}
          testId="activity-item"
          title={activity.title}
          text={activity.description}
          type={activity.type}
          data={activity.data}
          readAt={activity.readAt}
          createdAt={activity.createdAt}
          now={now}
          onMarkRead={() => actions.markRead(activity)}
          onDelete={() => actions.remove(activity)}
        />
      ))}
    </ol>
  );
}
