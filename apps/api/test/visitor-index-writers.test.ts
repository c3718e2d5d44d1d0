import { createLogger } from '@showfloor/server-kit';
import { testApiConfig } from '@showfloor/testing';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { buildApp } from '../src/app.ts';
import { type SignedInUser, signedInUser } from './support/signed-in-users.ts';
import { startTestApi, type TestApi } from './support/test-api.ts';
import { postVisitorEvents, visitorEvent, whenVisitorIndexReady } from './support/visitor-events.ts';

/*
 * Two API processes store visitor events at once while one of them follows the history in its
 * index. The index reads events by seq; if a batch with lower numbers could commit after one with
 * higher numbers, the follower would pass over it for good. The writers' advisory lock makes them
 * commit in seq order, so the follower ends up with every event (the same figures as SQL).
 */

const dayMs = 86_400_000;
const today = Math.floor(Date.now() / dayMs) * dayMs;
const site = 'writers.test';

let follower: TestApi;
let otherWriter: Awaited<ReturnType<typeof buildApp>>;
let admin: SignedInUser;

beforeAll(async () => {
  // Commits wait on each other's lock here and the machine may be busy: a generous commit deadline,
  // so a slow commit is not what the test finds.
  const env = { TRACK_COMMIT_DEADLINE_MS: '30000' };
  follower = await startTestApi({ ...env, VISITOR_INDEX_MAX_PAGEVIEWS: '1000000', VISITOR_INDEX_SYNC_MS: '50' });
  // The second process reads the raw path from SQL: the reference the index must equal.
  otherWriter = await buildApp({
    config: testApiConfig(follower.db.url, env),
    prisma: follower.db.prisma,
    logger: createLogger({ name: 'api-test-writer', level: 'silent' }),
  });
  await otherWriter.ready();
  admin = await signedInUser(follower, 'admin');
  await whenVisitorIndexReady(follower);
});
afterAll(async () => {
  await otherWriter?.close();
  await follower?.close();
});

function batch(writer: string, round: number) {
  return Array.from({ length: 150 }, (_, index) =>
    visitorEvent({
      site,
      sessionId: `${writer}-${round}-${index % 30}`,
      visitorId: `${writer}-${index % 30}`,
      occurredAt: new Date(today + round * 60_000 + index * 100).toISOString(),
      page: `/p${index % 7}`,
      country: index % 2 === 0 ? 'Chile' : 'Peru',
      device: index % 3 === 0 ? 'mobile' : 'desktop',
    }),
  );
}

it('follows two writers committing at once, missing none of their events', async () => {
  const rounds = 60;
  const query = {
    site,
    from: new Date(today).toISOString(),
    to: new Date(today + dayMs).toISOString(),
    filter: ['country:is:Chile', 'device:is_not:tv'],
    limit: '100',
  };
  const read = (app: TestApi['app']) =>
    app.inject({ method: 'GET', url: '/api/visitors/breakdown/page', query, headers: admin.headers });
  let writing = true;
  const writers = Promise.all(
    [follower.app, otherWriter].map(async (app, writer) => {
      for (let round = 0; round < rounds; round++) {
        const response = await postVisitorEvents({ app } as TestApi, batch(`w${writer}`, round));
        expect(response.statusCode, response.body).toBe(200);
      }
    }),
  ).finally(() => {
    writing = false;
  });
  // Reads all along: each catches the index up, at any point between two writers' commits.
  const reader = (async () => {
    while (writing) {
      await read(follower.app);
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
  })();
  await Promise.all([writers, reader]);
  const [fromIndex, fromSql] = await Promise.all([read(follower.app), read(otherWriter)]);
  expect(fromIndex.json().data.visitors_estimated).toBe(true);
  expect(fromSql.json().data.visitors_estimated).toBe(false);
  const sums = (rows: { value: string; pageviews: number; sessions: number }[]) =>
    Object.fromEntries(rows.map((row) => [row.value, [row.pageviews, row.sessions]]));
  expect(sums(fromIndex.json().data.rows)).toEqual(sums(fromSql.json().data.rows));
  const pageviews = (rows: { pageviews: number }[]) => rows.reduce((sum, row) => sum + row.pageviews, 0);
  expect(pageviews(fromIndex.json().data.rows)).toBe((2 * rounds * 150) / 2);
});
