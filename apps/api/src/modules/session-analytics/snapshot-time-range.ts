import type { SnapshotTimeRange } from '@showfloor/contracts';

const rangeMs: Record<Exclude<SnapshotTimeRange, 'all'>, number> = {
  '1h': 3_600_000,
  '6h': 6 * 3_600_000,
  '24h': 24 * 3_600_000,
  '7d': 7 * 24 * 3_600_000,
};

/**
 * The earliest snapshot minute a time range keeps (inclusive), or null for `all`. The window ends
 * at the stream's end for an ended session — "the last hour" of a past stream is its final hour,
 * not the hour before the request — and at `now` otherwise.
 */
export function snapshotWindowStart(range: SnapshotTimeRange, now: Date, endedAt: Date | null): Date | null {
  if (range === 'all') return null;
  const anchor = endedAt !== null && endedAt.getTime() < now.getTime() ? endedAt : now;
  return new Date(anchor.getTime() - rangeMs[range]);
}
