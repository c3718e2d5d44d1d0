import type { VisitorDevice } from '@showfloor/contracts';
import { CappedCounts } from './capped-counts.ts';

export const unknownKey = '(unknown)';
export const directKey = '(direct)';
const dayMs = 86_400_000;

/**
 * Today's figures of one segment of visitors: the sessions of one country on one kind of device.
 * Filters by country and device pick segments; the segments together are the whole day. Bounded:
 * about 250 countries by 4 devices, each table capped.
 */
export class VisitorSegment {
  readonly pages = new CappedCounts();
  readonly entryPages = new CappedCounts();
  readonly exitPages = new CappedCounts();
  readonly referrers = new CappedCounts();
  readonly browsers = new CappedCounts(200);
  readonly os = new CappedCounts(200);
  pageviews = 0;
  sessions = 0;
  finished = 0;
  bounces = 0;
  finishedDurationMs = 0;

  constructor(
    readonly country: string | null,
    readonly device: VisitorDevice | null,
  ) {}
}

/**
 * Today's (UTC) counters. Everything starts again at midnight UTC. `pagesVisited` and `pageviews`
 * are kept outside the segments too: every collector answer carries them, so they must cost nothing to read.
 */
export class TodayTotals {
  private day = -1;
  private segments = new Map<string, VisitorSegment>();
  pageviews = 0;
  /** Pageviews today by page, answered as is (the seed's `pages_visited`): a record, no copy. */
  pagesVisited: Record<string, number> = Object.create(null);
  private pageKeys = 0;

  /** Starts a new day when `now` is past midnight. */
  rollOver(now: number): void {
    const day = Math.floor(now / dayMs);
    if (day === this.day) return;
    this.day = day;
    this.segments = new Map();
    this.pageviews = 0;
    this.pagesVisited = Object.create(null);
    this.pageKeys = 0;
  }

  segment(country: string | null, device: VisitorDevice | null): VisitorSegment {
    const key = `${country ?? ''}\u0000${device ?? ''}`;
    let segment = this.segments.get(key);
    if (!segment) {
      segment = new VisitorSegment(country, device);
      this.segments.set(key, segment);
    }
    return segment;
  }

  countPageview(segment: VisitorSegment, page: string): void {
    this.pageviews += 1;
    segment.pageviews += 1;
    segment.pages.add(page);
    let key = page;
    if (this.pagesVisited[key] === undefined) {
      if (this.pageKeys >= 1_000) key = '(other)';
      else this.pageKeys += 1;
    }
    this.pagesVisited[key] = (this.pagesVisited[key] ?? 0) + 1;
  }

  matching(filter: { country?: string | undefined; device?: VisitorDevice | undefined }): VisitorSegment[] {
    return [...this.segments.values()].filter(
      (segment) =>
        (filter.country === undefined || segment.country === filter.country) &&
        (filter.device === undefined || segment.device === filter.device),
    );
  }
}
