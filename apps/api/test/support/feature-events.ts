import { randomUUID } from 'node:crypto';
import type { Gender } from '@showfloor/contracts';
import { createPgPool, type PgPool } from '@showfloor/db';
import { ageBandCode, genderCode } from '../../src/modules/feature-analytics/feature-cells.ts';
import type { TestApi } from './test-api.ts';

export interface AnalyticsUser {
  id: string;
  ordinal: number;
  age: number | null;
  gender: Gender | null;
}

/** A user who only clicks (never signs in here): demographics as given. */
export async function analyticsUser(api: TestApi, age: number | null, gender: Gender | null): Promise<AnalyticsUser> {
  const suffix = randomUUID().slice(0, 8);
  const user = await api.db.prisma.user.create({
    data: { username: `clicker_${suffix}`, passwordHash: 'not-used', age, gender },
    select: { id: true, ordinal: true },
  });
  return { ...user, age, gender };
}

export interface PastEvent {
  user: AnalyticsUser;
  feature: string;
  at: string | Date;
}

/**
 * Events at exact moments of the past, through the function every group commit calls
 * (record_feature_events): POST /api/track clamps `occurredAt` to the last 72 hours.
 */
export async function recordPastEvents(pool: PgPool, events: PastEvent[]): Promise<void> {
  await pool.query('SELECT record_feature_events($1, $2, $3, $4, $5, $6, $7, $8, $9)', [
    events.map(() => randomUUID()),
    events.map((event) => new Date(event.at)),
    events.map((event) => event.user.id),
    events.map((event) => event.user.ordinal),
    events.map((event) => event.feature),
    events.map((event) => ageBandCode(event.user.age)),
    events.map((event) => genderCode(event.user.gender)),
    events.map(() => null),
    events.map(() => true),
  ]);
}

export function featurePool(api: TestApi): PgPool {
  return createPgPool({ databaseUrl: api.db.url, maxConnections: 3 });
}
