import type { SessionDetailView, SessionStatus } from '@showfloor/contracts/rest';
import { displayNameOf } from '@showfloor/contracts/rules';

const statusLabel: Record<SessionStatus, string> = {
  live: 'Live',
  paused: 'Paused',
  ended: 'Ended',
  scheduled: 'Scheduled',
};

/** The session's title, its creator, its status and how many are watching right now. */
export function RoomHeader({ session, viewers }: { session: SessionDetailView; viewers: number | null }) {
  return (
    <header className="page-header room-header">
      <div>
        <h1>{session.title}</h1>
        <p className="muted small">
          by {displayNameOf(session.creator)}
          {session.category ? ` · ${session.category}` : ''}
        </p>
      </div>
      <div className="row">
        <span className={`badge badge-${session.status}`} data-testid="session-status">
          {statusLabel[session.status]}
        </span>
        {session.status === 'ended' ? null : (
          <span
            className="room-viewers"
            data-testid="viewer-count"
            title={viewers === null ? 'Live updates are paused' : 'Watching right now'}
          >
            <span aria-hidden="true">👁 </span>
            {viewers === null ? '—' : viewers} watching
          </span>
        )}
      </div>
    </header>
  );
}
