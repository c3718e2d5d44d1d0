import type { VisitorDimension, VisitorFilter } from '@showfloor/contracts';
import { sketchRegisters } from '../visitor-sketch.ts';
import { dayMs } from './pageview-chunks.ts';
import type { SessionDimension } from './session-columns.ts';
import type { VisitorIndex } from './visitor-index.ts';

/*
 * The raw reads' rules (visitor-history.repository.ts), over the index's columns:
 * - pageview figures count the pageviews inside [from, to) whose page passes the page filters and
 *   whose session passes the others;
 * - session figures count the sessions with a pageview that *started* inside [from, to) and pass the
 *   session filters, and — with page filters — have a pageview at or after `from`, inside the
 *   session, that passes them; in a page breakdown a session counts under every page it viewed so.
 * A filter is a lookup table over the value codes, so `contains` and `is_not` cost what `is` does.
 * Visitors are exact for the whole range (one group) and HyperLogLog sketches per group otherwise,
 * with the same 2,048 registers (and estimator) as the breakdown rollups.
 */

export interface ScanScope {
  from: number;
  to: number;
  site: string | null;
  filters: VisitorFilter[];
}

/** What a figure is grouped by: nothing, buckets of time, or the values of a dimension. */
export type Grouping =
  | { kind: 'total' }
  | { kind: 'buckets'; count: number; bucketOfMinute: Int32Array; firstMinute: number }
  | { kind: 'values'; dimension: VisitorDimension };

export interface GroupFigures {
  groups: number;
  /** A group any pageview or session counted in. */
  seen: Uint8Array;
  pageviews: Float64Array;
  sessions: Float64Array;
  bounces: Float64Array;
  durationMs: Float64Array;
  /** Per group, the registers of its visitors' sketch (undefined: none). */
  sketches: (Uint8Array | undefined)[];
  /** Distinct visitors over every group, exactly. */
  visitors: number;
}

const minuteMs = 60_000;
const byNothing = 0;
const byBucket = 1;
const byPage = 2;
const bySession = 3;

export function matchesFilter(value: string | null, filter: VisitorFilter): boolean {
  if (filter.operator === 'is') return value === filter.value;
  if (filter.operator === 'is_not') return value !== filter.value;
  return value !== null && value.toLowerCase().includes(filter.value.toLowerCase());
}

/** A lookup table over the value codes: every filter on `dimension` passes (null: no such filter). */
function tableOf(index: VisitorIndex, filters: VisitorFilter[]): Uint8Array | null {
  if (filters.length === 0) return null;
  return index.values.table((value) => filters.every((filter) => matchesFilter(value, filter)));
}

interface SessionTest {
  column: Uint32Array;
  passes: Uint8Array;
}

/** Reusable across scans (they never overlap: a scan runs to the end without yielding). */
let visitorStamps = new Uint32Array(0);
let stamp = 0;

function countVisitor(visitor: number): boolean {
  if (visitor >= visitorStamps.length) {
    const grown = new Uint32Array(Math.max(visitor + 1, visitorStamps.length * 2, 1_024));
    grown.set(visitorStamps);
    visitorStamps = grown;
  }
  if (visitorStamps[visitor] === stamp) return false;
  visitorStamps[visitor] = stamp;
  return true;
}

function nextStamp(): void {
  stamp = (stamp + 1) >>> 0;
  if (stamp === 0) {
    visitorStamps.fill(0);
    stamp = 1;
  }
}

