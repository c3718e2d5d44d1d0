import { GrowableU32 } from './growable-columns.ts';

export const dayMs = 86_400_000;

/** A run whose pageviews have more than one visitor. */
export const mixedVisitors = 0xffffffff;

/**
 * One UTC day of pageviews, in the order they arrived: the session slot each belongs to, its page,
 * its visitor (visitor_ordinals.ordinal) and its instant as milliseconds into the day. 16 bytes a
 * pageview. A day is the unit the index gives up when it is full or the day leaves retention.
 */
export class PageviewChunk {
  session = new GrowableU32(4_096);
  page = new GrowableU32(4_096);
  visitor = new GrowableU32(4_096);
  offset = new GrowableU32(4_096);
  /** Grouped by session (sortBySession) since the last push. */
  sorted = false;
  /**
   * While sorted, one entry per session's run of pageviews: where it starts (`runStart[r]` to
   * `runStart[r + 1]`), its session's slot, and its visitor (`mixedVisitors` when a session's
   * pageviews have more than one).
   */
  runStart = new Uint32Array(0);
  runSlot = new Uint32Array(0);
  runVisitor = new Uint32Array(0);

  constructor(readonly dayStart: number) {}

  get length(): number {
    return this.session.length;
  }

  get bytes(): number {
    return (
      this.session.bytes +
      this.page.bytes +
      this.visitor.bytes +
      this.offset.bytes +
      this.runStart.byteLength +
      this.runSlot.byteLength +
      this.runVisitor.byteLength
    );
  }

  push(session: number, page: number, visitor: number, at: number): void {
    this.sorted = false;
    this.session.push(session);
    this.page.push(page);
    this.visitor.push(visitor);
    this.offset.push(at - this.dayStart);
  }

  /**
   * Regroups the day's pageviews by session (a stable counting sort by slot, so a session's stay in
   * arrival order), into columns of exactly its length. A scan then decides a session's filters and
   * group once for its whole run of pageviews (visitor-index-scan.ts): done once a day has closed.
   */
  sortBySession(): void {
    const { length } = this;
    const sessions = this.session.data;
    let low = Number.POSITIVE_INFINITY;
    let high = -1;
    for (let i = 0; i < length; i++) {
      const slot = sessions[i] as number;
      if (slot < low) low = slot;
      if (slot > high) high = slot;
    }
    const starts = new Uint32Array(Math.max(0, high - low) + 2);
    for (let i = 0; i < length; i++) {
      const at = (sessions[i] as number) - low + 1;
      starts[at] = (starts[at] as number) + 1;
    }
    for (let k = 1; k < starts.length; k++) starts[k] = (starts[k] as number) + (starts[k - 1] as number);
    const order = new Uint32Array(length);
    for (let i = 0; i < length; i++) {
      const at = (sessions[i] as number) - low;
      order[starts[at] as number] = i;
      starts[at] = (starts[at] as number) + 1;
    }
    const columns = [this.session, this.page, this.visitor, this.offset];
    const [session, page, visitor, offset] = columns.map((column) => {
      const sorted = new GrowableU32(length);
      const source = column.data;
      for (let k = 0; k < length; k++) sorted.data[k] = source[order[k] as number] as number;
      sorted.length = length;
      return sorted;
    }) as [GrowableU32, GrowableU32, GrowableU32, GrowableU32];
    this.session = session;
    this.page = page;
    this.visitor = visitor;
    this.offset = offset;
    this.findRuns();
    this.sorted = true;
  }

  private findRuns(): void {
    const { length } = this;
    const sessions = this.session.data;
    const visitors = this.visitor.data;
    let runs = 0;
    for (let i = 0; i < length; i++) if (i === 0 || sessions[i] !== sessions[i - 1]) runs++;
    this.runStart = new Uint32Array(runs + 1);
    this.runSlot = new Uint32Array(runs);
    this.runVisitor = new Uint32Array(runs);
    let run = -1;
    for (let i = 0; i < length; i++) {
      if (i === 0 || sessions[i] !== sessions[i - 1]) {
        run++;
        this.runStart[run] = i;
        this.runSlot[run] = sessions[i] as number;
        this.runVisitor[run] = visitors[i] as number;
      } else if (visitors[i] !== this.runVisitor[run]) {
        this.runVisitor[run] = mixedVisitors;
      }
    }
    this.runStart[runs] = length;
  }

  /** After SessionColumns.compact: every pageview of a session that stayed points at its new slot. */
  moveSessions(moved: Int32Array): void {
    const sessions = this.session.data;
    for (let i = 0; i < this.length; i++) sessions[i] = moved[sessions[i] as number] as number;
    for (let run = 0; run < this.runSlot.length; run++)
      this.runSlot[run] = moved[this.runSlot[run] as number] as number;
  }
}

/** The UTC day holding `at`, as the instant it starts. */
export const dayStartOf = (at: number): number => Math.floor(at / dayMs) * dayMs;
