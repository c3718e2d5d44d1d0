/*
 * Node's fetch keeps no cookies; a browser does. This is the part of a browser's cookie handling the
 * refresh-token cookie relies on, so a client test can run in Node against the real API:
 * - a Set-Cookie is stored per name and Path; `Max-Age=0` (or an Expires in the past) deletes it;
 * - a request carries the cookies whose Path matches its path (RFC 6265 5.1.4), Secure ones only
 *   over https;
 * - `credentials: 'omit'` neither sends nor stores cookies (what fetch does in a browser).
 * SameSite is not modelled: the tests' pages and the API are one origin.
 */

interface StoredCookie {
  name: string;
  value: string;
  path: string;
  secure: boolean;
  httpOnly: boolean;
  expiresAt: number | undefined;
}

export interface SentRequest {
  method: string;
  path: string;
  credentials: RequestInit['credentials'];
  /** The Cookie header this request carried, if any. */
  cookie: string | undefined;
  body: string | undefined;
}

export interface CookieJarFetch {
  fetch: typeof fetch;
  /** Every request sent through `fetch`, in order. */
  readonly sent: SentRequest[];
  /** The value of a stored cookie, or undefined. */
  valueOf(name: string): string | undefined;
  attributesOf(name: string): Omit<StoredCookie, 'name' | 'value'> | undefined;
}

function pathMatches(requestPath: string, cookiePath: string): boolean {
  if (requestPath === cookiePath) return true;
  if (!requestPath.startsWith(cookiePath)) return false;
  return cookiePath.endsWith('/') || requestPath[cookiePath.length] === '/';
}

function parseSetCookie(header: string, now: number): StoredCookie {
  const [pair = '', ...parts] = header.split(';').map((part) => part.trim());
  const equals = pair.indexOf('=');
  const cookie: StoredCookie = {
    name: pair.slice(0, equals),
    value: pair.slice(equals + 1),
    path: '/',
    secure: false,
    httpOnly: false,
    expiresAt: undefined,
  };
  for (const part of parts) {
    const [rawKey = '', ...rest] = part.split('=');
    const key = rawKey.toLowerCase();
    const value = rest.join('=');
    if (key === 'path') cookie.path = value;
    else if (key === 'secure') cookie.secure = true;
    else if (key === 'httponly') cookie.httpOnly = true;
    // Max-Age wins over Expires (RFC 6265 5.3 step 3).
    else if (key === 'max-age') cookie.expiresAt = now + Number(value) * 1_000;
    else if (key === 'expires' && !parts.some((other) => other.toLowerCase().startsWith('max-age=')))
      cookie.expiresAt = Date.parse(value);
  }
  return cookie;
}

export function cookieJarFetch(): CookieJarFetch {
  const jar = new Map<string, StoredCookie>();
  const sent: SentRequest[] = [];
  const live = (now: number) =>
    [...jar.values()].filter((cookie) => cookie.expiresAt === undefined || cookie.expiresAt > now);

  const jarFetch: typeof fetch = async (input, init = {}) => {
    const url = new URL(input instanceof Request ? input.url : String(input));
    const credentials = init.credentials;
    // A same-origin request is all these tests make, so 'same-origin' and 'include' both send cookies.
    const withCookies = credentials !== 'omit';
    const now = Date.now();
    const matching = withCookies
      ? live(now).filter(
          (cookie) => pathMatches(url.pathname, cookie.path) && (!cookie.secure || url.protocol === 'https:'),
        )
      : [];
    const headers = new Headers(init.headers);
    const cookieHeader = matching.map((cookie) => `${cookie.name}=${cookie.value}`).join('; ');
    if (cookieHeader) headers.set('cookie', cookieHeader);
    sent.push({
      method: init.method ?? 'GET',
      path: url.pathname,
      credentials,
      cookie: cookieHeader || undefined,
      body: typeof init.body === 'string' ? init.body : undefined,
    });
    const response = await fetch(url, { ...init, headers });
    if (withCookies) {
      for (const header of response.headers.getSetCookie()) {
        const cookie = parseSetCookie(header, Date.now());
        const key = `${cookie.name};${cookie.path}`;
        if (cookie.expiresAt !== undefined && cookie.expiresAt <= Date.now()) jar.delete(key);
        else jar.set(key, cookie);
      }
    }
    return response;
  };

  return {
    fetch: jarFetch,
    sent,
    valueOf: (name) => live(Date.now()).find((cookie) => cookie.name === name)?.value,
    attributesOf(name) {
      const found = live(Date.now()).find((cookie) => cookie.name === name);
      if (!found) return undefined;
      const { name: _name, value: _value, ...attributes } = found;
      return attributes;
    },
  };
}