export function scanIndex(index: VisitorIndex, scope: ScanScope, grouping: Grouping): GroupFigures {
  const { sessions, values } = index;
  const groups =
    grouping.kind === 'total' ? 1 : grouping.kind === 'buckets' ? grouping.count : Math.max(1, values.size);
  const figures: GroupFigures = {
    groups,
    seen: new Uint8Array(groups),
    pageviews: new Float64Array(groups),
    sessions: new Float64Array(groups),
    bounces: new Float64Array(groups),
    durationMs: new Float64Array(groups),
    sketches: new Array(groups),
    visitors: 0,
  };
  const site = scope.site === null ? -1 : (values.find(scope.site) ?? -2);
  if (site === -2) return figures; // no event of that site is held
  const pageFilters = scope.filters.filter((filter) => filter.dimension === 'page');
  const pagePasses = tableOf(index, pageFilters);
  const sessionTests: SessionTest[] = [];
  for (const dimension of new Set(scope.filters.map((filter) => filter.dimension))) {
    if (dimension === 'page') continue;
    const passes = tableOf(
      index,
      scope.filters.filter((filter) => filter.dimension === dimension),
    ) as Uint8Array;
    sessionTests.push({ column: sessions.column(dimension as SessionDimension), passes });
  }
  const mode =
    grouping.kind === 'total'
      ? byNothing
      : grouping.kind === 'buckets'
        ? byBucket
        : grouping.dimension === 'page'
          ? byPage
          : bySession;
  const groupColumn =
    mode === bySession ? sessions.column((grouping as { dimension: SessionDimension }).dimension) : null;
  const sessionPasses = (slot: number): boolean => {
    for (const test of sessionTests) if (test.passes[test.column[slot] as number] === 0) return false;
    return true;
  };

  nextStamp();
  countPageviews();
  if (mode === byPage) countPageSessions();
  else countSessions();
  return figures;

  function countPageviews(): void {
    const sites = sessions.site.data;
    const bucketOfMinute = grouping.kind === 'buckets' ? grouping.bucketOfMinute : null;
    const firstMinute = grouping.kind === 'buckets' ? grouping.firstMinute : 0;
    const { pageviews, seen, sketches } = figures;
    for (const day of index.days) {
      if (day.dayStart + dayMs <= scope.from || day.dayStart >= scope.to) continue;
      const daySessions = day.session.data;
      const pages = day.page.data;
      const visitors = day.visitor.data;
      const offsets = day.offset.data;
      const from = scope.from - day.dayStart;
      const to = scope.to - day.dayStart;
      for (let i = 0; i < day.length; i++) {
        const offset = offsets[i] as number;
        if (offset < from || offset >= to) continue;
        const page = pages[i] as number;
        if (pagePasses !== null && pagePasses[page] === 0) continue;
        const slot = daySessions[i] as number;
        if (site >= 0 && sites[slot] !== site) continue;
        if (sessionTests.length > 0 && !sessionPasses(slot)) continue;
        const group =
          mode === byNothing
            ? 0
            : mode === byPage
              ? page
              : mode === bySession
                ? ((groupColumn as Uint32Array)[slot] as number)
                : ((bucketOfMinute as Int32Array)[
                    Math.floor((day.dayStart + offset) / minuteMs) - firstMinute
                  ] as number);
        pageviews[group] = (pageviews[group] as number) + 1;
        seen[group] = 1;
        const visitor = visitors[i] as number;
        if (countVisitor(visitor)) figures.visitors += 1;
        if (mode !== byNothing) sketch(sketches, group, visitor);
      }
    }
  }

  /** Sessions that count, by the session rules, before the page filters. */
  function sessionCounts(slot: number): boolean {
    if (sessions.pageviews.data[slot] === 0) return false;
    const startedAt = sessions.startedAt.data[slot] as number;
    if (startedAt < scope.from || startedAt >= scope.to) return false;
    if (site >= 0 && sessions.site.data[slot] !== site) return false;
    return sessionTests.length === 0 || sessionPasses(slot);
  }

  /**
   * Calls `visit` with each held pageview at or after `from` that lies inside its session's span and
   * passes the page filters, for the sessions `candidate` says (they started in the range, so no
   * later day than the latest end among them can hold one).
   */
  function eachSessionPageview(candidate: Uint8Array, latestEnd: number, visit: (slot: number, page: number) => void) {
    const started = sessions.startedAt.data;
    const ended = sessions.endedAt.data;
    for (const day of index.days) {
      if (day.dayStart + dayMs <= scope.from || day.dayStart > latestEnd) continue;
      const daySessions = day.session.data;
      const pages = day.page.data;
      const offsets = day.offset.data;
      for (let i = 0; i < day.length; i++) {
        const slot = daySessions[i] as number;
        if (candidate[slot] === 0) continue;
        const page = pages[i] as number;
        if (pagePasses !== null && pagePasses[page] === 0) continue;
        const at = day.dayStart + (offsets[i] as number);
        if (at < scope.from || at < (started[slot] as number) || at > (ended[slot] as number)) continue;
        visit(slot, page);
      }
    }
  }

  function addSession(group: number, slot: number): void {
    figures.seen[group] = 1;
    figures.sessions[group] = (figures.sessions[group] as number) + 1;
    if (sessions.pageviews.data[slot] === 1) figures.bounces[group] = (figures.bounces[group] as number) + 1;
    figures.durationMs[group] =
      (figures.durationMs[group] as number) +
      ((sessions.endedAt.data[slot] as number) - (sessions.startedAt.data[slot] as number));
  }

  function candidates(): { candidate: Uint8Array; latestEnd: number } {
    const candidate = new Uint8Array(sessions.length);
    let latestEnd = Number.NEGATIVE_INFINITY;
    for (let slot = 0; slot < sessions.length; slot++) {
      if (!sessionCounts(slot)) continue;
      candidate[slot] = 1;
      latestEnd = Math.max(latestEnd, sessions.endedAt.data[slot] as number);
    }
    return { candidate, latestEnd };
  }

  function countSessions(): void {
    const bucketOfMinute = grouping.kind === 'buckets' ? grouping.bucketOfMinute : null;
    const firstMinute = grouping.kind === 'buckets' ? grouping.firstMinute : 0;
    const { candidate, latestEnd } = candidates();
    if (pagePasses !== null) {
      // Page filters: only a session with a passing pageview of its own counts.
      const viewed = new Uint8Array(sessions.length);
      eachSessionPageview(candidate, latestEnd, (slot) => {
        viewed[slot] = 1;
      });
      for (let slot = 0; slot < sessions.length; slot++) if (viewed[slot] === 0) candidate[slot] = 0;
    }
    for (let slot = 0; slot < sessions.length; slot++) {
      if (candidate[slot] === 0) continue;
      const group =
        mode === byNothing
          ? 0
          : mode === bySession
            ? ((groupColumn as Uint32Array)[slot] as number)
            : ((bucketOfMinute as Int32Array)[
                Math.floor((sessions.startedAt.data[slot] as number) / minuteMs) - firstMinute
              ] as number);
      addSession(group, slot);
    }
  }

  /** A page breakdown's sessions: each counting session once under every distinct page it viewed. */
  function countPageSessions(): void {
    const { candidate, latestEnd } = candidates();
    // Pages grouped by session (a counting sort), then each session's distinct pages.
    const starts = new Uint32Array(sessions.length + 1);
    eachSessionPageview(candidate, latestEnd, (slot) => {
      starts[slot + 1] = (starts[slot + 1] as number) + 1;
    });
    for (let slot = 0; slot < sessions.length; slot++) {
      starts[slot + 1] = (starts[slot + 1] as number) + (starts[slot] as number);
    }
    const filled = starts.slice(0, sessions.length);
    const pagesBySession = new Uint32Array(starts[sessions.length] as number);
    eachSessionPageview(candidate, latestEnd, (slot, page) => {
      pagesBySession[filled[slot] as number] = page;
      filled[slot] = (filled[slot] as number) + 1;
    });
    const lastSession = new Int32Array(values.size).fill(-1);
    for (let slot = 0; slot < sessions.length; slot++) {
      for (let at = starts[slot] as number; at < (starts[slot + 1] as number); at++) {
        const page = pagesBySession[at] as number;
        if (lastSession[page] === slot) continue;
        lastSession[page] = slot;
        addSession(page, slot);
      }
    }
  }
}

