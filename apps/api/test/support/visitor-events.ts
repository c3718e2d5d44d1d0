import { randomUUID } from 'node:crypto';
import { type ApiHealth, apiInternalRoutes, internalKeyHeader, type VisitorEventRecord } from '@showfloor/contracts';
import { createPgPool } from '@showfloor/db';
import { createLogger } from '@showfloor/server-kit';
import { ManualClock, testSecrets, waitFor } from '@showfloor/testing';
import { createVisitorEventsRepository } from '../../src/modules/visitor-analytics/visitor-events.repository.ts';
import { startVisitorSketchRebuild } from '../../src/modules/visitor-analytics/visitor-sketch-rebuild.job.ts';
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

/** `/health`'s visitorIndex: what the API's in-memory visitor index holds. */
export async function visitorIndexHealth(target: Pick<TestApi, 'app'>): Promise<ApiHealth['visitorIndex']> {
  return (await target.app.inject({ method: 'GET', url: '/health' })).json().visitorIndex;
}

/** Waits for the API's in-memory visitor index to finish its start-up load. */
export function whenVisitorIndexReady(target: Pick<TestApi, 'app'>) {
  return waitFor(async () => (await visitorIndexHealth(target)).state === 'ready', {
    what: 'the visitor index loaded',
  });
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

/**
 * One run of the sketch rebuild job the server runs every VISITOR_SKETCH_REBUILD_MS (the test API
 * starts no jobs): the sketches later batches moved visitors out of are rebuilt. The number rebuilt.
 */
export async function rebuildVisitorSketches(api: TestApi): Promise<number> {
  const pool = createPgPool({ databaseUrl: api.db.url, maxConnections: 1, applicationName: 'sketch-rebuild-test' });
  const job = startVisitorSketchRebuild({
    repository: createVisitorEventsRepository(pool),
    logger: createLogger({ name: 'sketch-rebuild-test', level: 'silent' }),
    intervalMs: 3_600_000,
    batchSize: 100,
    // Never advanced: only runOnce runs.
    clock: new ManualClock(0),
  });
  try {
    return await job.runOnce();
  } finally {
    await job.stop();
    await pool.end();
  }
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
