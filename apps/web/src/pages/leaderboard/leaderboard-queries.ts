import type { LeaderboardPeriod, LeaderboardRole } from '@showfloor/contracts/rest';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useApi } from '../../platform/web-client-context.tsx';

export const leaderboardPageSize = 20;

export function useLeaderboard(role: LeaderboardRole, period: LeaderboardPeriod, offset: number) {
  const api = useApi();
  return useQuery({
    queryKey: ['leaderboard', role, period, offset],
    queryFn: () => api.engagementStats.leaderboard({ query: { role, period, limit: leaderboardPageSize, offset } }),
    placeholderData: keepPreviousData,
  });
}
