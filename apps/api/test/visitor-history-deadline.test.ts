import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type SignedInUser, signedInUser } from './support/signed-in-users.ts';
import { startTestApi, type TestApi } from './support/test-api.ts';
import { postVisitorEvents, visitorEvent } from './support/visitor-events.ts';

/*
 * A history read that cannot finish in VISITOR_HISTORY_READ_TIMEOUT_MS (here: a maintenance job
 * holds the sessions table; at 10 M events a raw filtered read is enough) is cancelled by the server
 * and answered 503 with Retry-After, and the next read works on a fresh connection.
 */

let api: TestApi;
let admin: SignedInUser;
const site = 'deadline.test';

beforeAll(async () => {
  api = await startTestApi({ VISITOR_HISTORY_READ_TIMEOUT_MS: '400' });
  admin = await signedInUser(api, 'admin');
  const stored = await postVisitorEvents(api, [
    visitorEvent({ site, sessionId: 's1', visitorId: 'ann', occurredAt: '2026-05-01T10:00:00Z', country: 'Japan' }),
  ]);
  expect(stored.statusCode).toBe(200);
});
afterAll(async () => api.close());

const read = (url: string, query: Record<string, string | string[]>) =>
  api.app.inject({
    method: 'GET',
    url,
    query: { site, from: '2026-05-01T00:00:00Z', to: '2026-05-02T00:00:00Z', ...query },
    headers: admin.headers,
  });

describe('history reads under a deadline', () => {
  it.each([
    // Reads the rollups cannot answer (two filters; a breakdown filtered on another dimension) scan raw rows.
    [
      'a timeseries with two filters',
      '/api/visitors/timeseries',
      { filter: ['country:is:Japan', 'device:is_not:tv'], interval: 'hour' },
    ],
    ['a breakdown filtered on another dimension', '/api/visitors/breakdown/country', { filter: 'page:contains:/' }],
  ])('answer 503 with Retry-After when %s does not finish in time', async (_name, url, query) => {
    const started = Date.now();
    const answer = await api.db.prisma.$transaction(
      async (tx) => {
        await tx.$executeRawUnsafe('LOCK TABLE visitor_sessions IN ACCESS EXCLUSIVE MODE');
        return read(url, query);
      },
      { timeout: 10_000 },
    );
    expect(answer.statusCode, answer.body).toBe(503);
    expect(answer.json().error.code).toBe('service_unavailable');
    expect(Number(answer.headers['retry-after'])).toBeGreaterThanOrEqual(1);
    expect(Date.now() - started).toBeLessThan(3_000);

    const again = await read(url, query);
    expect(again.statusCode, again.body).toBe(200);
  });
});
