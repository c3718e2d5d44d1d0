import type { PlausibleEventBody, VisitorDevice, VisitorEventBody } from '@showfloor/contracts';

/** Site of `/api/events` events, which name none. */
export const defaultSite = 'default';

/** One event from either collector route, before identity and enrichment. */
export interface VisitorEventInput {
  name: string;
  site: string;
  /** The page's path (no query; the hash only in hash mode). */
  page: string;
  /** Referrer host, or null (direct, or the same site). */
  referrer: string | null;
  clientSessionId?: string | undefined;
  /** When the client says it happened (validated ISO), or undefined. */
  occurredAt?: string | undefined;
  country?: string | undefined;
  device?: VisitorDevice | undefined;
  engagedMs: number | null;
  interactive: boolean;
  props: Record<string, string | number | boolean | null> | null;
}

/** A path from a path or a URL; null when it is neither. */
export function pagePath(value: string, hashMode = false): string | null {
  if (value.startsWith('/')) {
    const path = hashMode ? value.split('?', 1)[0] : value.split(/[?#]/, 1)[0];
    return (path || '/').slice(0, 2_048);
  }
  if (!URL.canParse(value)) return `/${value.split(/[?#]/, 1)[0]}`.slice(0, 2_048);
  const url = new URL(value);
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return null;
  return `${url.pathname}${hashMode ? url.hash : ''}`.slice(0, 2_048) || '/';
}

/** The referrer's host without `www.`; null for none, an unreadable one, or `ownHost` (same-site navigation). */
export function referrerHost(value: string | null | undefined, ownHost?: string): string | null {
  if (!value) return null;
  const withScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(value) ? value : `https://${value}`;
  if (!URL.canParse(withScheme)) return null;
  const host = new URL(withScheme).hostname.toLowerCase().replace(/^www\./, '');
  if (host === '' || host === ownHost?.toLowerCase().replace(/^www\./, '')) return null;
  return host.slice(0, 253);
}

export function fromSeedBody(body: VisitorEventBody): VisitorEventInput {
  return {
    name: body.type,
    site: defaultSite,
    page: pagePath(body.page) ?? '/',
    referrer: referrerHost(body.metadata?.referrer),
    clientSessionId: body.session_id,
    occurredAt: body.timestamp,
    country: body.country,
    device: body.metadata?.device,
    engagedMs: null,
    interactive: true,
    props: null,
  };
}

/** Plausible's body, or null when it makes no event (no name, no readable URL): Plausible drops those too. */
export function fromPlausibleBody(body: PlausibleEventBody): VisitorEventInput | null {
  const name = body.n ?? body.name;
  const url = body.u ?? body.url;
  if (!name || !url || !URL.canParse(url)) return null;
  const parsedUrl = new URL(url);
  const hashMode = Boolean(body.h ?? body.hashMode);
  const page = pagePath(url, hashMode);
  if (page === null) return null;
  const domain = (body.d ?? body.domain ?? parsedUrl.hostname).trim().toLowerCase();
  const engagedMs = body.e ?? body.engagement_time;
  return {
    name: name.slice(0, 120),
    site: (domain || parsedUrl.hostname).slice(0, 253) || defaultSite,
    page,
    referrer: referrerHost(body.r ?? body.referrer, parsedUrl.hostname),
    engagedMs: name === 'engagement' && engagedMs !== undefined ? engagedMs : null,
    interactive: (body.i ?? body.interactive) !== false,
    props: flatProps(body.p ?? body.props),
  };
}

/** Custom properties as the history keeps them: at most 30, scalar values, strings cut to 500. */
export function flatProps(value: unknown): Record<string, string | number | boolean | null> | null {
  let props = value;
  if (typeof props === 'string') {
    try {
      props = JSON.parse(props);
    } catch {
      return null;
    }
  }
  if (typeof props !== 'object' || props === null || Array.isArray(props)) return null;
  const flat: Record<string, string | number | boolean | null> = {};
  for (const [key, item] of Object.entries(props).slice(0, 30)) {
    if (key.length === 0 || key.length > 64 || key.includes('\u0000')) continue;
    if (typeof item === 'string') flat[key] = item.replaceAll('\u0000', '').slice(0, 500);
    else if ((typeof item === 'number' && Number.isFinite(item)) || typeof item === 'boolean' || item === null)
      flat[key] = item;
  }
  return Object.keys(flat).length > 0 ? flat : null;
}
