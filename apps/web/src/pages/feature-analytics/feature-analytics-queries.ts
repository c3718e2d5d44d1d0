import type { ApiClient } from '@showfloor/client';
import { restRoutes } from '@showfloor/contracts/rest';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useApi } from '../../platform/web-client-context.tsx';
import type { DashboardQuery } from './dashboard-query.ts';

export const featureAnalyticsKeys = {
  dashboard: (query: DashboardQuery) => ['feature-analytics', query] as const,
};

/** The dashboard's one read; a new filter keeps the last figures on screen until its own arrive. */
export function useFeatureAnalytics(query: DashboardQuery) {
  const api = useApi();
  return useQuery({
    queryKey: featureAnalyticsKeys.dashboard(query),
    queryFn: async () => (await api.featureAnalytics.dashboard({ query })).data,
    placeholderData: keepPreviousData,
  });
}

/**
 * The same query as CSV (one row per interval and feature), saved as a file. Fetched with the
 * caller's token, which a plain link could not send, and handed to the browser as a Blob URL.
 */
export async function downloadCsv(api: ApiClient, query: DashboardQuery, fileName: string): Promise<void> {
  const csv = await api.text(restRoutes.featureAnalytics.dashboard, { query: { ...query, format: 'csv' } });
  const url = URL.createObjectURL(new Blob([csv], { type: 'text/csv;charset=utf-8' }));
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  document.body.append(link);
  link.click();
  link.remove();
  // The browser reads the Blob URL asynchronously after the click; revoking it at once can cancel
  // the download (FileSaver.js waits 40 s for the same reason). Half a minute holds only the text.
  setTimeout(() => URL.revokeObjectURL(url), 30_000);
}
