import { randomUUID } from 'node:crypto';
import { startApiServer } from '@showfloor/api';
import type { VisitorEventRecord } from '@showfloor/contracts';
import { createLogger, systemClock } from '@showfloor/server-kit';
import {
  createTestDatabase,
  findFreePort,
  testApiConfig,
  testRealtimeConfig,
  testSecrets,
  waitFor,
} from '@showfloor/testing';
import { afterEach, describe, expect, it } from 'vitest';
import { createInternalApiClient } from '../src/api-client/internal-api-client.ts';
import { createRealtimeDelivery, forwardVisitorEvents } from '../src/delivery/realtime-outboxes.ts';

const startedAt = Date.now();
const logger = createLogger({ name: 'visitor-delivery-test', level: 'silent' });

function record(index: number): VisitorEventRecord {
  return {
    id: randomUUID(),
    site: 'delivery.test',
    name: 'pageview',
    // Recent: the API's retention job (it runs at start) must not take them.
    occurredAt: new Date(startedAt - 3_600_000 + index * 1_000).toISOString(),
    visitorId: 'visitor',
    sessionId: `session-${index % 3}`,
    page: `/page-${index}`,
    referrer: null,
    country: 'India',
    device: 'desktop',
    browser: 'Firefox',
    os: 'Linux',
    engagedMs: null,
    props: null,
  };
}

describe('visitor events: realtime outbox → API', () => {
  const cleanups: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  it('arrive in the API; during an API outage they are retried and arrive once after it returns', async () => {
    const db = await createTestDatabase();
    cleanups.push(() => db.drop());
    const port = await findFreePort();
    const apiConfig = testApiConfig(db.url, { PORT: String(port) });
    const startApi = () => startApiServer({ config: apiConfig, logger, prisma: db.prisma });
    let api = await startApi();

    const config = testRealtimeConfig({
      API_INTERNAL_URL: `http://127.0.0.1:${port}`,
      RETRY_BASE_MS: '50',
      RETRY_MAX_MS: '200',
      VISITOR_EVENTS_FLUSH_MS: '20',
    });
    const client = createInternalApiClient({
      baseUrl: `http://127.0.0.1:${port}`,
      internalApiKey: testSecrets.internalApiKey,
      timeoutMs: 2_000,
    });
    cleanups.push(() => client.close());
    const delivery = createRealtimeDelivery({ api: client, config, clock: systemClock, logger });
    cleanups.push(() => delivery.flushAndSpool(0));

    const sql = async (query: string) => ((await db.prisma.$queryRawUnsafe(query)) as { value: number }[])[0]?.value;
    const stored = () => sql('SELECT count(*)::int AS value FROM visitor_events');

    forwardVisitorEvents(delivery, [record(0), record(1), record(2)]);
    await delivery.visitorEvents.drain();
    expect(await stored()).toBe(3);

    // The API goes away: what the collector accepts meanwhile waits in the outbox.
    await api.close();
    const during = Array.from({ length: 50 }, (_, index) => record(10 + index));
    forwardVisitorEvents(delivery, during);
    await waitFor(() => delivery.stats().outboxes.visitorEvents.failedAttempts > 0, { what: 'a failed attempt' });
    expect(delivery.stats().outboxes.visitorEvents.pending).toBe(50);

    api = await startApi();
    cleanups.push(() => api.close());
    // drain() returns at once while a back-off wait is running (a busy machine makes that likely):
    // what counts is that the retries deliver everything.
    await waitFor(() => delivery.stats().outboxes.visitorEvents.pending === 0, { what: 'the outbox to empty' });
    expect(await stored()).toBe(53);
    expect(await sql('SELECT sum(pageviews)::int AS value FROM visitor_sessions')).toBe(53);
    // A redelivery (an answer lost after the commit) stores nothing twice.
    forwardVisitorEvents(delivery, during);
    await delivery.visitorEvents.drain();
    expect(await stored()).toBe(53);
    expect(delivery.stats().outboxes.visitorEvents).toMatchObject({ pending: 0 });
  });
});
