import type { PrismaClient } from '@showfloor/db';
import type { Logger } from '@showfloor/server-kit';
import { setUpFeatureAnalytics } from '../modules/feature-analytics/feature-analytics.setup.ts';
import { createCacheEvictions } from '../shared/cache-evictions.ts';

/** Seed 004's demo users, the ones who click. */
export const featureDemoUsers = [
  'alice_pm',
  'bob_dev',
  'carol_ops',
  'dan_analyst',
  'eve_design',
  'frank_support',
  'grace_sales',
  'heidi_qa',
  'ivan_growth',
  'judy_research',
];

/** Popular first: the bar chart has a clear leader, as in seed 004's example. */
const features = ['date_filter', 'bar_chart_click', 'gender_filter', 'age_filter', 'line_chart_zoom', 'export_csv'];
const weights = [30, 22, 16, 14, 10, 8];

export const demoFeatureClicks = 220;
const days = 60;

/**
 * 220 clicks spread over the last 60 days, written through the same group-commit writer as
 * POST /api/track (with their past timestamps kept). Deterministic, so every fresh start shows the
 * same charts.
 */
export async function seedFeatureClicks(deps: {
  prisma: PrismaClient;
  databaseUrl: string;
  logger: Logger;
}): Promise<number> {
  const users = await deps.prisma.user.findMany({
    where: { username: { in: featureDemoUsers } },
    select: { id: true, ordinal: true, age: true, gender: true },
    orderBy: { username: 'asc' },
  });
  const byId = new Map(users.map((user) => [user.id, user]));
  const analytics = setUpFeatureAnalytics({
    databaseUrl: deps.databaseUrl,
    // Nothing here is cached across the seed's own writes.
    evictions: createCacheEvictions({ logger: deps.logger }),
    writer: {
      mode: 'batched',
      maxBatchEvents: 1_000,
      lingerMs: 0,
      maxPendingEvents: 10_000,
      commitDeadlineMs: 30_000,
      connections: 1,
    },
    findTrackingUser: async (userId) => byId.get(userId) ?? null,
    userCacheTtlMs: 0,
    perRowConnections: 1,
    logger: deps.logger,
  });
  let state = 4_004;
  const random = () => {
    state = (state * 1_103_515_245 + 12_345) % 2_147_483_648;
    return state / 2_147_483_648;
  };
  const totalWeight = weights.reduce((sum, weight) => sum + weight, 0);
  const pickFeature = () => {
    let roll = random() * totalWeight;
    for (const [index, weight] of weights.entries()) {
      roll -= weight;
      if (roll < 0) return features[index] as string;
    }
    return features[0] as string;
  };
  const now = Date.now();
  const perUser = new Map<string, { feature_name: string; occurredAt: Date }[]>();
  for (let click = 0; click < demoFeatureClicks; click += 1) {
    const user = users[Math.floor(random() * users.length)];
    if (!user) break;
    const occurredAt = new Date(now - Math.floor(random() * days * 86_400_000));
    perUser.set(user.id, [...(perUser.get(user.id) ?? []), { feature_name: pickFeature(), occurredAt }]);
  }
  try {
    await Promise.all([...perUser].map(([userId, events]) => analytics.service.importEvents(userId, events)));
  } finally {
    await analytics.close();
  }
  return [...perUser.values()].reduce((sum, events) => sum + events.length, 0);
}
