import { randomUUID } from 'node:crypto';
import { apiInternalRoutes, internalKeyHeader } from '@showfloor/contracts';
import { createSession, testSecrets } from '@showfloor/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectBadField } from './support/expect-bad-field.ts';
import { type SignedInUser, signedInUser, testPassword } from './support/signed-in-users.ts';
import { startTestApi, type TestApi } from './support/test-api.ts';

/** PostgreSQL text cannot hold U+0000: before the shared text rule, these reached the database and gave 500. */
const nul = '\u0000';
const withNul = (value: string) => `${value.slice(0, -1)}${nul}${value.slice(-1)}`;

type Caller = 'anonymous' | 'user' | 'creator' | 'admin';
type Json = Record<string, unknown>;

interface RouteCase {
  /** `METHOD /path` as the README's route table names it. */
  route: string;
  caller: Caller;
  /** A body the route accepts; each string field in turn gets a NUL. Absent for query-string routes. */
  body?: Json;
  /** A query string the route accepts, for GET routes. */
  query?: Record<string, string>;
  /** Dotted paths of every string field the route takes from the body or the query string. */
  fields: string[];
}

const uniqueName = () => `n${randomUUID().slice(0, 8)}`;
const uuid = '00000000-0000-4000-8000-000000000001';

/**
 * Every public route that takes strings in its body or query string, and every such field. Path
 * parameters are UUIDs, which refuse anything but hex digits and dashes already.
 */
function publicCases(ids: { productId: string; sessionId: string; userId: string }): RouteCase[] {
  const registration = () => ({
    name: 'Nora',
    email: `${uniqueName()}@example.test`,
    username: uniqueName(),
    password: 'long enough password',
    role: 'user',
    gender: 'Other',
  });
  const session = {
    title: 'Spring sale',
    description: 'Everything must go',
    category: 'fashion',
    tags: ['spring'],
    streamUrl: 'rtmp://ingest.example.test/live',
    streamKey: 'key-123',
  };
  const product = { name: 'Lamp', description: 'Bright', price: 10, imageUrl: 'https://cdn.example.test/l.png' };
  return [
    {
      route: 'POST /api/auth/register',
      caller: 'anonymous',
      body: registration(),
      fields: ['name', 'email', 'username', 'password', 'role', 'gender'],
    },
    {
      route: 'POST /api/auth/login',
      caller: 'anonymous',
      body: { email: 'nobody@example.test', password: 'whatever password' },
      fields: ['email', 'password'],
    },
    {
      route: 'POST /api/auth/login',
      caller: 'anonymous',
      body: { username: 'nobody_here', password: 'whatever password' },
      fields: ['username'],
    },
    {
      route: 'POST /api/auth/refresh-token',
      caller: 'anonymous',
      body: { refreshToken: 'r'.repeat(40) },
      fields: ['refreshToken'],
    },
    {
      route: 'POST /api/auth/update',
      caller: 'user',
      body: {
        name: 'New name',
        email: `${uniqueName()}@example.test`,
        username: uniqueName(),
        password: 'another long password',
        currentPassword: testPassword,
        gender: 'Female',
      },
      fields: ['name', 'email', 'username', 'password', 'currentPassword', 'gender'],
    },
    {
      route: 'POST /api/users',
      caller: 'admin',
      body: { ...registration(), role: 'moderator' },
      fields: ['name', 'email', 'username', 'password', 'role', 'gender'],
    },
    {
      route: `PUT /api/users/${ids.userId}`,
      caller: 'admin',
      body: {
        name: 'Renamed',
        email: `${uniqueName()}@example.test`,
        username: uniqueName(),
        password: 'yet another password',
        role: 'creator',
        gender: 'Male',
      },
      fields: ['name', 'email', 'username', 'password', 'role', 'gender'],
    },
    {
      route: 'POST /api/products',
      caller: 'creator',
      body: product,
      fields: ['name', 'description', 'imageUrl'],
    },
    {
      route: `PUT /api/products/${ids.productId}`,
      caller: 'creator',
      body: product,
      fields: ['name', 'description', 'imageUrl'],
    },
    {
      route: 'POST /api/sessions',
      caller: 'creator',
      body: { ...session, productIds: [ids.productId] },
      fields: ['title', 'description', 'category', 'tags.0', 'streamUrl', 'streamKey', 'productIds.0'],
    },
    {
      route: `PATCH /api/sessions/${ids.sessionId}`,
      caller: 'creator',
      body: session,
      fields: ['title', 'description', 'category', 'tags.0', 'streamUrl', 'streamKey'],
    },
    {
      route: `PATCH /api/sessions/${ids.sessionId}/status`,
      caller: 'creator',
      body: { status: 'paused' },
      fields: ['status'],
    },
    {
      route: `POST /api/sessions/${ids.sessionId}/products`,
      caller: 'creator',
      body: { productId: ids.productId },
      fields: ['productId'],
    },
    {
      route: `PATCH /api/sessions/${ids.sessionId}/products`,
      caller: 'creator',
      body: { productIds: [ids.productId] },
      fields: ['productIds.0'],
    },
    {
      route: `POST /api/sessions/${ids.sessionId}/showcase`,
      caller: 'creator',
      body: { productId: ids.productId },
      fields: ['productId'],
    },
    {
      route: `POST /api/sessions/${ids.sessionId}/chat`,
      caller: 'user',
      body: { message: 'hello there' },
      fields: ['message'],
    },
    {
      route: `GET /api/sessions/${ids.sessionId}/chat`,
      caller: 'anonymous',
      query: { before: '2026-01-01T00:00:00.000Z', beforeId: uuid },
      fields: ['before', 'beforeId'],
    },
    {
      route: `GET /api/sessions/${ids.sessionId}/products`,
      caller: 'anonymous',
      query: { featured: 'true' },
      fields: ['featured'],
    },
    {
      route: `GET /api/sessions/${ids.sessionId}/analytics/snapshots`,
      caller: 'creator',
      query: { timeRange: '24h' },
      fields: ['timeRange'],
    },
    { route: 'GET /api/products', caller: 'anonymous', query: { sellerId: uuid }, fields: ['sellerId'] },
    { route: 'GET /api/sessions', caller: 'anonymous', query: { creatorId: uuid }, fields: ['creatorId'] },
    { route: 'GET /api/search', caller: 'anonymous', query: { q: 'gaming' }, fields: ['q'] },
    {
      route: 'GET /api/search/sessions',
      caller: 'anonymous',
      query: { q: 'gaming', category: 'gaming', status: 'live', creatorId: uuid, sortBy: 'title' },
      fields: ['q', 'category', 'status', 'creatorId', 'sortBy'],
    },
    {
      route: 'GET /api/search/products',
      caller: 'anonymous',
      query: { q: 'lamp', sortBy: 'name' },
      fields: ['q', 'sortBy'],
    },
  ];
}

