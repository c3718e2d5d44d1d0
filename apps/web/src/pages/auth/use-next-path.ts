import { useSearchParams } from 'react-router';

/** Where to go after signing in: the page that sent you here, never another site. */
export function useNextPath(): string {
  const [params] = useSearchParams();
  const next = params.get('next');
  return next?.startsWith('/') && !next.startsWith('//') ? next : '/';
}
