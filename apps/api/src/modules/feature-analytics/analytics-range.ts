import { featureAnalyticsMaxRangeDays, type LineChartInterval, ValidationError } from '@showfloor/contracts';

/*
 * The calendar days a dashboard request covers, in its time zone: both ends inclusive. Dates are
 * 'YYYY-MM-DD' strings throughout; arithmetic on them is done at UTC midnight, where no zone's
 * daylight saving can shift a day.
 */

export interface AnalyticsRange {
  start: string;
  end: string;
  timeZone: string;
  days: number;
}

/** Seed 004's default range: 30 days back from today. */
export const defaultRangeDays = 30;

const dayMs = 86_400_000;

export function addDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * dayMs).toISOString().slice(0, 10);
}

function daysBetween(start: string, end: string): number {
  return Math.round((Date.parse(`${end}T00:00:00Z`) - Date.parse(`${start}T00:00:00Z`)) / dayMs);
}

/** The calendar date of an instant in a zone. */
export function dateIn(instant: Date, timeZone: string): string {
  // en-CA formats as YYYY-MM-DD.
  return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(
    instant,
  );
}

function dateOf(value: string, timeZone: string): string {
  return /^\d{4}-\d{2}-\d{2}$/.test(value) ? value : dateIn(new Date(value), timeZone);
}

export function resolveRange(
  query: { start_date?: string | undefined; end_date?: string | undefined; tz: string },
  now: Date,
): AnalyticsRange {
  const end = query.end_date === undefined ? dateIn(now, query.tz) : dateOf(query.end_date, query.tz);
  const start = query.start_date === undefined ? addDays(end, -defaultRangeDays) : dateOf(query.start_date, query.tz);
  const days = daysBetween(start, end) + 1;
  if (days < 1) {
    throw new ValidationError('start_date must not be after end_date', [
      { field: 'start_date', message: `must not be after end_date (${end})` },
    ]);
  }
  if (days > featureAnalyticsMaxRangeDays) {
    throw new ValidationError(
      `start_date is ${days - 1} days before end_date; a range is at most ${featureAnalyticsMaxRangeDays} days`,
      [
        {
          field: 'start_date',
          message: `must be at most ${featureAnalyticsMaxRangeDays - 1} days before end_date (${end})`,
        },
      ],
    );
  }
  return { start, end, timeZone: query.tz, days };
}

/** The period of equal length that ends the day before `range` starts. */
export function previousRange(range: AnalyticsRange): AnalyticsRange {
  return { ...range, start: addDays(range.start, -range.days), end: addDays(range.start, -1) };
}

/** The first day of the interval holding `date`: itself, its ISO week's Monday, or the 1st of its month. */
export function intervalStart(date: string, interval: LineChartInterval): string {
  if (interval === 'day') return date;
  if (interval === 'month') return `${date.slice(0, 8)}01`;
  const weekday = new Date(`${date}T00:00:00Z`).getUTCDay();
  return addDays(date, -((weekday + 6) % 7));
}

/** Every interval of the range, in order, each labelled by its first day (the first one may start before the range). */
export function intervalsOf(range: AnalyticsRange, interval: LineChartInterval): string[] {
  const labels: string[] = [];
  for (let day = 0; day < range.days; day += 1) {
    const label = intervalStart(addDays(range.start, day), interval);
    if (labels.at(-1) !== label) labels.push(label);
  }
  return labels;
}