function setPath(target: Json, path: string, transform: (value: string) => string): Json {
  const copy = structuredClone(target);
  const segments = path.split('.');
  let node: Record<string, unknown> = copy;
  for (const segment of segments.slice(0, -1)) node = node[segment] as Record<string, unknown>;
  const last = segments.at(-1) as string;
  node[last] = transform(String(node[last]));
  return copy;
}

describe('NUL characters (U+0000) in input', () => {
  let api: TestApi;
  const callers = {} as Record<Exclude<Caller, 'anonymous'>, SignedInUser>;
  let cases: RouteCase[];

  /** Every row a public write could touch, so a refused request provably wrote nothing. */
  const everything = async () => {
    const { prisma } = api.db;
    const [users, products, sessions, links, messages, tokens] = await Promise.all([
      prisma.user.findMany({ orderBy: { id: 'asc' } }),
      prisma.product.findMany({ orderBy: { id: 'asc' } }),
      prisma.session.findMany({ orderBy: { id: 'asc' } }),
      prisma.sessionProduct.findMany({ orderBy: [{ sessionId: 'asc' }, { productId: 'asc' }] }),
      prisma.chatMessage.findMany({ orderBy: { id: 'asc' } }),
      prisma.refreshToken.count(),
    ]);
    return JSON.stringify({ users, products, sessions, links, messages, tokens });
  };

  beforeAll(async () => {
    api = await startTestApi();
    const [user, creator, admin] = await Promise.all([
      signedInUser(api, 'user'),
      signedInUser(api, 'creator'),
      signedInUser(api, 'admin'),
    ]);
    Object.assign(callers, { user, creator, admin });
    const product = await api.db.prisma.product.create({
      data: { sellerId: creator.id, name: 'Desk lamp', price: 25 },
    });
    const session = await createSession(api.db.prisma, { creatorId: creator.id, status: 'live' });
    await api.db.prisma.sessionProduct.create({ data: { sessionId: session.id, productId: product.id } });
    cases = publicCases({ productId: product.id, sessionId: session.id, userId: user.id });
  });
  afterAll(() => api.close());

  function send(routeCase: RouteCase, field: string) {
    const [method, url] = routeCase.route.split(' ') as [string, string];
    const headers = routeCase.caller === 'anonymous' ? {} : callers[routeCase.caller].headers;
    if (routeCase.body) {
      return api.app.inject({
        method: method as 'POST',
        url,
        headers,
        payload: setPath(routeCase.body, field, withNul),
      });
    }
    const query = setPath(routeCase.query ?? {}, field, withNul) as Record<string, string>;
    return api.app.inject({ method: method as 'GET', url: `${url}?${new URLSearchParams(query)}`, headers });
  }

  it('every string field of every public route refuses a NUL with a 400 naming the field, writing nothing', async () => {
    const failures: string[] = [];
    for (const routeCase of cases) {
      for (const field of routeCase.fields) {
        const before = await everything();
        const response = await send(routeCase, field);
        const after = await everything();
        const body = response.json();
        // Only the NUL field may be named: the rest of each row is valid input for its route.
        const fields = new Set(body.error?.details?.map((detail: { field: string }) => detail.field));
        const namesOnlyIt = fields.size === 1 && fields.has(field);
        if (
          response.statusCode !== 400 ||
          body.error?.code !== 'validation_failed' ||
          !namesOnlyIt ||
          after !== before
        ) {
          failures.push(`${routeCase.route} ${field} → ${response.statusCode} ${response.body.slice(0, 120)}`);
        }
      }
    }
    expect(failures).toEqual([]);
    expect(cases.flatMap((routeCase) => routeCase.fields)).toHaveLength(66);
  });

  it('says what is wrong in words a client developer understands', async () => {
    const [register] = cases;
    const response = await send(register as RouteCase, 'name');
    expectBadField(response, 'name');
    expect(response.json().error.message).toContain('NUL');
  });
});

