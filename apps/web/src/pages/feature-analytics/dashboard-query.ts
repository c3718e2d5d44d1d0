import { featureAnalyticsQuerySchema } from '@showfloor/contracts/rest';
import { useSearchParams } from 'react-router';
import type { z } from 'zod';

/** What the page asks `GET /api/analytics` for: the contract's query, defaults filled, JSON. */
export type DashboardQuery = Omit<z.output<typeof featureAnalyticsQuerySchema>, 'format'>;

/** The query's fields the address bar carries, under the API's own names. */
const urlFields = ['start_date', 'end_date', 'age', 'gender', 'feature', 'tz', 'interval', 'compare'] as const;
type UrlField = (typeof urlFields)[number];

/** The reader's own time zone, the page's default (the API's is UTC). */
export function browserTimeZone(): string {
  const zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
  return featureAnalyticsQuerySchema.shape.tz.safeParse(zone).success ? zone : 'UTC';
}

/**
 * The query as the address bar holds it, read leniently: each field is checked with the
 * contract's own schema, and one that fails (an unknown band, a typo'd zone) is left to its
 * default rather than failing the page. No dates: the API's default range (the last 30 days).
 */
export function readDashboardQuery(params: URLSearchParams, defaultTimeZone: string): DashboardQuery {
  const picked: Partial<Record<UrlField, string>> = {};
  for (const field of urlFields) {
    const value = params.get(field);
    if (value !== null && value !== '' && featureAnalyticsQuerySchema.shape[field].safeParse(value).success) {
      picked[field] = value;
    }
  }
  const { format: _json, ...query } = featureAnalyticsQuerySchema.parse({ tz: defaultTimeZone, ...picked });
  return query;
}

/** A change to the address bar: a value sets its parameter, undefined removes it (back to the default). */
export type DashboardChange = { [F in UrlField]?: string | undefined };

/** The address bar's query after `change`; defaults are left out so a plain visit has a plain URL. */
export function changeDashboardParams(current: URLSearchParams, change: DashboardChange): URLSearchParams {
  const next = new URLSearchParams(current);
  for (const [field, value] of Object.entries(change)) {
    const isDefault =
      value === undefined ||
      value === '' ||
      ((field === 'age' || field === 'gender') && value === 'all') ||
      (field === 'interval' && value === 'day');
    if (isDefault) next.delete(field);
    else next.set(field, value);
  }
  return next;
}

/** The page's query and a way to change part of it; every change is a new history entry, so Back undoes it. */
export function useDashboardQuery(): [DashboardQuery, (change: DashboardChange) => void] {
  const [params, setParams] = useSearchParams();
  const query = readDashboardQuery(params, browserTimeZone());
  // Rendered at once rather than in the router's transition: a checkbox or select bound to the URL
  // would otherwise show its old value until a busy page got round to the navigation.
  const change = (next: DashboardChange) =>
    setParams((current) => changeDashboardParams(current, next), { flushSync: true });
  return [query, change];
}
