import { ApiError } from '@showfloor/client';
import { QueryClient } from '@tanstack/react-query';

/**
 * Retries only what retrying can fix: the service was unreachable or busy. A 4xx is an answer
 * (not found, not allowed, signed out) and is shown at once.
 */
export function createQueryClient(): QueryClient {
  return new QueryClient({
    defaultOptions: {
      queries: {
        staleTime: 10_000,
        refetchOnWindowFocus: false,
        retry: (failures, error) =>
          failures < 2 && (!(error instanceof ApiError) || error.status === undefined || error.status >= 500),
      },
      mutations: { retry: false },
    },
  });
}