/** Adds a visitor to its group's sketch: register from 11 bits of a 32-bit mix, rank from the rest. */
function sketch(sketches: (Uint8Array | undefined)[], group: number, visitor: number): void {
  let hash = visitor ^ 0x9e3779b9;
  hash = Math.imul(hash ^ (hash >>> 16), 0x85ebca6b);
  hash = Math.imul(hash ^ (hash >>> 13), 0xc2b2ae35);
  hash ^= hash >>> 16;
  const register = hash & (sketchRegisters - 1);
  const rest = hash >>> 11;
  const rank = rest === 0 ? 22 : Math.clz32(rest) - 10;
  let registers = sketches[group];
  if (registers === undefined) {
    registers = new Uint8Array(sketchRegisters);
    sketches[group] = registers;
  }
  if ((registers[register] as number) < rank) registers[register] = rank;
}

/** What estimateVisitors (visitor-sketch.ts) takes: how many registers have rank ≥ 1, 2, … 22. */
export function registersAtLeast(registers: Uint8Array | undefined): number[] | null {
  if (registers === undefined) return null;
  const exactly = new Array<number>(23).fill(0);
  for (const rank of registers) exactly[rank] = (exactly[rank] ?? 0) + 1;
  const atLeast = new Array<number>(22).fill(0);
  let running = 0;
  for (let rank = 22; rank >= 1; rank--) {
    running += exactly[rank] as number;
    atLeast[rank - 1] = running;
  }
  return atLeast;
}
