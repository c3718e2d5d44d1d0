import type { ChartLabel } from './chart-series.ts';

const dayMs = 86_400_000;

/** Clock times alone while a series stays within one day; with the date once it spans more. */
export function timeFormatFor(first: number, last: number): Intl.DateTimeFormat {
  const withDate = last - first >= dayMs || new Date(first).toDateString() !== new Date(last).toDateString();
  return new Intl.DateTimeFormat(undefined, {
    ...(withDate ? { day: 'numeric', month: 'short' } : {}),
    hour: '2-digit',
    minute: '2-digit',
  });
}

/**
 * Axis labels for points in time, in the reader's time zone, each keeping its exact ISO time
 * (for the data table, and for a line chart to place it on a time axis).
 */
export function timeLabels(times: readonly Date[]): ChartLabel[] {
  const format = timeFormatFor(times[0]?.getTime() ?? 0, times.at(-1)?.getTime() ?? 0);
  return times.map((time) => ({ text: format.format(time), dateTime: time.toISOString() }));
}

/**
 * A calendar day (`YYYY-MM-DD`) or month (`YYYY-MM`) as the API counts it, in UTC: formatted in
 * UTC too, so a day never shifts to its neighbour in the reader's time zone.
 */
export function calendarLabel(period: string): ChartLabel {
  const isMonth = period.length === 7;
  const date = new Date(`${isMonth ? `${period}-01` : period}T00:00:00Z`);
  const format = new Intl.DateTimeFormat(undefined, {
    timeZone: 'UTC',
    ...(isMonth ? { month: 'short', year: 'numeric' } : { day: 'numeric', month: 'short', year: 'numeric' }),
  });
  return { text: format.format(date), dateTime: period };
}
