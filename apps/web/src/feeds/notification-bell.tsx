import { lazy, Suspense, useEffect, useId, useRef, useState } from 'react';
import { Loading } from '../ui/page-states.tsx';
import { useUnreadCounts } from './feed-queries.ts';
import { badgeText } from './unread-counts.ts';
import './feeds.css';

// Every page carries the shell, and a guest never opens the panel: only the badge is in the first download.
const NotificationPanel = lazy(() =>
  import('./notification-panel.tsx').then((module) => ({ default: module.NotificationPanel })),
);

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
      {open ? (
        <Suspense fallback={<Loading />}>
          <NotificationPanel id={panelId} onClose={() => setOpen(false)} />
        </Suspense>
      ) : null}
    </div>
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
