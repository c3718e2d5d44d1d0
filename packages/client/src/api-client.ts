import { detailsFromZodIssues, summarizeDetails } from '@showfloor/contracts/errors';
import { type RestRoute, type RestRoutes, restRoutes } from '@showfloor/contracts/rest';
import type { z } from 'zod';
import { ApiError, apiErrorFromResponse } from './api-error.ts';
import { buildRequestUrl } from './request-url.ts';
import { memoryTokenStore, type TokenStore } from './tokens.ts';

/*
 * REST calls typed from the contracts' route table. The API registers its routes from the same
 * entries, so a call that typechecks here has the path, parameters, body and answer the API has.
 */

/** A query as a caller writes it: numbers and booleans as values (they travel as text). */
type QueryInput<S extends z.ZodType> = {
  [K in keyof z.input<S>]: z.input<S>[K] | (K extends keyof z.output<S> ? z.output<S>[K] : never);
};

type ParamsPart<R extends RestRoute> = R['params'] extends z.ZodType
  ? { params: z.input<R['params']> }
  : { params?: undefined };
type QueryPart<R extends RestRoute> = R['query'] extends z.ZodType
  ? Record<never, never> extends QueryInput<R['query']>
    ? { query?: QueryInput<R['query']> }
    : { query: QueryInput<R['query']> }
  : { query?: undefined };
type BodyPart<R extends RestRoute> = R['body'] extends z.ZodType
  ? undefined extends z.input<R['body']>
    ? { body?: z.input<R['body']> }
    : { body: z.input<R['body']> }
  : { body?: undefined };

/** What one call takes: `params` for the path, `query`, `body` — each only where the route has one. */
export type RouteInput<R extends RestRoute> = ParamsPart<R> & QueryPart<R> & BodyPart<R>;

/** What one call answers: the success envelope, decoded (timestamps are Dates). */
export type RouteResult<R extends RestRoute> = z.output<R['response']>;

export interface CallOptions {
  signal?: AbortSignal;
  headers?: Record<string, string>;
  /** fetch's `keepalive`: the request outlives the page (a last send on `pagehide`); bodies up to 64 KB. */
  keepalive?: boolean;
}

type CallArgs<R extends RestRoute> =
  Record<never, never> extends RouteInput<R>
    ? [input?: RouteInput<R>, options?: CallOptions]
    : [input: RouteInput<R>, options?: CallOptions];

export type RouteCall<R extends RestRoute> = (...args: CallArgs<R>) => Promise<RouteResult<R>>;

/** One function per route of the table, grouped as it is: `api.sessions.startStream({ params })`. */
export type RouteCalls = {
  [G in keyof RestRoutes]: {
    [N in keyof RestRoutes[G]]: RestRoutes[G][N] extends RestRoute ? RouteCall<RestRoutes[G][N]> : never;
  };
};

export interface ApiClientOptions {
  /** The API's origin, e.g. `https://api.example.com`; '' for same-origin calls from a page. */
  baseUrl: string;
  /**
   * Where the tokens live; without a store every call is anonymous (in cookie mode a memory store
   * is made when none is given).
   */
  tokens?: TokenStore;
  /**
   * Cookie mode, for the web app: the refresh token stays in the API's httpOnly cookie, where no
   * script on the page can read it. The store keeps the access token only; a refresh posts `{}`
   * and the browser sends the cookie. A route that needs a token, called with none (a reloaded
   * page), refreshes first; a route where a token is optional goes anonymous instead.
   */
  refreshTokenCookie?: boolean;
  /**
   * fetch's `credentials` for every call. Cookie mode defaults to 'same-origin' (a page served by
   * the API); 'include' when the API is on another origin (it must list the page's in CORS_ORIGINS).
   */
  credentials?: RequestInit['credentials'];
  /** Defaults to the global fetch (browsers, Node 20). */
  fetch?: typeof fetch;
  /** Sent with every call. */
  headers?: Record<string, string>;
}

export type ApiClient = RouteCalls & {
  /** Calls any route of the table. */
  call<R extends RestRoute>(route: R, ...args: CallArgs<R>): Promise<RouteResult<R>>;
  /**
   * Calls a route that can answer text (`GET /api/analytics?format=csv`) and gives its body as
   * it came, with the same tokens and refresh as `call`; a refusal is an `ApiError` as usual.
   * Sends `accept: text/csv, text/plain` unless `options.headers` names another.
   */
  text<R extends RestRoute>(route: R, ...args: CallArgs<R>): Promise<string>;
  /**
   * Trades the refresh token (the stored one, or in cookie mode the cookie) for new tokens
   * (stored), once however many calls ask at the same moment. Null when there is no refresh token
   * or the API refused it (the tokens are then cleared: the user must sign in again). In cookie
   * mode a page calls it once at start to learn whether its user is still signed in.
   */
  refreshAccessToken(): Promise<string | null>;
  readonly tokens: TokenStore | undefined;
};

type AnyInput = {
  params?: Record<string, string> | undefined;
  query?: Record<string, unknown> | undefined;
  body?: unknown;
};

