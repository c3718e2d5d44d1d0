import {
  timeZoneSchema,
  type VisitorDimension,
  type VisitorFilter,
  type VisitorInterval,
  visitorDimensionSchema,
  visitorFilterOperatorSchema,
  visitorFiltersMax,
  visitorIntervalSchema,
  visitorRangeMaxHours,
} from '@showfloor/contracts/rest';

/*
 * The history section's controls as the address bar holds them (so a reload or a shared link shows
 * the same charts), and as the API's query: `filter=<dimension>:<operator>:<value>`, repeated.
 */

export const historyRanges = {
  '1h': { hours: 1, name: 'Last hour' },
  '24h': { hours: 24, name: 'Last 24 hours' },
  '7d': { hours: 7 * 24, name: 'Last 7 days' },
  '30d': { hours: 30 * 24, name: 'Last 30 days' },
} as const;
export type HistoryRange = keyof typeof historyRanges;
const rangeNames = Object.keys(historyRanges) as HistoryRange[];

export interface HistoryControls {
  range: HistoryRange;
  interval: VisitorInterval;
  tz: string;
  compare: boolean;
  /** The breakdown's dimension. */
  dimension: VisitorDimension;
  filters: VisitorFilter[];
}

/** The intervals a range may be counted in: the API's longest range per interval, and more than one bucket. */
export function intervalsFor(range: HistoryRange): VisitorInterval[] {
  const { hours } = historyRanges[range];
  return visitorIntervalSchema.options.filter(
    (interval) => hours <= visitorRangeMaxHours[interval] && (interval !== 'day' || hours > 24),
  );
}

/** A range's natural interval: minutes for an hour, hours for a day, days beyond. */
function defaultInterval(range: HistoryRange): VisitorInterval {
  const { hours } = historyRanges[range];
  return hours <= 1 ? 'minute' : hours <= 24 ? 'hour' : 'day';
}

export function filterParam(filter: VisitorFilter): string {
  return `${filter.dimension}:${filter.operator}:${filter.value}`;
}

/** A `filter` parameter as a filter, or null when it is not one (an old link, a typo). */
export function readFilterParam(text: string): VisitorFilter | null {
  const [dimension, operator] = text.split(':', 2);
  const value = text.slice((dimension?.length ?? 0) + (operator?.length ?? 0) + 2);
  const parsedDimension = visitorDimensionSchema.safeParse(dimension);
  const parsedOperator = visitorFilterOperatorSchema.safeParse(operator);
  if (!parsedDimension.success || !parsedOperator.success || value.trim() === '') return null;
  return { dimension: parsedDimension.data, operator: parsedOperator.data, value };
}

/** The controls from the address bar, leniently: anything unreadable is left to its default. */
export function readHistoryControls(params: URLSearchParams, defaultTimeZone: string): HistoryControls {
  const rangeText = params.get('range');
  const range = rangeNames.find((name) => name === rangeText) ?? '24h';
  const interval = visitorIntervalSchema.safeParse(params.get('interval'));
  const allowed = intervalsFor(range);
  const tz = timeZoneSchema.safeParse(params.get('tz'));
  const dimension = visitorDimensionSchema.safeParse(params.get('dimension'));
  const filters = params
    .getAll('filter')
    .map(readFilterParam)
    .filter((filter): filter is VisitorFilter => filter !== null)
    .slice(0, visitorFiltersMax);
  return {
    range,
    interval: interval.success && allowed.includes(interval.data) ? interval.data : defaultInterval(range),
    tz: tz.success ? tz.data : defaultTimeZone,
    compare: params.get('compare') === 'previous',
    dimension: dimension.success ? dimension.data : 'page',
    filters,
  };
}

/** The address bar for `controls`, defaults left out so a plain visit has a plain URL. */
export function historyControlsParams(controls: HistoryControls, defaultTimeZone: string): URLSearchParams {
  const params = new URLSearchParams();
  if (controls.range !== '24h') params.set('range', controls.range);
  if (controls.interval !== defaultInterval(controls.range)) params.set('interval', controls.interval);
  if (controls.tz !== defaultTimeZone) params.set('tz', controls.tz);
  if (controls.compare) params.set('compare', 'previous');
  if (controls.dimension !== 'page') params.set('dimension', controls.dimension);
  for (const filter of controls.filters) params.append('filter', filterParam(filter));
  return params;
}

/**
 * The API's query for the controls at `now`. The range ends at the next whole minute (this
 * minute's events included), so every read within a minute asks the same question (and is
 * answered from the same cache entry).
 */
export function historyApiQuery(controls: HistoryControls, now: number) {
  const to = (Math.floor(now / 60_000) + 1) * 60_000;
  const from = to - historyRanges[controls.range].hours * 3_600_000;
  return {
    from: new Date(from).toISOString(),
    to: new Date(to).toISOString(),
    tz: controls.tz,
    filter: controls.filters.map(filterParam),
    ...(controls.compare ? { compare: 'previous' as const } : {}),
  };
}
