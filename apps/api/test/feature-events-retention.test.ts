import { createLogger } from '@showfloor/server-kit';
import { ManualClock } from '@showfloor/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFeatureEventsRepository } from '../src/modules/feature-analytics/feature-events.repository.ts';
import { startFeatureEventsRetention } from '../src/modules/feature-analytics/feature-events-retention.job.ts';
import { analyticsUser, featurePool, recordPastEvents } from './support/feature-events.ts';
import { startTestApi, type TestApi } from './support/test-api.ts';

describe('feature event retention', () => {
  let api: TestApi;
  const pool = () => featurePool(api);

  beforeAll(async () => {
    api = await startTestApi();
  });
  afterAll(async () => api.close());

  it('drops whole day partitions past the retention and keeps the rollups for their own, longer one', async () => {
    const sql = pool();
    try {
      const user = await analyticsUser(api, 30, 'Female');
      await recordPastEvents(sql, [
        { user, feature: 'ancient', at: '2025-01-10T12:00:00Z' },
        { user, feature: 'old', at: '2026-08-01T12:00:00Z' },
        { user, feature: 'recent', at: '2026-11-30T12:00:00Z' },
      ]);
      const job = startFeatureEventsRetention({
        repository: createFeatureEventsRepository(sql),
        logger: createLogger({ name: 'retention-test', level: 'silent' }),
        eventRetentionDays: 90,
        rollupRetentionDays: 400,
        intervalMs: 3_600_000,
        batchSize: 2,
        clock: new ManualClock(Date.parse('2026-12-01T00:00:00Z')),
      });
      const run = await job.runOnce(new Date('2026-12-01T06:00:00Z'));
      await job.stop();
      expect(run.droppedPartitions).toEqual(['feature_events_20250110', 'feature_events_20260801']);
      const raw = await sql.query<{ feature_name: string }>('SELECT feature_name FROM feature_events');
      expect(raw.rows.map((row) => row.feature_name)).toEqual(['recent']);
      // Rollups of August stay (within 400 days); January 2025's are gone, from every rollup table.
      const days = await sql.query<{ feature_name: string }>(
        'SELECT DISTINCT feature_name FROM feature_click_days ORDER BY feature_name',
      );
      expect(days.rows.map((row) => row.feature_name)).toEqual(['old', 'recent']);
      for (const table of ['feature_click_quarters', 'feature_user_spans', 'feature_user_days']) {
        const left = await sql.query(`SELECT 1 FROM ${table} WHERE feature_name = 'ancient'`);
        expect(left.rowCount, table).toBe(0);
      }
      expect(run.deletedRollupRows).toBeGreaterThan(0);
    } finally {
      await sql.end();
    }
  });
});
