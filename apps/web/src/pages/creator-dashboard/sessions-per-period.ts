import type { SessionsOnDay } from '@showfloor/contracts/rest';

const dayMs = 86_400_000;
/** Up to about three months the chart has a bar per day; beyond, a bar per month stays readable. */
export const maxDailyBars = 92;

export interface SessionsInPeriod {
  /** `YYYY-MM-DD` for a day, `YYYY-MM` for a month (UTC, as the API counts). */
  period: string;
  count: number;
}

/**
 * The API's days with sessions, as bars over time: the days in between filled with zeros (a gap
 * in the chart should read as "none that day", not vanish), or summed per month when the days
 * span longer than `maxDailyBars`.
 */
export function sessionsPerPeriod(days: readonly SessionsOnDay[]): {
  unit: 'day' | 'month';
  periods: SessionsInPeriod[];
} {
  const first = days[0];
  const last = days.at(-1);
  if (!first || !last) return { unit: 'day', periods: [] };
  const start = Date.parse(`${first.date}T00:00:00Z`);
  const span = Math.round((Date.parse(`${last.date}T00:00:00Z`) - start) / dayMs) + 1;

  if (span > maxDailyBars) {
    const months = new Map<string, number>();
    for (const { date, count } of days) months.set(date.slice(0, 7), (months.get(date.slice(0, 7)) ?? 0) + count);
    const periods: SessionsInPeriod[] = [];
    const cursor = new Date(`${first.date.slice(0, 7)}-01T00:00:00Z`);
    const lastMonth = last.date.slice(0, 7);
    for (;;) {
      const month = cursor.toISOString().slice(0, 7);
      periods.push({ period: month, count: months.get(month) ?? 0 });
      if (month === lastMonth) break;
      cursor.setUTCMonth(cursor.getUTCMonth() + 1);
    }
    return { unit: 'month', periods };
  }

  const byDay = new Map(days.map(({ date, count }) => [date, count]));
  const periods = Array.from({ length: span }, (_, index) => {
    const period = new Date(start + index * dayMs).toISOString().slice(0, 10);
    return { period, count: byDay.get(period) ?? 0 };
  });
  return { unit: 'day', periods };
}
