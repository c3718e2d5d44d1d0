import type { UserView } from '@showfloor/contracts/rest';
import { hasCreatorRole } from '@showfloor/contracts/rules';
import { Link } from 'react-router';
import { paths } from '../../app/route-table.tsx';
import { actorOf } from '../../platform/actor.ts';
import { useAuth } from '../../platform/auth-context.tsx';
import { QueryState } from '../../ui/page-states.tsx';
import { useCreatorAnalytics } from './creator-dashboard-queries.ts';
import { CreatorSessionsPanel } from './creator-sessions-panel.tsx';
import { CreatorTotals } from './creator-totals.tsx';
import { NewSessionForm } from './new-session-form.tsx';
import { SessionsOverTimePanel } from './sessions-over-time-panel.tsx';

/** The studio's front page: a creator's figures over every session, their sessions, and a new one. */
export function Component() {
  const { user } = useAuth();
  // RequireSignIn lets only signed-in people through; the check keeps the types honest.
  if (!user) return null;
  if (!hasCreatorRole(actorOf(user))) return <NotACreator />;
  return <CreatorDashboard user={user} />;
}

function CreatorDashboard({ user }: { user: UserView }) {
  const analytics = useCreatorAnalytics(user.id);
  return (
    <main className="page stack">
      <header className="page-header">
        <h1>Studio</h1>
        <Link className="button" to={paths.products()}>
          Your products
        </Link>
      </header>
      <QueryState query={analytics}>
        {(data) => (
          <>
            <CreatorTotals analytics={data} />
            <SessionsOverTimePanel days={data.sessionsOverTime} />
          </>
        )}
      </QueryState>
      <div className="columns">
        <CreatorSessionsPanel creatorId={user.id} />
        <NewSessionForm creatorId={user.id} />
      </div>
    </main>
  );
}

/** Watching and shopping accounts have no studio: say why, and where to go instead. */
function NotACreator() {
  return (
    <main className="page page-narrow">
      <div className="card state" data-testid="not-a-creator">
        <strong>The studio is for creators</strong>
        <p>
          Creators run live sessions, sell their products and see their analytics here. Your account is for watching and
          shopping. Register a creator account to stream, or ask an admin to make this one a creator.
        </p>
        <p>
          <Link to={paths.discover()}>Find a live session to watch</Link>
        </p>
      </div>
    </main>
  );
}
