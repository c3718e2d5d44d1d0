import { ApiError } from '@showfloor/client';
import type { SessionDetailView } from '@showfloor/contracts/rest';
import { canManage } from '@showfloor/contracts/rules';
import { Link, useParams } from 'react-router';
import { paths } from '../../app/route-table.tsx';
import { useLiveSession } from '../../live/session-query.ts';
import { actorOf } from '../../platform/actor.ts';
import { useAuth } from '../../platform/auth-context.tsx';
import { useRoom } from '../../platform/use-room.ts';
import { Failure, QueryState } from '../../ui/page-states.tsx';
import { AnalyticsToggle } from './analytics-toggle.tsx';
import { ChatModerationPanel } from './chat-moderation-panel.tsx';
import { AudiencePanel, ClickStatsPanel } from './live-figures-panels.tsx';
import { SessionProductsPanel } from './session-products-panel.tsx';
import { StreamControls } from './stream-controls.tsx';
import { WatchingNowPanel } from './watching-now-panel.tsx';
import './creator-console.css';

// Shown as the API's own 403 would be; every call this console makes is refused for them anyway.
const notYours = new ApiError('forbidden', 'Only the session creator or an admin can run its console', { status: 403 });

/** The creator console of one session (`/studio/sessions/:sessionId`): for its creator or an admin. */
export function Component() {
  const { sessionId = '' } = useParams();
  const { user } = useAuth();
  const session = useLiveSession(sessionId);
  return (
    <main className="page console">
      <QueryState query={session}>
        {(loaded) =>
          // The same rule the API enforces on every call this page makes; it answers 403 anyway.
          canManage(actorOf(user), { session: loaded }) ? (
            <CreatorConsole session={loaded} />
          ) : (
            <>
              <Failure error={notYours} />
              <p className="muted">Only the creator of this session, or an admin, can run its console.</p>
            </>
          )
        }
      </QueryState>
    </main>
  );
}

function CreatorConsole({ session }: { session: SessionDetailView }) {
  // In the room as its publisher: the room's events reach the page, and the creator is no viewer.
  const room = useRoom(session.id);
  return (
    <>
      <header className="page-header">
        <div>
          <p className="muted small console-kicker">Creator console</p>
          <h1>{session.title}</h1>
        </div>
        <nav className="row" aria-label="Session pages">
          <Link className="button button-small" to={paths.liveRoom(session.id)}>
            Open the viewers’ room
          </Link>
          <Link className="button button-small" to={paths.sessionAnalytics(session.id)}>
            Session analytics
          </Link>
        </nav>
      </header>
      <section className="card console-controls" aria-label="Stream">
        <StreamControls session={session} />
        <AnalyticsToggle session={session} />
      </section>
      <div className="columns console-columns">
        <div className="stack">
          <AudiencePanel session={session} room={room} />
          <ClickStatsPanel session={session} />
          <SessionProductsPanel session={session} />
        </div>
        <div className="stack">
          <WatchingNowPanel session={session} />
          <ChatModerationPanel session={session} room={room} />
        </div>
      </div>
    </>
  );
}
