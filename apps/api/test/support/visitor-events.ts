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

/** The wall-clock start of an instant's bucket in a zone, as the API labels it. */
export function bucketOf(instant: number, interval: 'minute' | 'hour' | 'day', timeZone: string): string {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-CA', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
    })
      .formatToParts(new Date(instant))
      .map((part) => [part.type, part.value]),
  );
  const hour = interval === 'day' ? '00' : parts.hour;
  const minute = interval === 'minute' ? parts.minute : '00';
  return `${parts.year}-${parts.month}-${parts.day}T${hour}:${minute}:00`;
}
