import { type SessionStatus, sessionStatusSchema } from '@showfloor/contracts/rest';
import { useSearchParams } from 'react-router';

/** Results per page of the search. */
export const searchPageSize = 12;

/** What the search shows, as the address bar holds it (`?q=…&status=…&category=…&page=…`). */
export interface DiscoverSearch {
  q: string;
  status: SessionStatus | undefined;
  category: string;
  /** 1-based. */
  page: number;
}

/**
 * The search lives in the URL, not in component state, so back/forward, a reload and a shared link
 * all show the same results. Whatever the address bar holds is read leniently: an unknown status
 * or a page that is not a positive number is simply left out.
 */
export function readDiscoverSearch(params: URLSearchParams): DiscoverSearch {
  const status = sessionStatusSchema.safeParse(params.get('status'));
  const page = Number(params.get('page'));
  return {
    q: params.get('q')?.trim() ?? '',
    status: status.success ? status.data : undefined,
    category: params.get('category')?.trim() ?? '',
    page: Number.isInteger(page) && page > 1 ? page : 1,
  };
}

/** The address bar's query for a search: only the filters that are set, page 1 left out. */
export function discoverSearchParams(search: DiscoverSearch): URLSearchParams {
  const params = new URLSearchParams();
  if (search.q) params.set('q', search.q);
  if (search.status) params.set('status', search.status);
  if (search.category) params.set('category', search.category);
  if (search.page > 1) params.set('page', String(search.page));
  return params;
}

export function isFiltered(search: DiscoverSearch): boolean {
  return search.q !== '' || search.status !== undefined || search.category !== '';
}

/** The current search and a way to change it; every change is a new history entry. */
export function useDiscoverSearch() {
  const [params, setParams] = useSearchParams();
  const search = readDiscoverSearch(params);
  return {
    search,
    setSearch: (next: DiscoverSearch) => setParams(discoverSearchParams(next)),
  };
}
