import { Navigate, Outlet, useLocation } from 'react-router';
import { useAuth } from '../platform/auth-context.tsx';
import { Loading, signInPath } from '../ui/page-states.tsx';

/** Pages under it need someone signed in; a guest goes to sign in and comes back afterwards. */
export function RequireSignIn() {
  const { state } = useAuth();
  const location = useLocation();
  if (state.status === 'checking') return <Loading label="Checking your sign-in…" />;
  if (state.status === 'guest') return <Navigate to={signInPath(location.pathname + location.search)} replace />;
  return <Outlet />;
}
