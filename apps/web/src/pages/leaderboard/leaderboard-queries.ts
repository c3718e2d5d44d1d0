import type { LeaderboardPeriod, LeaderboardRole } from '@showfloor/contracts/rest';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useAuth } from '../../platform/auth-context.tsx';
import { useApi } from '../../platform/web-client-context.tsx';

export const leaderboardPageSize = 20;

/**
 * The board as the caller sees it: its `me` is the caller's place, so it is read once the sign-in
 * check is over (a read while still checking goes out anonymously and has no `me`) and again for
 * whoever signs in or out.
 */
export function useLeaderboard(role: LeaderboardRole, period: LeaderboardPeriod, offset: number) {
  const api = useApi();
  const { state } = useAuth();
  return useQuery({
    queryKey: ['leaderboard', state.user?.id ?? null, role, period, offset],
    queryFn: () => api.engagementStats.leaderboard({ query: { role, period, limit: leaderboardPageSize, offset } }),
    enabled: state.status !== 'checking',
    placeholderData: keepPreviousData,
  });
}
