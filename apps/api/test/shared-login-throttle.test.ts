import { randomUUID } from 'node:crypto';
import { createLogger } from '@showfloor/server-kit';
import {
  createTestDatabase,
  describeWithRedis,
  type TestDatabase,
  testApiConfig,
  testRedisUrl,
} from '@showfloor/testing';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { buildApp } from '../src/app.ts';
import { signedInUser, testPassword } from './support/signed-in-users.ts';
import type { TestApi } from './support/test-api.ts';

/**
 * Two API processes behind one load balancer, one database, one Redis (REDIS_URL): the login
 * throttle counts every failure wherever it landed, so spreading guesses over processes gains nothing.
 */
await describeWithRedis('the login throttle across API processes', () => {
  let db: TestDatabase;
  let processes: TestApi[];
  beforeAll(async () => {
    db = await createTestDatabase();
    const env = {
      TRUST_PROXY_HOPS: '1',
      LOGIN_MAX_FAILURES: '3',
      REDIS_URL: testRedisUrl,
      REDIS_KEY_PREFIX: `test:${randomUUID()}:`,
    };
    processes = await Promise.all(
      [1, 2].map(async () => {
        const app = await buildApp({
          config: testApiConfig(db.url, env),
          prisma: db.prisma,
          logger: createLogger({ name: 'api-test', level: 'silent' }),
        });
        await app.ready();
        return { app, db, close: () => app.close() };
      }),
    );
  });
  afterAll(async () => {
    for (const api of processes ?? []) await api.close();
    await db?.drop();
  });

  const login = (api: TestApi, username: string, password: string) =>
    api.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { username, password },
      headers: { 'x-forwarded-for': '203.0.113.77' },
    });

  it('blocks an address after 3 failures spread over two processes, right password included', async () => {
    const [first, second] = processes as [TestApi, TestApi];
    const owner = await signedInUser(first);
    expect((await login(first, owner.username, 'wrong password')).statusCode).toBe(401);
    expect((await login(second, owner.username, 'wrong password')).statusCode).toBe(401);
    expect((await login(first, owner.username, 'wrong password')).statusCode).toBe(401);
    // Each process saw fewer than 3; together they saw 3.
    const blocked = await login(second, owner.username, testPassword);
    expect(blocked.statusCode, blocked.body).toBe(429);
    expect(Number(blocked.headers['retry-after'])).toBeGreaterThanOrEqual(1);
    expect((await login(first, owner.username, testPassword)).statusCode).toBe(429);
  });
});
