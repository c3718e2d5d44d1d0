import type { RestRoute } from '@showfloor/contracts/rest';

type QueryValue = string | number | boolean | Date | null | undefined;

/**
 * The URL of one call: `:name` segments filled (each value percent-encoded, so an id can never
 * reach another path), then the query in the order given. `undefined` and `null` values are left
 * out, numbers and booleans are written as text, dates as ISO 8601, arrays as repeated keys.
 * `baseUrl` '' gives a same-origin path, for a page served beside the API.
 */
export function buildRequestUrl(
  baseUrl: string,
  route: Pick<RestRoute, 'id' | 'path'>,
  params: Readonly<Record<string, string>> | undefined,
  query: Readonly<Record<string, QueryValue | readonly QueryValue[]>> | undefined,
): string {
  const path = route.path.replace(/:(\w+)/g, (_segment, name: string) => {
    const value = params?.[name];
    if (value === undefined || value === '') throw new TypeError(`${route.id}: path parameter "${name}" is missing`);
    return encodeURIComponent(value);
  });
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(query ?? {})) {
    for (const item of Array.isArray(value) ? value : [value]) {
      if (item === undefined || item === null) continue;
      search.append(key, item instanceof Date ? item.toISOString() : String(item));
    }
  }
  const queryString = search.toString();
  return `${baseUrl.replace(/\/+$/, '')}${path}${queryString ? `?${queryString}` : ''}`;
}
