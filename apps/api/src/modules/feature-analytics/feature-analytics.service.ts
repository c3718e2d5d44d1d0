import { randomUUID } from 'node:crypto';
import { TokenStateCache } from '@showfloor/access-tokens';
import {
  type FeatureAnalytics,
  type FeatureAnalyticsFigures,
  type featureAnalyticsQuerySchema,
  type Gender,
  type TrackEventBody,
  trackBackdateLimitHours,
  UnauthorizedError,
} from '@showfloor/contracts';
import type { z } from 'zod';
import { type Actor, assertAdmin } from '../../shared/authorization.ts';
import type { CacheEvictions } from '../../shared/cache-evictions.ts';
import { type AnalyticsRange, intervalStart, intervalsOf, previousRange, resolveRange } from './analytics-range.ts';
import { ageBandCode, cellOf, genderCode } from './feature-cells.ts';
import type { FeatureEventWriter } from './feature-event-writer.ts';
import type { Cell, FeatureEventRow, FeatureEventsRepository } from './feature-events.repository.ts';

export type FeatureAnalyticsQuery = z.output<typeof featureAnalyticsQuerySchema>;
type TrackEvent = Omit<TrackEventBody, 'occurredAt'> & { occurredAt?: Date | undefined };

export interface TrackingUser {
  ordinal: number;
  age: number | null;
  gender: Gender | null;
}

export interface FeatureAnalyticsServiceDeps {
  repository: FeatureEventsRepository;
  writer: FeatureEventWriter;
  /** The user row's demographics, or null when the user no longer exists. */
  findTrackingUser(userId: string): Promise<TrackingUser | null>;
  userCacheTtlMs: number;
  /** A profile change evicts the user's cached band and gender, so their next events carry the new ones. */
  evictions: CacheEvictions;
  now?: () => Date;
}

const hourMs = 3_600_000;

/**
 * No stored event is later than its arrival (below), so none is later than now plus how far
 * another API instance's clock may run ahead of this one's (NTP keeps them well within it). Reads
 * use it to treat the end of a range that is still in the future as a whole day.
 */
const clockSkewAllowanceMs = 5 * 60_000;

/** Clamped into [arrival − 72 h, arrival]: a client's clock may be off, but cannot rewrite history. */
function clampOccurredAt(occurredAt: Date | undefined, arrivedAt: Date): Date {
  if (occurredAt === undefined) return arrivedAt;
  const earliest = arrivedAt.getTime() - trackBackdateLimitHours * hourMs;
  return new Date(Math.min(arrivedAt.getTime(), Math.max(earliest, occurredAt.getTime())));
}

