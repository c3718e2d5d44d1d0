import type { ReactNode } from 'react';
import { Link } from 'react-router';
import { feedLink } from './feed-link.ts';
import { timeAgo } from './time-ago.ts';

/**
 * One notification or activity as every list shows it: unread mark, title (a link to its page when
 * `data.link` names one; following it marks the item read), text, time, type and the row's buttons.
 */
export function FeedItem({
  title,
  text,
  type,
  data,
  readAt,
  createdAt,
  now,
  testId,
  onMarkRead,
  onDelete,
  onFollow,
}: {
  title: string;
  text: string | null;
  type: string;
  data: Record<string, unknown>;
  readAt: Date | null;
  createdAt: Date;
  now: Date;
  testId: string;
  onMarkRead: () => void;
  onDelete: () => void;
  /** Besides marking it read: the bell closes its panel. */
  onFollow?: () => void;
}) {
  const link = feedLink(data);
  const unread = readAt === null;
  const follow = () => {
    onMarkRead();
    onFollow?.();
  };
  let heading: ReactNode = <span className="feed-item-title">{title}</span>;
  if (link) {
    heading = (
      <Link to={link} className="feed-item-title" onClick={follow}>
        {title}
      </Link>
    );
  }
  return (
    <li className={`feed-item${unread ? ' feed-item-unread' : ''}`} data-testid={testId} data-unread={unread}>
      <span className="feed-item-dot" aria-hidden="true" />
      <div className="feed-item-body">
        <div className="feed-item-head">
          {heading}
          {unread ? <span className="feed-item-state">Unread</span> : null}
        </div>
        {text ? <p className="feed-item-text">{text}</p> : null}
        <p className="feed-item-meta">
          <time dateTime={createdAt.toISOString()} title={createdAt.toLocaleString()}>
            {timeAgo(createdAt, now)}
          </time>{' '}
          · <span className="feed-item-type">{type.replaceAll('_', ' ')}</span>
        </p>
      </div>
      <div className="feed-item-actions">
        {unread ? (
          <button
            type="button"
            className="button button-small"
            onClick={onMarkRead}
            aria-label={`Mark “${title}” read`}
          >
            Mark read
          </button>
        ) : null}
        <button
          type="button"
          className="button button-small button-quiet"
          onClick={onDelete}
          aria-label={`Delete “${title}”`}
        >
          Delete
        </button>
      </div>
    </li>
  );
}
