import { Link } from 'react-router';
import { ConfirmButton } from '../ui/confirm-button.tsx';
import { errorText } from '../ui/error-text.ts';
import { Empty, Failure, Loading } from '../ui/page-states.tsx';
import { useNotificationActions } from './feed-actions.ts';
import { feedItems } from './feed-pages.ts';
import { useNotificationFeed } from './feed-queries.ts';
import { NotificationList } from './notification-list.tsx';

/** How many of the latest the panel shows; the page has the rest. */
const panelSize = 8;

/** The bell's panel: the latest notifications and what can be done to them. Its own chunk, loaded when first opened. */
export function NotificationPanel({ id, onClose }: { id: string; onClose: () => void }) {
  const feed = useNotificationFeed({ pageSize: panelSize });
  const actions = useNotificationActions();
  const notifications = feedItems(feed.data).slice(0, panelSize);
  const any = notifications.length > 0;
  return (
    <section id={id} className="bell-panel card" aria-label="Notifications" data-testid="notification-panel">
      <header className="bell-panel-header">
        <h2>Notifications</h2>
        <div className="row">
          <button
            type="button"
            className="button button-small"
            disabled={!any || actions.busy}
            onClick={actions.markAllRead}
          >
            Mark all read
          </button>
          <ConfirmButton
            label="Clear all"
            question="Delete all?"
            confirmLabel="Delete all"
            disabled={!any || actions.busy}
            onConfirm={actions.clearAll}
          />
        </div>
      </header>
      {actions.error ? (
        <p className="form-error" role="alert">
          {errorText(actions.error)}
        </p>
      ) : null}
      <div className="bell-panel-list">
        {feed.isPending ? (
          <Loading />
        ) : feed.data === undefined ? (
          <Failure error={feed.error} retry={() => void feed.refetch()} />
        ) : any ? (
          <NotificationList notifications={notifications} actions={actions} onFollow={onClose} />
        ) : (
          <Empty>No notifications. You are all caught up.</Empty>
        )}
      </div>
      {/* Literal paths, as in the shell: importing `paths` would make the shell and the route table import each other. */}
      <footer className="bell-panel-footer">
        <Link to="/me/notifications" onClick={onClose}>
          See all notifications
        </Link>
        <Link to="/me/activity" onClick={onClose}>
          Your activity
        </Link>
      </footer>
    </section>
  );
}
