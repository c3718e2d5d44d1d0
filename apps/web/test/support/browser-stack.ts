import { startApiServer } from '@showfloor/api';
import { type ApiClient, createApiClient, memoryTokenStore } from '@showfloor/client';
import type { UserView } from '@showfloor/contracts/rest';
import { startRealtimeServer } from '@showfloor/realtime';
import { createLogger } from '@showfloor/server-kit';
import {
  createTestDatabase,
  findFreePort,
  type TestDatabase,
  testApiConfig,
  testRealtimeConfig,
} from '@showfloor/testing';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { webDistDir } from './build-web.ts';
import { launchChromium } from './chromium.ts';

const silent = createLogger({ name: 'web-test', level: (process.env.WEB_TEST_LOG_LEVEL ?? 'silent') as 'silent' });
export const testPassword = 'correct-horse-battery';

export interface TestPerson {
  user: UserView;
  username: string;
  password: string;
  /** The typed client, signed in as this person: how a test sets up data the way a client would. */
  api: ApiClient;
}

export interface StackOptions {
  realtimeEnv?: Record<string, string>;
  apiEnv?: Record<string, string>;
}

/**
 * The whole product on real ports, as `pnpm start` runs it: PostgreSQL, the API serving the built
 * web app and /config.json, the realtime service, and a headless Chromium to open pages with.
 */
export async function startBrowserStack(options: StackOptions = {}) {
  const db = await createTestDatabase();
  const { baseUrl, realtime, api } = await startServices(db, options);
  const browser: Browser = await launchChromium();
  const contexts: BrowserContext[] = [];
  let people = 0;

  const anonymousApi = createApiClient({ baseUrl });

  return {
    db,
    baseUrl,
    realtime,
    browser,
    anonymousApi,

    /** A new account made through the API's own register route. */
    async register(role: 'user' | 'creator' = 'user', name?: string): Promise<TestPerson> {
      people += 1;
      const username = `${role}_${people}_${Math.random().toString(36).slice(2, 8)}`;
      const api = createApiClient({ baseUrl, tokens: memoryTokenStore() });
      const { data } = await api.auth.register({
        body: {
          username,
          password: testPassword,
          role,
          name: name ?? `${role === 'creator' ? 'Creator' : 'Viewer'} ${people}`,
        },
      });
      return { user: data.user, username, password: testPassword, api };
    },

    /**
     * A fresh browser profile (its own cookies and local storage, like another person's browser),
     * signed in as `person` through the login route when given.
     */
    async newContext(person?: TestPerson): Promise<BrowserContext> {
      const context = await browser.newContext({ baseURL: baseUrl, viewport: { width: 1280, height: 860 } });
      contexts.push(context);
      if (person) {
        const response = await context.request.post('/api/auth/login', {
          data: { username: person.username, password: person.password },
        });
        if (!response.ok()) throw new Error(`login as ${person.username} answered ${response.status()}`);
      }
      return context;
    },

    /** A page at `path` in a new context (signed in as `person` when given), loaded. */
    async open(path: string, person?: TestPerson): Promise<Page> {
      const page = await (await this.newContext(person)).newPage();
      await page.goto(path);
      return page;
    },

    async close() {
      for (const context of contexts) await context.close().catch(() => undefined);
      await browser.close();
      await realtime.close();
      await api.close();
      await db.drop();
    },
  };
}

/**
 * The realtime service and the API, each told the other's address. The API's port is chosen
 * before it listens (the realtime service needs it first), so another process can take it in
 * between: then both start again on a new port rather than failing the file.
 */
async function startServices(db: TestDatabase, options: StackOptions) {
  for (let attempt = 1; ; attempt += 1) {
    const apiPort = await findFreePort();
    const baseUrl = `http://127.0.0.1:${apiPort}`;
    const realtime = await startRealtimeServer({
      config: testRealtimeConfig({
        API_INTERNAL_URL: baseUrl,
        CORS_ORIGINS: baseUrl,
        RETRY_BASE_MS: '50',
        RETRY_MAX_MS: '200',
        VIEW_FLUSH_MS: '50',
        ...options.realtimeEnv,
      }),
      logger: silent,
    });
    try {
      const api = await startApiServer({
        config: testApiConfig(db.url, {
          PORT: String(apiPort),
          REALTIME_INTERNAL_URL: realtime.url,
          WEB_DIST_DIR: webDistDir,
          PUBLIC_REALTIME_URL: realtime.url,
          CORS_ORIGINS: baseUrl,
          ...options.apiEnv,
        }),
        logger: silent,
        prisma: db.prisma,
      });
      return { baseUrl, realtime, api };
    } catch (error) {
      await realtime.close();
      if (attempt >= 5 || (error as NodeJS.ErrnoException).code !== 'EADDRINUSE') throw error;
    }
  }
}

export type BrowserStack = Awaited<ReturnType<typeof startBrowserStack>>;
