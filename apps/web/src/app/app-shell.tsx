import { displayNameOf, hasCreatorRole, isAdmin } from '@showfloor/contracts/rules';
import { Suspense } from 'react';
import { Link, NavLink, Outlet, useNavigate } from 'react-router';
import { NotificationBell } from '../feeds/notification-bell.tsx';
import { useFeedsLive } from '../feeds/use-feeds-live.ts';
import { actorOf } from '../platform/actor.ts';
import { useAuth } from '../platform/auth-context.tsx';
import { useRealtime } from '../platform/realtime-context.tsx';
import { Loading } from '../ui/page-states.tsx';

function LiveUpdatesBanner() {
  const { status } = useRealtime();
  if (status !== 'paused') return null;
  return (
    <div className="banner banner-warning" role="status" data-testid="live-updates-paused">
      Live updates paused — reconnecting to the live service. Everything else keeps working.
    </div>
  );
}

/** The signed-in user's notification and activity pushes, applied once for every page. */
function FeedsLive() {
  useFeedsLive();
  return null;
}

function AccountMenu() {
  const { state, user, signOut } = useAuth();
  const navigate = useNavigate();
  if (state.status === 'checking') return null;
  if (!user) {
    return (
      <nav className="account" aria-label="Account">
        <NavLink to="/sign-in">Sign in</NavLink>
        <NavLink to="/register" className="button button-small">
          Register
        </NavLink>
      </nav>
    );
  }
  return (
    <nav className="account" aria-label="Account">
      <FeedsLive />
      <NotificationBell />
      <span className="account-name" data-testid="signed-in-as">
        {displayNameOf(user)}
      </span>
      <button
        type="button"
        className="button button-small button-quiet"
        onClick={() => void signOut().finally(() => navigate('/'))}
      >
        Sign out
      </button>
    </nav>
  );
}

/** The frame around every page: the header with its navigation, the banner, the page. */
export function AppShell() {
  const { user } = useAuth();
  const creator = hasCreatorRole(actorOf(user));
  // Only admins may read the feature analytics and the visitors; anyone else who opens it is told "Not allowed".
  // (Paths are literal here as beside it: importing `paths` would make the shell and the route table import each other.)
  const admin = isAdmin(actorOf(user));
  const { status } = useRealtime();
  return (
    <>
      {/* `data-realtime` says whether live pushes can arrive (tests wait for it before sending one). */}
      <header className="app-header" data-realtime={status}>
        <Link to="/" className="brand">
          <span className="brand-dot" aria-hidden="true" /> Showfloor
        </Link>
        <nav className="main-nav" aria-label="Main">
          <NavLink to="/" end>
            Discover
          </NavLink>
          <NavLink to="/leaderboard">Leaderboard</NavLink>
          {user ? <NavLink to="/stats">My stats</NavLink> : null}
          {creator ? (
            <NavLink to="/studio" end>
              Studio
            </NavLink>
          ) : null}
          {creator ? <NavLink to="/studio/products">Products</NavLink> : null}
          {admin ? <NavLink to="/studio/feature-analytics">Feature analytics</NavLink> : null}
          {admin ? <NavLink to="/studio/visitors">Visitors</NavLink> : null}
          {/* The signed-in person's own pages, under /me (My stats sits beside Activity). */}
          {user ? <NavLink to="/me/activity">Activity</NavLink> : null}
        </nav>
        <AccountMenu />
      </header>
      <LiveUpdatesBanner />
      <Suspense fallback={<Loading />}>
        <Outlet />
      </Suspense>
    </>
  );
}
