import { randomUUID } from 'node:crypto';
import { apiInternalRoutes, internalKeyHeader, type VisitorEventRecord } from '@showfloor/contracts';
import { testSecrets } from '@showfloor/testing';
import type { TestApi } from './test-api.ts';

export const internalHeaders = { [internalKeyHeader]: testSecrets.internalApiKey };

/** One record as the collector makes it; `at` and `page` are what most tests care about. */
export function visitorEvent(overrides: Partial<VisitorEventRecord> & { occurredAt: string }): VisitorEventRecord {
  return {
    id: randomUUID(),
    site: 'shop.test',
    name: 'pageview',
    visitorId: 'visitor-1',
    sessionId: 'session-1',
    page: '/',
    referrer: null,
    country: null,
    device: null,
    browser: null,
    os: null,
    engagedMs: null,
    props: null,
    ...overrides,
  };
}

/** POST /internal/visitor-events, as the realtime outbox sends it. */
export async function postVisitorEvents(api: TestApi, events: VisitorEventRecord[]) {
  return api.app.inject({
    method: 'POST',
    url: apiInternalRoutes.visitorEvents,
    headers: internalHeaders,
    payload: { events },
  });
}
