import { dayMs, dayStartOf, PageviewChunk } from './pageview-chunks.ts';
import { SessionColumns } from './session-columns.ts';
import { ValueDictionary } from './value-dictionary.ts';

/** A visitor_sessions row as PostgreSQL sends it. */
export interface SessionRow {
  ordinal: number;
  site: string;
  startedAt: number;
  endedAt: number;
  pageviews: number;
  entryPage: string | null;
  exitPage: string | null;
  referrer: string | null;
  country: string | null;
  device: string | null;
  browser: string | null;
  os: string | null;
}

const closedAfterMs = 3_600_000;

export interface VisitorIndexStats {
  sessions: number;
  pageviews: number;
  days: number;
  /** Reads whose range starts here or later are answered from memory. */
  coveredFrom: string | null;
  /** The last event seq applied. */
  seq: number;
  bytes: number;
}

/**
 * The visitor history's pageviews and sessions held in memory, column by column, for the reads the
 * rollups cannot answer (several filters, a breakdown filtered on another dimension): a scan of
 * typed arrays instead of a join of millions of rows (visitor-index-scan.ts). It holds whole UTC
 * days, newest first, up to `maxPageviews`; `coveredFrom` is where that starts. What is in it is
 * exactly what PostgreSQL held at event seq `seq` (visitor-index-sync.ts keeps it there).
 */
export class VisitorIndex {
  readonly values = new ValueDictionary();
  readonly sessions = new SessionColumns();
  /** Held days, oldest first. */
  readonly days: PageviewChunk[] = [];
  seq = 0;
  pageviews = 0;
  /** Scans running (visitor-index-scan.ts): they yield between days, and pruning waits for them. */
  scans = 0;
  /** The highest visitor ordinal held (a scan's set of visitors is a bitset that large). */
  maxVisitor = 0;
  /** The start of the oldest day held whole; Infinity while nothing is. */
  coveredFrom = Number.POSITIVE_INFINITY;
  private readonly byDay = new Map<number, PageviewChunk>();

  constructor(readonly maxPageviews: number) {}

  /** Starts holding days from `dayStart` on (the loader picks it from the days' sizes). */
  coverFrom(dayStart: number): void {
    this.coveredFrom = dayStart;
  }

  covers(from: number): boolean {
    return from >= this.coveredFrom;
  }

  applySession(row: SessionRow): number {
    const { values } = this;
    return this.sessions.upsert({
      ordinal: row.ordinal,
      site: values.code(row.site),
      startedAt: row.startedAt,
      endedAt: row.endedAt,
      pageviews: row.pageviews,
      entryPage: values.code(row.entryPage),
      exitPage: values.code(row.exitPage),
      referrer: values.code(row.referrer),
      country: values.code(row.country),
      device: values.code(row.device),
      browser: values.code(row.browser),
      os: values.code(row.os),
    });
  }

  /** A pageview of the session in `slot`; one before `coveredFrom` is not held. */
  applyPageview(slot: number, page: string, visitor: number, at: number): void {
    const dayStart = dayStartOf(at);
    if (dayStart < this.coveredFrom) return;
    this.dayOf(dayStart).push(slot, this.values.code(page), visitor, at);
    this.pageviews += 1;
    if (visitor > this.maxVisitor) this.maxVisitor = visitor;
  }

  /**
   * Gives up the days before `cutoff` (retention) and, oldest first, the days over `maxPageviews`;
   * forgets the sessions that ended before what is still covered.
   */
  prune(cutoff: number): void {
    if (this.scans > 0) return; // the next catch-up prunes
    let dropped = false;
    while (this.days.length > 0) {
      const oldest = this.days[0] as PageviewChunk;
      if (oldest.dayStart >= cutoff && this.pageviews <= this.maxPageviews) break;
      this.days.shift();
      this.byDay.delete(oldest.dayStart);
      this.pageviews -= oldest.length;
      this.coveredFrom = Math.max(this.coveredFrom, oldest.dayStart + dayMs);
      dropped = true;
    }
    if (cutoff > this.coveredFrom) this.coveredFrom = cutoff;
    if (dropped) this.forgetEndedSessions();
  }

  /**
   * Groups by session each day that ended over an hour before `now` and changed since (a late
   * event reopens it until then). Never during a scan: it replaces the day's columns.
   */
  sortClosedDays(now: number): void {
    if (this.scans > 0) return;
    for (const day of this.days) if (!day.sorted && day.dayStart + dayMs + closedAfterMs < now) day.sortBySession();
  }

  stats(): VisitorIndexStats {
    return {
      sessions: this.sessions.length,
      pageviews: this.pageviews,
      days: this.days.length,
      coveredFrom: Number.isFinite(this.coveredFrom) ? new Date(this.coveredFrom).toISOString() : null,
      seq: this.seq,
      bytes: this.sessions.bytes + this.days.reduce((sum, day) => sum + day.bytes, 0),
    };
  }

  private dayOf(dayStart: number): PageviewChunk {
    let day = this.byDay.get(dayStart);
    if (day === undefined) {
      day = new PageviewChunk(dayStart);
      this.byDay.set(dayStart, day);
      let at = this.days.length;
      while (at > 0 && (this.days[at - 1] as PageviewChunk).dayStart > dayStart) at--;
      this.days.splice(at, 0, day);
    }
    return day;
  }

  /** A session that ended before `coveredFrom` has no pageview held and counts in no read it serves. */
  private forgetEndedSessions(): void {
    const ended = this.sessions.endedAt.data;
    const moved = this.sessions.compact((slot) => (ended[slot] as number) >= this.coveredFrom);
    for (const day of this.days) day.moveSessions(moved);
  }
}
