import { startApiServer } from '@showfloor/api';
import type { UserRole } from '@showfloor/contracts';
import type { Clock } from '@showfloor/server-kit';
import { createLogger } from '@showfloor/server-kit';
import {
  createSession,
  createTestAccessTokens,
  createTestDatabase,
  createUser,
  findFreePort,
  type TestDatabase,
  testApiConfig,
  testRealtimeConfig,
} from '@showfloor/testing';
import { io as connectClient, type Socket } from 'socket.io-client';
import { startRealtimeServer } from '../../src/server.ts';
import { startApiProxy } from './api-proxy.ts';

const silent = createLogger({ name: 'test', level: 'silent' });
const accessTokens = await createTestAccessTokens();

/** An access token for a user, signed with the secret both services share (as a login would). */
export function tokenFor(userId: string, role: UserRole = 'user'): string {
  return accessTokens.sign({ userId, role, familyId: '00000000-0000-4000-8000-000000000000', tokenVersion: 0 });
}

export interface StackOptions {
  clock?: Clock;
  realtimeEnv?: Record<string, string>;
  db?: TestDatabase;
  /** Route the realtime service's calls to the API through a proxy that counts and can freeze them. */
  throughProxy?: boolean;
  /** The realtime service's visitor hooks (history path, dashboard-action tracking). */
  visitorHooks?: Pick<Parameters<typeof startRealtimeServer>[0], 'onVisitorEventsAccepted' | 'trackDashboardAction'>;
}

/**
 * The whole product on real ports: PostgreSQL, the API (which broadcasts to this realtime
 * service) and the realtime service (which flushes to this API). The API can be stopped and
 * started again on the same port, as in an outage.
 */
export async function startStack(options: StackOptions = {}) {
  const db = options.db ?? (await createTestDatabase());
  const apiPort = await findFreePort();
  const proxy = options.throughProxy ? await startApiProxy({ host: '127.0.0.1', port: apiPort }) : undefined;
  const realtimeConfig = testRealtimeConfig({
    API_INTERNAL_URL: proxy?.url ?? `http://127.0.0.1:${apiPort}`,
    RETRY_BASE_MS: '50',
    RETRY_MAX_MS: '200',
    VIEW_FLUSH_MS: '20',
    ...options.realtimeEnv,
  });
  const realtime = await startRealtimeServer({
    config: realtimeConfig,
    logger: silent,
    ...(options.clock ? { clock: options.clock } : {}),
    ...options.visitorHooks,
  });
  const startApi = () =>
    startApiServer({
      config: testApiConfig(db.url, { PORT: String(apiPort), REALTIME_INTERNAL_URL: realtime.url }),
      logger: silent,
      prisma: db.prisma,
    });
  let api: Awaited<ReturnType<typeof startApi>> | undefined = await startApi();
  const sockets: Socket[] = [];

  return {
    db,
    realtime,
    proxy,
    apiUrl: `http://127.0.0.1:${apiPort}`,
    get api() {
      return api;
    },
    async stopApi() {
      await api?.close();
      api = undefined;
    },
    async restartApi() {
      api ??= await startApi();
    },
    /** A connected socket: a signed-in user (`token`), a guest with a kept id, or a bare guest. */
    async connect(auth: { token?: string; guestId?: string } = {}): Promise<Socket> {
      const socket = await connectSocket(realtime.url, auth);
      sockets.push(socket);
      return socket;
    },
    async close(options: { keepDatabase?: boolean } = {}) {
      for (const socket of sockets) socket.disconnect();
      proxy?.thaw();
      await realtime.close();
      await api?.close();
      await proxy?.close();
      if (!options.keepDatabase) await db.drop();
    },
  };
}

export type TestStack = Awaited<ReturnType<typeof startStack>>;

/** A socket connected to a realtime service at `url`, as a user (`token`) or a guest. */
export async function connectSocket(url: string, auth: { token?: string; guestId?: string } = {}): Promise<Socket> {
  const socket = connectClient(url, { transports: ['websocket'], forceNew: true, reconnection: false, auth });
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', () => resolve());
    socket.once('connect_error', reject);
  });
  return socket;
}

/** A live session by a new creator, with two products in its list. */
export async function liveSessionWithProducts(stack: TestStack) {
  const creator = await createUser(stack.db.prisma, { role: 'creator' });
  const products = await Promise.all(
    [1, 2].map((n) => stack.db.prisma.product.create({ data: { sellerId: creator.id, name: `P${n}`, price: '5.00' } })),
  );
  const session = await createSession(stack.db.prisma, {
    creatorId: creator.id,
    products: { create: products.map((product, displayOrder) => ({ productId: product.id, displayOrder })) },
  });
  return { creator, products, session };
}

/** The creator ends their stream through the API's REST route, as the creator console would. */
export async function endStream(stack: TestStack, creatorId: string, sessionId: string): Promise<Response> {
  return fetch(`${stack.apiUrl}/api/sessions/${sessionId}/end-stream`, {
    method: 'POST',
    headers: { authorization: `Bearer ${tokenFor(creatorId, 'creator')}` },
  });
}

/** Collects every payload of `event` a socket receives. */
export function collect<T = unknown>(socket: Socket, event: string): T[] {
  const received: T[] = [];
  socket.on(event, (payload: T) => received.push(payload));
  return received;
}

// biome-ignore lint/suspicious/noExplicitAny: assertions read arbitrary JSON bodies
type Json = Record<string, any>;

/** Fetches a JSON body, loosely typed for assertions. */
export async function fetchJson(url: string, init?: RequestInit): Promise<Json> {
  return (await (await fetch(url, init)).json()) as Json;
}
