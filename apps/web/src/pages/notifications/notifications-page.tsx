import { useSearchParams } from 'react-router';
import { useNotificationActions } from '../../feeds/feed-actions.ts';
import { feedItems } from '../../feeds/feed-pages.ts';
import { useNotificationFeed, useUnreadCounts } from '../../feeds/feed-queries.ts';
import { LoadMore } from '../../feeds/load-more.tsx';
import { NotificationList } from '../../feeds/notification-list.tsx';
import { ConfirmButton } from '../../ui/confirm-button.tsx';
import { errorText } from '../../ui/error-text.ts';
import { QueryState } from '../../ui/page-states.tsx';
import '../../feeds/feeds.css';

/**
 * Every notification (`/me/notifications`), newest first, "Load more" for older ones; the unread
 * filter is in the URL (`?unread=true`) so a reload keeps it. New ones appear at the top live.
 */
export function Component() {
  const [params, setParams] = useSearchParams();
  const unreadOnly = params.get('unread') === 'true';
  const feed = useNotificationFeed({ unreadOnly });
  const counts = useUnreadCounts();
  const actions = useNotificationActions();
  const unread = counts?.notifications ?? 0;
  const showUnread = (only: boolean) => setParams(only ? { unread: 'true' } : {}, { replace: true });

  return (
    <main className="page page-feed">
      <div className="page-header">
        <h1>Notifications</h1>
        <div className="row">
          <fieldset className="row segmented" aria-label="Show">
            <button
              type="button"
              className="button button-small"
              aria-pressed={!unreadOnly}
              onClick={() => showUnread(false)}
            >
              All
            </button>
            <button
              type="button"
              className="button button-small"
              aria-pressed={unreadOnly}
              onClick={() => showUnread(true)}
            >
              Unread ({unread})
            </button>
          </fieldset>
          <button
            type="button"
            className="button button-small"
            disabled={unread === 0 || actions.busy}
            onClick={actions.markAllRead}
          >
            Mark all read
          </button>
          <ConfirmButton
            label="Clear all"
            question="Delete every notification?"
            confirmLabel="Delete all"
            disabled={actions.busy}
            onConfirm={actions.clearAll}
          />
        </div>
      </div>
      {actions.error ? (
        <p className="form-error" role="alert">
          {errorText(actions.error)}
        </p>
      ) : null}
      <section className="card feed-card" aria-label={unreadOnly ? 'Unread notifications' : 'All notifications'}>
        <QueryState
          query={feed}
          isEmpty={(data) => feedItems(data).length === 0}
          empty={unreadOnly ? 'Nothing unread. You are all caught up.' : 'No notifications yet.'}
        >
          {(data) => (
            <>
              <NotificationList notifications={feedItems(data)} actions={actions} />
              <LoadMore feed={feed} />
            </>
          )}
        </QueryState>
      </section>
    </main>
  );
}
