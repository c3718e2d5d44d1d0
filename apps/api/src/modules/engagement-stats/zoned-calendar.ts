const dayMs = 86_400_000;
const formatters = new Map<string, Intl.DateTimeFormat>();

/** The calendar date (`YYYY-MM-DD`) it is in `timeZone` at `instant`. */
export function localDate(instant: number, timeZone: string): string {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    // en-CA writes dates as YYYY-MM-DD.
    formatter = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' });
    formatters.set(timeZone, formatter);
  }
  return formatter.format(instant);
}

/** `date` moved by `days` calendar days (no zone: a date is a date). */
export function addDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * dayMs).toISOString().slice(0, 10);
}

/** The Monday of `date`'s week (ISO weeks start on Monday, as PostgreSQL's date_trunc('week') does). */
export function mondayOf(date: string): string {
  const weekday = new Date(`${date}T00:00:00Z`).getUTCDay();
  return addDays(date, -((weekday + 6) % 7));
}

/** 00:00 UTC of the Monday this week began on, or of the 1st of this month: the leaderboard's periods. */
export function utcPeriodStart(instant: number, period: 'week' | 'month'): Date {
  const today = new Date(instant).toISOString().slice(0, 10);
  const start = period === 'week' ? mondayOf(today) : `${today.slice(0, 8)}01`;
  return new Date(`${start}T00:00:00Z`);
}