export function createFeatureAnalyticsService(deps: FeatureAnalyticsServiceDeps) {
  const { repository, writer } = deps;
  const now = deps.now ?? (() => new Date());
  const users = new TokenStateCache<TrackingUser | null>({ ttlMs: deps.userCacheTtlMs, maxEntries: 100_000 });
  deps.evictions.register((eviction) => {
    if (eviction.cache === 'profile') users.evict(eviction.userId);
  });
  const latestEvent = () => new Date(now().getTime() + clockSkewAllowanceMs);

  /** The caller's events as rows: who, their band and gender from the server, never from the body. */
  async function rowsFor(userId: string, events: TrackEvent[], options: { trustOccurredAt: boolean }) {
    const user = await users.get(userId, () => deps.findTrackingUser(userId));
    if (user === null) throw new UnauthorizedError('This account no longer exists');
    const arrivedAt = now();
    return events.map(
      (event): FeatureEventRow => ({
        id: randomUUID(),
        occurredAt:
          options.trustOccurredAt && event.occurredAt
            ? new Date(Math.min(event.occurredAt.getTime(), arrivedAt.getTime()))
            : clampOccurredAt(event.occurredAt, arrivedAt),
        userId,
        userOrdinal: user.ordinal,
        featureName: event.feature_name,
        ageBand: ageBandCode(user.age),
        gender: genderCode(user.gender),
        properties: event.properties ?? null,
      }),
    );
  }

  async function figures(
    query: FeatureAnalyticsQuery,
    range: AnalyticsRange,
    cell: Cell,
    /** The line chart's feature; a promise when it is another period's active feature, still being found. */
    wantedFeature: string | null | Promise<string | null>,
  ): Promise<FeatureAnalyticsFigures> {
    const parts = await repository.rangeParts(range.start, range.end, range.timeZone, latestEvent());
    const [totals, lineDays] = await Promise.all([
      repository.totals(cell, parts),
      typeof wantedFeature === 'string'
        ? repository.clicksPerDay(cell, parts, range.timeZone, wantedFeature)
        : Promise.resolve(null),
    ]);
    const bars = totals.features
      .map((feature) => ({
        feature_name: feature.featureName,
        total_clicks: feature.clicks,
        unique_users: feature.uniqueUsers,
      }))
      .sort((a, b) => b.total_clicks - a.total_clicks || a.feature_name.localeCompare(b.feature_name));
    const activeFeature = (await wantedFeature) ?? bars[0]?.feature_name ?? null;
    const days =
      lineDays ??
      (activeFeature === null ? [] : await repository.clicksPerDay(cell, parts, range.timeZone, activeFeature));
    const perInterval = new Map<string, number>();
    for (const day of days) {
      const label = intervalStart(day.date, query.interval);
      perInterval.set(label, (perInterval.get(label) ?? 0) + day.clicks);
    }
    return {
      bar_chart: bars,
      line_chart: intervalsOf(range, query.interval).map((date) => ({ date, click_count: perInterval.get(date) ?? 0 })),
      summary: {
        total_clicks: bars.reduce((sum, bar) => sum + bar.total_clicks, 0),
        unique_users: totals.uniqueUsers,
        date_range: { start: range.start, end: range.end, time_zone: range.timeZone },
        active_feature: activeFeature,
      },
    };
  }

  return {
    async track(caller: Actor, event: TrackEvent): Promise<{ id: string; occurredAt: Date }> {
      const [row] = await rowsFor(caller.userId, [event], { trustOccurredAt: false });
      await writer.write([row as FeatureEventRow]);
      return { id: (row as FeatureEventRow).id, occurredAt: (row as FeatureEventRow).occurredAt };
    },

    async trackBatch(caller: Actor, events: TrackEvent[]): Promise<{ stored: number }> {
      const rows = await rowsFor(caller.userId, events, { trustOccurredAt: false });
      await writer.write(rows);
      return { stored: rows.length };
    },

    /**
     * Events of the past, through the same writer (the demo seed's 60 days of clicks): their
     * `occurredAt` is kept as given, except that none is later than now (see latestEvent).
     */
    async importEvents(userId: string, events: (TrackEvent & { occurredAt: Date })[]): Promise<void> {
      await writer.write(await rowsFor(userId, events, { trustOccurredAt: true }));
    },

    async dashboard(caller: Actor, query: FeatureAnalyticsQuery): Promise<FeatureAnalytics> {
      assertAdmin(caller, 'Only admins can see feature analytics');
      const range = resolveRange(query, now());
      const cell = cellOf(query);
      const currentFigures = figures(query, range, cell, query.feature ?? null);
      // The previous period is read at the same time; only its line chart waits for this period's feature.
      const [current, previous] = await Promise.all([
        currentFigures,
        query.compare === 'previous'
          ? figures(
              query,
              previousRange(range),
              cell,
              currentFigures.then(
                (figures) => figures.summary.active_feature,
                () => null,
              ),
            )
          : undefined,
      ]);
      return { ...current, interval: query.interval, ...(previous ? { previous } : {}) };
    },

    /** Rows `date,feature_name,click_count` for every interval and feature with clicks, for a spreadsheet. */
    async dashboardCsv(caller: Actor, query: FeatureAnalyticsQuery): Promise<string> {
      assertAdmin(caller, 'Only admins can see feature analytics');
      const range = resolveRange(query, now());
      const parts = await repository.rangeParts(range.start, range.end, range.timeZone, latestEvent());
      const days = await repository.clicksPerDay(cellOf(query), parts, range.timeZone, query.feature ?? null);
      const totals = new Map<string, number>();
      for (const day of days) {
        const key = `${intervalStart(day.date, query.interval)},${day.featureName}`;
        totals.set(key, (totals.get(key) ?? 0) + day.clicks);
      }
      // Feature names are slugs and dates are digits, so no field needs quoting.
      const lines = [...totals.entries()]
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([key, clicks]) => `${key},${clicks}`);
      return `date,feature_name,click_count\n${lines.map((line) => `${line}\n`).join('')}`;
    },
  };
}

export type FeatureAnalyticsService = ReturnType<typeof createFeatureAnalyticsService>;
