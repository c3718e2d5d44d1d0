import { createPgPool } from '@showfloor/db';
import { createLogger } from '@showfloor/server-kit';
import { ManualClock } from '@showfloor/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createVisitorEventsRepository } from '../src/modules/visitor-analytics/visitor-events.repository.ts';
import { startVisitorEventsRetention } from '../src/modules/visitor-analytics/visitor-events-retention.job.ts';
import { startTestApi, type TestApi } from './support/test-api.ts';
import { postVisitorEvents, visitorEvent } from './support/visitor-events.ts';

describe('visitor event retention', () => {
  let api: TestApi;
  beforeAll(async () => {
    api = await startTestApi();
  });
  afterAll(async () => api.close());

  it('drops whole day partitions past VISITOR_EVENTS_RETENTION_DAYS, with the sessions that ended before them and their rollups', async () => {
    const pool = createPgPool({ databaseUrl: api.db.url, maxConnections: 1, applicationName: 'retention-test' });
    try {
      await postVisitorEvents(api, [
        visitorEvent({ sessionId: 'ancient', occurredAt: '2026-01-10T12:00:00Z' }),
        visitorEvent({ sessionId: 'old', occurredAt: '2026-09-01T23:59:00Z' }),
        visitorEvent({ sessionId: 'recent', occurredAt: '2026-11-30T12:00:00Z' }),
      ]);
      const job = startVisitorEventsRetention({
        repository: createVisitorEventsRepository(pool),
        logger: createLogger({ name: 'retention-test', level: 'silent' }),
        retentionDays: 90,
        intervalMs: 3_600_000,
        batchSize: 1,
        clock: new ManualClock(Date.parse('2026-12-01T00:00:00Z')),
      });
      // 90 days before 2026-12-01 is 2026-09-02: that day and later stay.
      const run = await job.runOnce(new Date('2026-12-01T06:00:00Z'));
      await job.stop();
      expect(run).toEqual({
        droppedPartitions: ['visitor_events_20260110', 'visitor_events_20260901'],
        deletedSessions: 2,
        // Per expired day: its minute, quarter-hour and hour rows and one day bitmap, and the
        // breakdown rows of its one pageview (8 dimensions × quarter, hour and day).
        deletedRollupRows: 2 * (4 + 8 * 3),
      });
      const events = await pool.query<{ session_id: string }>('SELECT session_id FROM visitor_events');
      expect(events.rows.map((row) => row.session_id)).toEqual(['recent']);
      const sessions = await pool.query<{ session_id: string }>('SELECT session_id FROM visitor_sessions');
      expect(sessions.rows.map((row) => row.session_id)).toEqual(['recent']);
      const rollupDays = await pool.query<{ day: string }>(
        `SELECT DISTINCT to_char(minute AT TIME ZONE 'UTC', 'YYYY-MM-DD') AS day FROM visitor_minutes
         UNION SELECT to_char(day, 'YYYY-MM-DD') FROM visitor_day_visitors
         UNION SELECT to_char(bucket AT TIME ZONE 'UTC', 'YYYY-MM-DD') FROM visitor_breakdowns`,
      );
      expect(rollupDays.rows.map((row) => row.day)).toEqual(['2026-11-30']);
    } finally {
      await pool.end();
    }
  });
});
