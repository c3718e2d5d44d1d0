import type { ApiClient } from '@showfloor/client';
import { restRoutes } from '@showfloor/contracts/rest';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useApi } from '../../platform/web-client-context.tsx';
import { type HistoryControls, historyApiQuery } from './history-query.ts';

/** Within a minute the same controls ask the same question (the range ends on the next whole minute). */
const minuteNow = () => Math.floor(Date.now() / 60_000) * 60_000;

export const visitorHistoryKeys = {
  timeseries: (controls: HistoryControls, minute: number) =>
    ['visitor-history', 'timeseries', controls, minute] as const,
  breakdown: (controls: HistoryControls, minute: number) => ['visitor-history', 'breakdown', controls, minute] as const,
};

/** Visitors, pageviews, sessions… per bucket of the range; a change of controls keeps the last chart until its own arrives. */
export function useVisitorTimeseries(controls: HistoryControls) {
  const api = useApi();
  const minute = minuteNow();
  return useQuery({
    queryKey: visitorHistoryKeys.timeseries(controls, minute),
    queryFn: async () =>
      (
        await api.visitorHistory.timeseries({
          query: { ...historyApiQuery(controls, minute), interval: controls.interval },
        })
      ).data,
    placeholderData: keepPreviousData,
  });
}

/** The same range by one dimension, most visitors first. */
export function useVisitorBreakdown(controls: HistoryControls) {
  const api = useApi();
  const minute = minuteNow();
  return useQuery({
    queryKey: visitorHistoryKeys.breakdown(controls, minute),
    queryFn: async () =>
      (
        await api.visitorHistory.breakdown({
          params: { dimension: controls.dimension },
          query: { ...historyApiQuery(controls, minute), limit: 10 },
        })
      ).data,
    placeholderData: keepPreviousData,
  });
}

/**
 * The timeseries as CSV (one row per bucket), saved as a file: fetched with the admin's token,
 * which a plain link could not send, and handed to the browser as a Blob URL.
 */
export async function downloadVisitorCsv(api: ApiClient, controls: HistoryControls): Promise<string> {
  const csv = await api.text(restRoutes.visitorHistory.timeseries, {
    query: { ...historyApiQuery(controls, Date.now()), interval: controls.interval, format: 'csv' },
  });
  const fileName = `visitors_${controls.range}_${controls.interval}.csv`;
  const url = URL.createObjectURL(new Blob([csv], { type: 'text/csv;charset=utf-8' }));
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  document.body.append(link);
  link.click();
  link.remove();
  // Revoking at once can cancel the download the click started (as feature analytics does).
  setTimeout(() => URL.revokeObjectURL(url), 30_000);
  return fileName;
}
