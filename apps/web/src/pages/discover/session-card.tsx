import type { LiveSessionView, PublicSessionView } from '@showfloor/contracts/rest';
import { Link } from 'react-router';
import { paths } from '../../app/route-table.tsx';

const statusLabel: Record<PublicSessionView['status'], string> = {
  live: 'Live',
  paused: 'Paused',
  scheduled: 'Upcoming',
  ended: 'Ended',
};

/** A session as a card shows it: the live and trending lists also say how many watch it now. */
export type CardSession = PublicSessionView & Partial<Pick<LiveSessionView, 'watchingNow'>>;

/** How many watch right now, as the live or trending list answered it. */
function WatchingNow({ count }: { count: number }) {
  return (
    <span className="session-card-viewers" data-testid="card-watching" title="Viewers watching right now">
      <span aria-hidden="true">👁 </span>
      {count} watching
    </span>
  );
}

function when(session: PublicSessionView): string {
  const at = session.startedAt ?? session.createdAt;
  const label = session.status === 'scheduled' ? 'Planned' : session.status === 'ended' ? 'Aired' : 'Since';
  return `${label} ${at.toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' })}`;
}

/** One session in a list: what it is, whether it is on air, and a link into its room. */
export function SessionCard({ session }: { session: CardSession }) {
  return (
    <Link to={paths.liveRoom(session.id)} className="card card-link session-card" data-testid="session-card">
      <span className="row">
        <span className={`badge badge-${session.status}`}>{statusLabel[session.status]}</span>
        {session.category ? <span className="muted small">{session.category}</span> : null}
      </span>
      <strong className="session-card-title">{session.title}</strong>
      {session.description ? <span className="session-card-description muted small">{session.description}</span> : null}
      <span className="row small muted">
        <span>{when(session)}</span>
        {/* Null (the API could not read the realtime service) or absent (other lists): no count rather than a guess. */}
        {typeof session.watchingNow === 'number' ? <WatchingNow count={session.watchingNow} /> : null}
      </span>
      {session.tags.length > 0 ? (
        <span className="row session-card-tags">
          {session.tags.map((tag) => (
            <span key={tag} className="tag">
              #{tag}
            </span>
          ))}
        </span>
      ) : null}
    </Link>
  );
}
