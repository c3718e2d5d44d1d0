import { type Clock, createLogger, type HttpServer } from '@showfloor/server-kit';
import { createTestDatabase, type TestDatabase, testApiConfig } from '@showfloor/testing';
import { buildApp } from '../../src/app.ts';

export interface TestApi {
  app: HttpServer;
  db: TestDatabase;
  close(): Promise<void>;
}

/** The real API on its own cloned database, driven through `inject`; `clock` pins engagement stats' "now". */
export async function startTestApi(
  env: Record<string, string> = {},
  options: { clock?: Clock } = {},
): Promise<TestApi> {
  const db = await createTestDatabase();
  const config = testApiConfig(db.url, env);
  const app = await buildApp({
    config,
    prisma: db.prisma,
    logger: createLogger({ name: 'api-test', level: 'silent' }),
    ...(options.clock ? { clock: options.clock } : {}),
  });
  await app.ready();
  return {
    app,
    db,
    async close() {
      await app.close();
      await db.drop();
    },
  };
}
