import type { VisitorDimension } from '@showfloor/contracts';
import { GrowableF64, GrowableU32 } from './growable-columns.ts';

/** A visitor_sessions row as the index keeps it: text values already coded (value-dictionary.ts). */
export interface SessionFacts {
  /** visitor_sessions.ordinal: the number pageviews point at. */
  ordinal: number;
  site: number;
  startedAt: number;
  endedAt: number;
  pageviews: number;
  entryPage: number;
  exitPage: number;
  referrer: number;
  country: number;
  device: number;
  browser: number;
  os: number;
}

export type SessionDimension = Exclude<VisitorDimension, 'page'>;

/**
 * The sessions, one column per field, addressed by slot (the place a session was appended at).
 * A session is found by its ordinal: binary search over the ordinals appended in increasing order
 * (every writer commits in order, so that is all of them in practice), a map for any other.
 */
export class SessionColumns {
  readonly ordinal = new GrowableF64(1_024);
  readonly site = new GrowableU32(1_024);
  readonly startedAt = new GrowableF64(1_024);
  readonly endedAt = new GrowableF64(1_024);
  readonly pageviews = new GrowableU32(1_024);
  readonly entryPage = new GrowableU32(1_024);
  readonly exitPage = new GrowableU32(1_024);
  readonly referrer = new GrowableU32(1_024);
  readonly country = new GrowableU32(1_024);
  readonly device = new GrowableU32(1_024);
  readonly browser = new GrowableU32(1_024);
  readonly os = new GrowableU32(1_024);
  private readonly sortedOrdinals = new GrowableF64(1_024);
  private readonly sortedSlots = new GrowableU32(1_024);
  private readonly lateSlots = new Map<number, number>();
  private readonly dimensions: Record<SessionDimension, GrowableU32> = {
    entry_page: this.entryPage,
    exit_page: this.exitPage,
    referrer: this.referrer,
    country: this.country,
    device: this.device,
    browser: this.browser,
    os: this.os,
  };
  /** Every per-session column but the ordinal. */
  private readonly fields: readonly (GrowableU32 | GrowableF64)[] = [
    this.site,
    this.startedAt,
    this.endedAt,
    this.pageviews,
    ...Object.values(this.dimensions),
  ];

  get length(): number {
    return this.ordinal.length;
  }

  get bytes(): number {
    const columns = [this.ordinal, ...this.fields, this.sortedOrdinals, this.sortedSlots];
    return columns.reduce((sum, column) => sum + column.bytes, 0) + this.lateSlots.size * 40;
  }

  /** The column of a session dimension (its values' codes). */
  column(dimension: SessionDimension): Uint32Array {
    return this.dimensions[dimension].data;
  }

  slotOf(ordinal: number): number | undefined {
    const ordinals = this.sortedOrdinals.data;
    let low = 0;
    let high = this.sortedOrdinals.length - 1;
    while (low <= high) {
      const middle = (low + high) >>> 1;
      const found = ordinals[middle] as number;
      if (found === ordinal) return this.sortedSlots.data[middle];
      if (found < ordinal) low = middle + 1;
      else high = middle - 1;
    }
    return this.lateSlots.get(ordinal);
  }

  /** Writes the session's current figures; returns its slot. */
  upsert(facts: SessionFacts): number {
    let slot = this.slotOf(facts.ordinal);
    if (slot === undefined) {
      slot = this.ordinal.push(facts.ordinal);
      for (const column of this.fields) column.push(0);
      this.index(facts.ordinal, slot);
    }
    this.site.data[slot] = facts.site;
    this.startedAt.data[slot] = facts.startedAt;
    this.endedAt.data[slot] = facts.endedAt;
    this.pageviews.data[slot] = facts.pageviews;
    this.entryPage.data[slot] = facts.entryPage;
    this.exitPage.data[slot] = facts.exitPage;
    this.referrer.data[slot] = facts.referrer;
    this.country.data[slot] = facts.country;
    this.device.data[slot] = facts.device;
    this.browser.data[slot] = facts.browser;
    this.os.data[slot] = facts.os;
    return slot;
  }

  /**
   * Keeps only the sessions `keep` says, in their order; returns each old slot's new one (-1: gone)
   * for the pageviews that point at them.
   */
  compact(keep: (slot: number) => boolean): Int32Array {
    const moved = new Int32Array(this.length).fill(-1);
    const columns = [this.ordinal, ...this.fields];
    let next = 0;
    for (let slot = 0; slot < this.length; slot++) {
      if (!keep(slot)) continue;
      for (const column of columns) column.data[next] = column.data[slot] as number;
      moved[slot] = next++;
    }
    for (const column of columns) column.truncate(next);
    this.sortedOrdinals.truncate(0);
    this.sortedSlots.truncate(0);
    this.lateSlots.clear();
    for (let slot = 0; slot < next; slot++) this.index(this.ordinal.data[slot] as number, slot);
    return moved;
  }

  private index(ordinal: number, slot: number): void {
    const count = this.sortedOrdinals.length;
    if (count === 0 || ordinal > (this.sortedOrdinals.data[count - 1] as number)) {
      this.sortedOrdinals.push(ordinal);
      this.sortedSlots.push(slot);
    } else {
      this.lateSlots.set(ordinal, slot);
    }
  }
}