async function readJson(response: Response): Promise<unknown> {
  const text = await response.text();
  if (text === '') return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

function isAbort(error: unknown): boolean {
  return error instanceof Error && (error.name === 'AbortError' || error.name === 'TimeoutError');
}

export function createApiClient(options: ApiClientOptions): ApiClient {
  const { baseUrl } = options;
  const cookieMode = options.refreshTokenCookie === true;
  const tokens = options.tokens ?? (cookieMode ? memoryTokenStore() : undefined);
  const credentials = options.credentials ?? (cookieMode ? 'same-origin' : undefined);
  const fetchImpl: typeof fetch = options.fetch ?? ((input, init) => globalThis.fetch(input, init));
  let refreshing: Promise<string | null> | undefined;

  async function send(route: RestRoute, input: AnyInput, call: CallOptions, token: string | null): Promise<Response> {
    const url = buildRequestUrl(baseUrl, route, input.params, input.query as Parameters<typeof buildRequestUrl>[3]);
    const headers: Record<string, string> = { accept: 'application/json', ...options.headers, ...call.headers };
    if (token) headers.authorization = `Bearer ${token}`;
    const hasBody = route.body !== undefined && input.body !== undefined;
    if (hasBody) headers['content-type'] = 'application/json';
    try {
      return await fetchImpl(url, {
        method: route.method,
        headers,
        ...(hasBody ? { body: JSON.stringify(input.body) } : {}),
        ...(credentials ? { credentials } : {}),
        ...(call.signal ? { signal: call.signal } : {}),
        ...(call.keepalive ? { keepalive: true } : {}),
      });
    } catch (error) {
      if (isAbort(error)) throw error;
      throw new ApiError('service_unavailable', `${route.method} ${route.path}: the API could not be reached`, {
        cause: error,
      });
    }
  }

  async function decode(route: RestRoute, response: Response): Promise<unknown> {
    const body = await readJson(response);
    if (!response.ok) throw apiErrorFromResponse(response.status, response.headers, body);
    const parsed = route.response.safeParse(body);
    if (!parsed.success) {
      // The API filters every answer through this schema, so this is a contract drift, not bad luck.
      const details = detailsFromZodIssues(parsed.error.issues);
      throw new ApiError(
        'internal_error',
        `${route.id}: the answer did not match the contract: ${summarizeDetails(details)}`,
        {
          status: response.status,
          details,
          requestId: response.headers.get('x-request-id') ?? undefined,
        },
      );
    }
    return parsed.data;
  }

  function keepTokens(route: RestRoute, result: unknown): void {
    if (!tokens) return;
    if (route.effect === 'signs-out') tokens.set(null);
    if (route.effect === 'signs-in') {
      const { accessToken, refreshToken } = (result as { data: { accessToken: string; refreshToken: string } }).data;
      // In cookie mode the answer's refresh token is not kept: the cookie is the only copy.
      tokens.set(cookieMode ? { accessToken } : { accessToken, refreshToken });
    }
  }

  /** With no access token: whether to refresh before the call rather than send it anonymously. */
  function refreshesFirst(route: RestRoute, store: TokenStore): boolean {
    // Cookie mode cannot see whether a cookie exists, so only a call that would fail without a token tries.
    return cookieMode ? route.auth === 'required' : Boolean(store.get()?.refreshToken);
  }

  /** The route's answer with whatever token it needs, refreshed once on a 401. */
  async function respond(route: RestRoute, input: AnyInput, callOptions: CallOptions): Promise<Response> {
    // A route that ignores tokens gets none: an expired token would only turn it into a 401.
    const usesToken = route.auth !== 'none' && tokens !== undefined;
    let token = usesToken ? (tokens.get()?.accessToken ?? null) : null;
    if (usesToken && token === null && refreshesFirst(route, tokens)) token = await refreshAccessToken();
    let response = await send(route, input, callOptions, token);
    if (response.status === 401 && token !== null) {
      // Expired, or its login changed (password, role): one refresh, then the same call once more.
      const fresh = await refreshAccessToken();
      if (fresh !== null) {
        await response.body?.cancel();
        response = await send(route, input, callOptions, fresh);
      }
    }
    return response;
  }

  async function call(route: RestRoute, input: AnyInput = {}, callOptions: CallOptions = {}): Promise<unknown> {
    const result = await decode(route, await respond(route, input, callOptions));
    keepTokens(route, result);
    return result;
  }

  async function text(route: RestRoute, input: AnyInput = {}, callOptions: CallOptions = {}): Promise<string> {
    const headers = { accept: 'text/csv, text/plain', ...callOptions.headers };
    const response = await respond(route, input, { ...callOptions, headers });
    if (!response.ok) throw apiErrorFromResponse(response.status, response.headers, await readJson(response));
    return response.text();
  }

  function refreshAccessToken(): Promise<string | null> {
    refreshing ??= (async () => {
      const refreshToken = tokens?.get()?.refreshToken;
      // In cookie mode the body is empty and the browser sends the httpOnly cookie with it.
      if (!cookieMode && !refreshToken) return null;
      try {
        const result = (await call(restRoutes.auth.refreshToken, {
          body: cookieMode ? {} : { refreshToken },
        })) as {
          data: { accessToken: string };
        };
        return result.data.accessToken;
      } catch (error) {
        // A refused refresh token (expired, reused, logged out) ends the login here too; an outage does not.
        if (error instanceof ApiError && error.status === 401) tokens?.set(null);
        return null;
      }
    })().finally(() => {
      refreshing = undefined;
    });
    return refreshing;
  }

  const groups = Object.fromEntries(
    Object.entries(restRoutes).map(([group, routes]) => [
      group,
      Object.fromEntries(
        Object.entries(routes as Record<string, RestRoute>).map(([name, route]) => [
          name,
          (input?: AnyInput, callOptions?: CallOptions) => call(route, input, callOptions),
        ]),
      ),
    ]),
  ) as unknown as RouteCalls;

  return {
    ...groups,
    call: ((route: RestRoute, input?: AnyInput, callOptions?: CallOptions) =>
      call(route, input, callOptions)) as ApiClient['call'],
    text: ((route: RestRoute, input?: AnyInput, callOptions?: CallOptions) =>
      text(route, input, callOptions)) as ApiClient['text'],
    refreshAccessToken,
    tokens,
  };
}
