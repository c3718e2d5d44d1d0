import { useEffect, useId, useRef, useState } from 'react';
import { Link } from 'react-router';
import { ConfirmButton } from '../ui/confirm-button.tsx';
import { errorText } from '../ui/error-text.ts';
import { Empty, Failure, Loading } from '../ui/page-states.tsx';
import { useNotificationActions } from './feed-actions.ts';
import { feedItems } from './feed-pages.ts';
import { useNotificationFeed, useUnreadCounts } from './feed-queries.ts';
import { NotificationList } from './notification-list.tsx';
import { badgeText } from './unread-counts.ts';
import './feeds.css';

/** How many of the latest the panel shows; the page has the rest. */
const panelSize = 8;

/** The header's bell: the unread badge (the same in every tab) and a panel of the latest notifications. */
export function NotificationBell() {
  const counts = useUnreadCounts();
  const [open, setOpen] = useState(false);
  const frame = useRef<HTMLDivElement>(null);
  const panelId = useId();
  const unread = counts?.notifications ?? 0;
  const badge = badgeText(unread);

  // A click anywhere else or Escape closes the panel, as any menu does.
  useEffect(() => {
    if (!open) return;
    const onPointer = (event: PointerEvent) => {
      if (!frame.current?.contains(event.target as Node)) setOpen(false);
    };
    const onKey = (event: KeyboardEvent) => {
      if (event.key === 'Escape') setOpen(false);
    };
    document.addEventListener('pointerdown', onPointer);
    document.addEventListener('keydown', onKey);
    return () => {
      document.removeEventListener('pointerdown', onPointer);
      document.removeEventListener('keydown', onKey);
    };
  }, [open]);

  return (
    <div className="bell" ref={frame}>
      <button
        type="button"
        className="bell-button"
        data-testid="notification-bell"
        aria-label={unread > 0 ? `Notifications, ${unread} unread` : 'Notifications'}
        aria-expanded={open}
        aria-controls={panelId}
        onClick={() => setOpen((was) => !was)}
      >
        <BellIcon />
        {badge ? (
          <span className="bell-badge" data-testid="notification-badge">
            {badge}
          </span>
        ) : null}
      </button>
      {open ? <NotificationPanel id={panelId} onClose={() => setOpen(false)} /> : null}
    </div>
  );
}

function NotificationPanel({ id, onClose }: { id: string; onClose: () => void }) {
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

function BellIcon() {
  return (
    <svg viewBox="0 0 24 24" width="22" height="22" aria-hidden="true" focusable="false">
      <path
        fill="currentColor"
        d="M12 22a2.5 2.5 0 0 0 2.45-2h-4.9A2.5 2.5 0 0 0 12 22Zm7-6V11a7 7 0 0 0-5.5-6.84V3.5a1.5 1.5 0 0 0-3 0v.66A7 7 0 0 0 5 11v5l-2 2v1h18v-1Z"
      />
    </svg>
  );
}
