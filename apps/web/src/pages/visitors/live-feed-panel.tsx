import { Empty } from '../../ui/page-states.tsx';
import type { FeedItem } from './live-visitors-state.ts';

const clock = new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit', second: '2-digit' });

/** Pageviews (and custom events) as the collector takes them, newest first. */
export function LiveFeedPanel({ feed }: { feed: FeedItem[] }) {
  return (
    <section className="card stack" aria-labelledby="visitors-feed-heading">
      <h2 id="visitors-feed-heading">Live pageviews</h2>
      {feed.length === 0 ? (
        <Empty>No pageviews since this page opened. They appear here as they happen.</Empty>
      ) : (
        <ol className="visitors-feed" data-testid="visitor-feed">
          {feed.map(({ key, event }) => (
            <li key={key}>
              <time dateTime={event.timestamp} className="muted small">
                {clock.format(new Date(event.timestamp))}
              </time>{' '}
              {event.type === 'pageview' ? null : <span className="badge">{event.type}</span>} <code>{event.page}</code>
              <span className="muted small">
                {' '}
                {[event.country, event.device, event.browser, event.referrer ? `from ${event.referrer}` : null]
                  .filter(Boolean)
                  .join(' · ')}
              </span>
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}
