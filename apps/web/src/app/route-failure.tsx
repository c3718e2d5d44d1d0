import { isRouteErrorResponse, Link, useRouteError } from 'react-router';

/**
 * A page that failed to render or to load its chunk (a deploy replaced it): say so, and offer a
 * reload rather than a blank screen.
 */
export function RouteFailure() {
  const error = useRouteError();
  const notFound = isRouteErrorResponse(error) && error.status === 404;
  return (
    <main className="page">
      <div className="state state-error" role="alert">
        <strong>{notFound ? 'Page not found' : 'This page failed to load'}</strong>
        <p>{notFound ? 'There is nothing at this address.' : 'Reload to get the latest version of Showfloor.'}</p>
        <p>
          <button type="button" className="button" onClick={() => window.location.reload()}>
            Reload
          </button>{' '}
          <Link to="/">Discover</Link>
        </p>
      </div>
    </main>
  );
}
