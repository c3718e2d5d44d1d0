import { seedDemoData } from '@showfloor/api';
import { createLogger } from '@showfloor/server-kit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoFeatureClicks, featureDemoUsers } from '../src/seed/feature-clicks-seed.ts';
import { startTestApi, type TestApi } from './support/test-api.ts';

describe('the demo seed (pnpm seed, and pnpm start on an empty database)', () => {
  let api: TestApi;
  const logger = createLogger({ name: 'seed-test', level: 'silent' });

  beforeAll(async () => {
    api = await startTestApi();
    expect(await seedDemoData({ prisma: api.db.prisma, databaseUrl: api.db.url, logger })).toBe(true);
  });
  afterAll(async () => api.close());

  const login = (username: string) =>
    api.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password: 'Password123!' } });

  it('creates seed 004’s ten users, in every age band and gender, and they sign in with Password123!', async () => {
    const users = await api.db.prisma.user.findMany({ where: { username: { in: featureDemoUsers } } });
    expect(users.map((user) => user.username).sort()).toEqual([...featureDemoUsers].sort());
    const bands = new Set(
      users.map((user) => ((user.age as number) < 18 ? '<18' : (user.age as number) <= 40 ? '18-40' : '>40')),
    );
    expect(bands).toEqual(new Set(['<18', '18-40', '>40']));
    expect(new Set(users.map((user) => user.gender))).toEqual(new Set(['Male', 'Female', 'Other']));
    for (const username of ['alice_pm', 'judy_research', 'admin']) expect((await login(username)).statusCode).toBe(200);
  });

  it('writes 220 clicks over the last 60 days that the admin’s dashboard shows', async () => {
    const { accessToken } = (await login('admin')).json().data;
    const start = new Date(Date.now() - 61 * 86_400_000).toISOString().slice(0, 10);
    const response = await api.app.inject({
      method: 'GET',
      url: '/api/analytics',
      query: { start_date: start },
      headers: { authorization: `Bearer ${accessToken}` },
    });
    const data = response.json().data;
    expect(data.summary.total_clicks).toBe(demoFeatureClicks);
    expect(data.summary.unique_users).toBe(10);
    expect(data.summary.active_feature).toBe('date_filter');
    expect(data.line_chart.filter((point: { click_count: number }) => point.click_count > 0).length).toBeGreaterThan(
      30,
    );
  });

  it('seeds nothing on a database that has users', async () => {
    expect(await seedDemoData({ prisma: api.db.prisma, databaseUrl: api.db.url, logger })).toBe(false);
  });
});
