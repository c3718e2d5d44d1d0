import { ApiError } from '@showfloor/client';
import type { ReactNode } from 'react';
import { Link, Navigate, useLocation } from 'react-router';
import { errorText } from './error-text.ts';

export function Loading({ label = 'Loading…' }: { label?: string }) {
  return (
    <div className="state state-loading" role="status" aria-live="polite">
      <span className="spinner" aria-hidden="true" />
      {label}
    </div>
  );
}

export function Empty({ children }: { children: ReactNode }) {
  return <div className="state state-empty">{children}</div>;
}

/** The sign-in page, remembering where to come back to. */
export function signInPath(from: string): string {
  return `/sign-in?next=${encodeURIComponent(from)}`;
}

/**
 * A failed load, said for people: an ended session sends you to sign in, a 403 says you are not
 * allowed, anything else offers to try again.
 */
export function Failure({ error, retry }: { error: unknown; retry?: () => void }) {
  const location = useLocation();
  if (error instanceof ApiError && error.status === 401) {
    return <Navigate to={signInPath(location.pathname + location.search)} replace />;
  }
  const forbidden = error instanceof ApiError && error.status === 403;
  return (
    <div className={`state state-error${forbidden ? ' state-forbidden' : ''}`} role="alert">
      <strong>{forbidden ? 'Not allowed' : 'Could not load this'}</strong>
      <p>{errorText(error)}</p>
      {forbidden ? (
        <Link to="/">Back to Discover</Link>
      ) : retry ? (
        <button type="button" className="button" onClick={retry}>
          Try again
        </button>
      ) : null}
    </div>
  );
}

interface QueryLike<T> {
  data: T | undefined;
  error: unknown;
  isPending: boolean;
  refetch: () => unknown;
}

/** Renders a query's loading, error and (optionally) empty states, and `children` with its data. */
export function QueryState<T>({
  query,
  isEmpty,
  empty,
  children,
}: {
  query: QueryLike<T>;
  isEmpty?: (data: T) => boolean;
  empty?: ReactNode;
  children: (data: T) => ReactNode;
}) {
  if (query.isPending) return <Loading />;
  if (query.data === undefined) return <Failure error={query.error} retry={() => void query.refetch()} />;
  if (isEmpty?.(query.data)) return <Empty>{empty ?? 'Nothing here yet.'}</Empty>;
  return <>{children(query.data)}</>;
}