describe('NUL characters in internal payloads', () => {
  let api: TestApi;
  let sessionId: string;
  const headers = { [internalKeyHeader]: testSecrets.internalApiKey };

  beforeAll(async () => {
    api = await startTestApi();
    sessionId = (await createSession(api.db.prisma)).id;
  });
  afterAll(() => api.close());

  const post = (url: string, payload: Json) => api.app.inject({ method: 'POST', url, headers, payload });
  const guestId = randomUUID();
  const view = () => ({
    id: randomUUID(),
    sessionId,
    viewerKey: `guest:${guestId}`,
    userId: null,
    guestId,
    role: 'subscriber',
    socketId: 'socket-abcdef',
    joinedAt: '2026-11-23T10:00:00.000Z',
    leftAt: null,
    watchDuration: null,
  });
  const snapshot = () => ({
    sessionId,
    minute: '2026-11-23T10:00:00.000Z',
    viewerCount: 3,
    avgViewers: 3,
    peakViewers: 3,
    minViewers: 3,
    sampleCount: 12,
    nodeId: 'node-a',
  });
  const totals = () => ({
    sessionId,
    nodeId: 'node-a',
    final: false,
    reactionCounts: { like: 1 },
    productClicks: [],
    peakViewers: 1,
    totalViewers: 1,
  });

  it.each([
    ['session-views', 'views.0.viewerKey', () => ({ views: [{ ...view(), viewerKey: withNul('guest:abc') }] })],
    ['session-views', 'views.0.guestId', () => ({ views: [{ ...view(), guestId: withNul('guest-id') }] })],
    ['session-views', 'views.0.socketId', () => ({ views: [{ ...view(), socketId: withNul('socket-1') }] })],
    ['viewer-snapshots', 'snapshots.0.nodeId', () => ({ snapshots: [{ ...snapshot(), nodeId: withNul('node-a') }] })],
    ['session-totals', 'totals.0.nodeId', () => ({ totals: [{ ...totals(), nodeId: withNul('node-a') }] })],
    ['chat-messages', 'message', () => ({ sessionId, userId: randomUUID(), message: withNul('hello') })],
  ] as const)(
    'POST /internal/%s refuses a NUL in %s with a 400 naming it, storing nothing',
    async (name, field, payload) => {
      const url = Object.values(apiInternalRoutes).find((route) => route.endsWith(name)) as string;
      const response = await post(url, payload());
      expectBadField(response, field);
      const { prisma } = api.db;
      const stored = await Promise.all([
        prisma.sessionView.count(),
        prisma.viewerSnapshot.count(),
        prisma.sessionNodeTotals.count(),
        prisma.chatMessage.count(),
      ]);
      expect(stored).toEqual([0, 0, 0, 0]);
    },
  );
});
