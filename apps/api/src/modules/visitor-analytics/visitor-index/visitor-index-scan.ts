import type { VisitorDimension, VisitorFilter } from '@showfloor/contracts';
import { sketchRegisters } from '../visitor-sketch.ts';
import { dayMs, mixedVisitors, type PageviewChunk } from './pageview-chunks.ts';
import type { SessionDimension } from './session-columns.ts';
import type { VisitorIndex } from './visitor-index.ts';

/*
 * The raw reads' rules (visitor-history.repository.ts), over the index's columns:
 * - pageview figures count the pageviews inside [from, to) whose page passes the page filters and
 *   whose session passes the others;
 * - session figures count the sessions with a pageview that *started* inside [from, to) and pass the
 *   session filters, and — with page filters — have a pageview at or after `from`, inside the
 *   session, that passes them; in a page breakdown a session counts under every page it viewed so.
 * A filter is a lookup table over the value codes, so `contains` and `is_not` cost what `is` does,
 * and the session filters are decided once per session before the pageviews are walked. Visitors
 * are exact for the whole range (a bitset of ordinals) and HyperLogLog sketches per group, with the
 * breakdown rollups' 2,048 registers and estimator.
 *
 * A scan yields to the event loop between days once it has run `sliceMs`, so a long read does not
 * hold other requests; the caller keeps the index from being pruned meanwhile (visitor-index.ts).
 * Pageviews appended while it runs are not counted (each day is read up to its length at the start).
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
const sliceMs = 8;
const byNothing = 0;
const byBucket = 1;
const byPage = 2;
const bySession = 3;

/** The SQL reads' rule (`condition` in visitor-history.repository.ts), for the lookup tables. */
function matchesFilter(value: string | null, filter: VisitorFilter): boolean {
  if (filter.operator === 'is') return value === filter.value;
  if (filter.operator === 'is_not') return value !== filter.value;
  return value?.toLowerCase().includes(filter.value.toLowerCase()) ?? false;
}

/** A lookup table over the value codes: every one of `filters` passes (null: there are none). */
function tableOf(index: VisitorIndex, filters: VisitorFilter[]): Uint8Array | null {
  if (filters.length === 0) return null;
  return index.values.table((value) => filters.every((filter) => matchesFilter(value, filter)));
}

const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

interface HeldDay {
  day: PageviewChunk;
  /** Its length when the scan began: what it counts. */
  length: number;
}

/** The index is not pruned while a scan runs (pruning moves sessions: visitor-index.ts). */
export async function scanIndex(index: VisitorIndex, scope: ScanScope, grouping: Grouping): Promise<GroupFigures> {
  index.scans += 1;
  try {
    return await scan(index, scope, grouping);
  } finally {
    index.scans -= 1;
  }
}

async function scan(index: VisitorIndex, scope: ScanScope, grouping: Grouping): Promise<GroupFigures> {
  const { sessions, values } = index;
  const held: HeldDay[] = index.days.map((day) => ({ day, length: day.length }));
  /** The held days that overlap [from, until]. */
  const daysOverlapping = (from: number, until: number) =>
    held.filter(({ day }) => day.dayStart + dayMs > from && day.dayStart <= until);
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
  const sessionCount = sessions.length;
  const pagePasses = tableOf(
    index,
    scope.filters.filter((filter) => filter.dimension === 'page'),
  );
  const passing = passingSessions(index, scope, site, sessionCount);
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
  const bucketOfMinute = grouping.kind === 'buckets' ? grouping.bucketOfMinute : null;
  const firstMinute = grouping.kind === 'buckets' ? grouping.firstMinute : 0;
  let sliceStarted = performance.now();
  const maybeYield = async () => {
    if (performance.now() - sliceStarted < sliceMs) return;
    await nextTurn();
    sliceStarted = performance.now();
  };

  // The sessions whose figures count: with a pageview, of the site, passing the session filters,
  // started in the range (and, with page filters, checked for a passing pageview below).
  const { candidate, latestEnd } = candidatesOf(index, scope, passing, sessionCount);
  // With page filters, a candidate counts once one of its own pageviews at or after `from` passes
  // them (every pageview lies inside its session); a page breakdown counts it under each such page,
  // so it needs those pages grouped by session (a counting sort: counts first, then places).
  const viewed = pagePasses !== null && mode !== byPage ? new Uint8Array(sessionCount) : null;
  const pageCounts = mode === byPage ? new Uint32Array(sessionCount + 1) : null;

  // Pageview figures, and the candidates' pageviews inside the range.
  const pass: PageviewPass = {
    scope,
    pagePasses,
    passing,
    groupColumn,
    candidate,
    mode,
    bucketOfMinute,
    firstMinute,
    figures,
    seenVisitors: mode === byNothing ? new Int32Array((index.maxVisitor >>> 5) + 1) : null,
    viewed,
    pageCounts,
  };
  for (const { day, length } of daysOverlapping(scope.from, scope.to - 1)) {
    const whole = scope.from <= day.dayStart && scope.to >= day.dayStart + dayMs;
    figures.visitors +=
      whole && day.sorted && pagePasses === null && (mode === bySession || mode === byNothing)
        ? countRuns(pass, day)
        : countPageviews(pass, day, length);
    await maybeYield();
  }
  // The candidates' pageviews after the range (a session that started in it and went on).
  if ((viewed !== null || pageCounts !== null) && latestEnd >= scope.to) {
    for (const held of daysOverlapping(scope.to, latestEnd)) {
      candidatePageviews(pass, held, scope.to, null);
      await maybeYield();
    }
  }

  if (pageCounts !== null) {
    const starts = pageCounts;
    for (let slot = 0; slot < sessionCount; slot++) {
      starts[slot + 1] = (starts[slot + 1] as number) + (starts[slot] as number);
    }
    const filled = starts.slice(0, sessionCount);
    const pagesBySession = new Uint32Array(starts[sessionCount] as number);
    for (const held of daysOverlapping(scope.from, latestEnd)) {
      candidatePageviews(pass, held, scope.from, { pagesBySession, filled });
      await maybeYield();
    }
    countPageSessions(index, figures, starts, pagesBySession, sessionCount);
  } else {
    countSessions(index, pass, sessionCount);
  }
  return figures;
}

/*
 * The session passes below are functions of their own, like the pageview passes: optimized code
 * for one loop is not thrown away when the next, not yet run, is reached.
 */

function candidatesOf(index: VisitorIndex, scope: ScanScope, passing: Uint8Array | null, sessionCount: number) {
  const { sessions } = index;
  const startedAt = sessions.startedAt.data;
  const endedAt = sessions.endedAt.data;
  const sessionPageviews = sessions.pageviews.data;
  const candidate = new Uint8Array(sessionCount);
  let latestEnd = Number.NEGATIVE_INFINITY;
  for (let slot = 0; slot < sessionCount; slot++) {
    if (sessionPageviews[slot] === 0 || (passing !== null && passing[slot] === 0)) continue;
    const started = startedAt[slot] as number;
    if (started < scope.from || started >= scope.to) continue;
    candidate[slot] = 1;
    const ended = endedAt[slot] as number;
    if (ended > latestEnd) latestEnd = ended;
  }
  return { candidate, latestEnd };
}

/** The session figures of one group. */
interface SessionSums {
  seen: Uint8Array;
  sessions: Float64Array;
  bounces: Float64Array;
  durationMs: Float64Array;
  pageviews: Uint32Array;
  startedAt: Float64Array;
  endedAt: Float64Array;
}

const sessionSumsOf = (index: VisitorIndex, figures: GroupFigures): SessionSums => ({
  seen: figures.seen,
  sessions: figures.sessions,
  bounces: figures.bounces,
  durationMs: figures.durationMs,
  pageviews: index.sessions.pageviews.data,
  startedAt: index.sessions.startedAt.data,
  endedAt: index.sessions.endedAt.data,
});

/** A session into its group's session figures. */
function addSession(sums: SessionSums, group: number, slot: number): void {
  sums.seen[group] = 1;
  sums.sessions[group] = (sums.sessions[group] as number) + 1;
  if (sums.pageviews[slot] === 1) sums.bounces[group] = (sums.bounces[group] as number) + 1;
  sums.durationMs[group] =
    (sums.durationMs[group] as number) + ((sums.endedAt[slot] as number) - (sums.startedAt[slot] as number));
}

/** Each counting session (a candidate, and with page filters one that viewed a passing page) into its group. */
function countSessions(index: VisitorIndex, pass: PageviewPass, sessionCount: number): void {
  const { candidate, viewed, mode, groupColumn, bucketOfMinute, firstMinute, figures } = pass;
  const sums = sessionSumsOf(index, figures);
  const { startedAt } = sums;
  for (let slot = 0; slot < sessionCount; slot++) {
    if (candidate[slot] === 0 || (viewed !== null && viewed[slot] === 0)) continue;
    const group =
      mode === byNothing
        ? 0
        : mode === bySession
          ? ((groupColumn as Uint32Array)[slot] as number)
          : ((bucketOfMinute as Int32Array)[
              Math.floor((startedAt[slot] as number) / minuteMs) - firstMinute
            ] as number);
    addSession(sums, group, slot);
  }
}

/** A page breakdown's sessions: each once under every distinct page among its (grouped) pages. */
function countPageSessions(
  index: VisitorIndex,
  figures: GroupFigures,
  starts: Uint32Array,
  pagesBySession: Uint32Array,
  sessionCount: number,
): void {
  const lastSession = new Int32Array(index.values.size).fill(-1);
  const sums = sessionSumsOf(index, figures);
  for (let slot = 0; slot < sessionCount; slot++) {
    const end = starts[slot + 1] as number;
    for (let at = starts[slot] as number; at < end; at++) {
      const page = pagesBySession[at] as number;
      if (lastSession[page] === slot) continue;
      lastSession[page] = slot;
      addSession(sums, page, slot);
    }
  }
}

interface PageviewPass {
  scope: ScanScope;
  pagePasses: Uint8Array | null;
  passing: Uint8Array | null;
  groupColumn: Uint32Array | null;
  candidate: Uint8Array;
  mode: number;
  bucketOfMinute: Int32Array | null;
  firstMinute: number;
  figures: GroupFigures;
  /** The exact set of visitors, a bit per ordinal (totals only; groups have sketches). */
  seenVisitors: Int32Array | null;
  viewed: Uint8Array | null;
  pageCounts: Uint32Array | null;
}

/**
 * One day's pageviews inside the range, into the figures; a candidate session's are noted too. A
 * run of one session's pageviews (a sorted day holds each session's together) decides its filters
 * and group once, and the same visitor again in the same group adds nothing to a sketch or the set
 * of visitors. Kept apart from the scan so its locals stay in registers.
 */
function countPageviews(pass: PageviewPass, day: PageviewChunk, length: number): number {
  const { pagePasses, passing, groupColumn, candidate, mode, bucketOfMinute, firstMinute, seenVisitors } = pass;
  const { viewed, pageCounts, figures } = pass;
  const { pageviews, seen, sketches } = figures;
  const daySessions = day.session.data;
  const pages = day.page.data;
  const visitors = day.visitor.data;
  const offsets = day.offset.data;
  const { dayStart } = day;
  const from = pass.scope.from - dayStart;
  const to = pass.scope.to - dayStart;
  const whole = from <= 0 && to >= dayMs;
  let lastSlot = -1;
  let slotPasses = false;
  let slotGroup = 0;
  let slotCandidate = 0;
  let lastVisitor = -1;
  let lastGroup = -1;
  let newVisitors = 0;
  // A sorted day's runs of sessions the filters refuse are skipped whole.
  const byRuns = passing !== null && day.sorted && length === day.length;
  const { runSlot, runStart } = day;
  const runs = byRuns ? runSlot.length : 1;
  for (let run = 0; run < runs; run++) {
    let start = 0;
    let end = length;
    if (byRuns) {
      if (passing[runSlot[run] as number] === 0) continue;
      start = runStart[run] as number;
      end = runStart[run + 1] as number;
    }
    for (let i = start; i < end; i++) {
      if (!whole) {
        const offset = offsets[i] as number;
        if (offset < from || offset >= to) continue;
      }
      const page = pages[i] as number;
      if (pagePasses !== null && pagePasses[page] === 0) continue;
      const slot = daySessions[i] as number;
      if (slot !== lastSlot) {
        lastSlot = slot;
        slotPasses = passing === null || passing[slot] === 1;
        slotGroup = groupColumn === null ? 0 : (groupColumn[slot] as number);
        slotCandidate = candidate[slot] as number;
      }
      if (!slotPasses) continue;
      const group =
        mode === bySession || mode === byNothing
          ? slotGroup
          : mode === byPage
            ? page
            : ((bucketOfMinute as Int32Array)[
                Math.floor((dayStart + (offsets[i] as number)) / minuteMs) - firstMinute
              ] as number);
      pageviews[group] = (pageviews[group] as number) + 1;
      seen[group] = 1;
      if (slotCandidate === 1) {
        if (viewed !== null) viewed[slot] = 1;
        if (pageCounts !== null) pageCounts[slot + 1] = (pageCounts[slot + 1] as number) + 1;
      }
      const visitor = visitors[i] as number;
      if (visitor === lastVisitor && group === lastGroup) continue;
      lastVisitor = visitor;
      lastGroup = group;
      if (seenVisitors === null) sketch(sketches, group, visitor);
      else newVisitors += addToSet(seenVisitors, visitor);
    }
  }
  return newVisitors;
}

/**
 * Each candidate session's pageview at or after `since` that passes the page filters: noted
 * (`scatter` null: a passing pageview of its own, and the page breakdown's count per session) or
 * placed among its session's pages. A sorted day's runs of other sessions are skipped whole.
 */
function candidatePageviews(
  pass: PageviewPass,
  held: HeldDay,
  since: number,
  scatter: { pagesBySession: Uint32Array; filled: Uint32Array } | null,
): void {
  const { pagePasses, candidate, viewed, pageCounts } = pass;
  const { day, length } = held;
  const daySessions = day.session.data;
  const pages = day.page.data;
  const offsets = day.offset.data;
  const from = since - day.dayStart;
  const byRuns = day.sorted && length === day.length;
  const { runSlot, runStart } = day;
  const pagesBySession = scatter?.pagesBySession ?? null;
  const filled = scatter?.filled ?? null;
  const runs = byRuns ? runSlot.length : 1;
  for (let run = 0; run < runs; run++) {
    let start = 0;
    let end = length;
    if (byRuns) {
      if (candidate[runSlot[run] as number] === 0) continue;
      start = runStart[run] as number;
      end = runStart[run + 1] as number;
    }
    for (let i = start; i < end; i++) {
      const slot = daySessions[i] as number;
      if (candidate[slot] === 0) continue;
      const page = pages[i] as number;
      if (pagePasses !== null && pagePasses[page] === 0) continue;
      if ((offsets[i] as number) < from) continue;
      if (pagesBySession !== null && filled !== null) {
        pagesBySession[filled[slot] as number] = page;
        filled[slot] = (filled[slot] as number) + 1;
        continue;
      }
      if (viewed !== null) viewed[slot] = 1;
      if (pageCounts !== null) pageCounts[slot + 1] = (pageCounts[slot + 1] as number) + 1;
    }
  }
}

/**
 * countPageviews for a whole, sorted day when neither pages nor time group or filter: a session's
 * run of pageviews is counted at once, its visitor added once (each one when the run has several).
 */
function countRuns(pass: PageviewPass, day: PageviewChunk): number {
  const { passing, groupColumn, seenVisitors, figures } = pass;
  const { pageviews, seen, sketches } = figures;
  const { runStart, runSlot, runVisitor } = day;
  const visitors = day.visitor.data;
  let newVisitors = 0;
  const addVisitor = (group: number, visitor: number) => {
    if (seenVisitors === null) sketch(sketches, group, visitor);
    else newVisitors += addToSet(seenVisitors, visitor);
  };
  for (let run = 0; run < runSlot.length; run++) {
    const slot = runSlot[run] as number;
    if (passing !== null && passing[slot] === 0) continue;
    const group = groupColumn === null ? 0 : (groupColumn[slot] as number);
    const start = runStart[run] as number;
    const end = runStart[run + 1] as number;
    pageviews[group] = (pageviews[group] as number) + (end - start);
    seen[group] = 1;
    const visitor = runVisitor[run] as number;
    if (visitor !== mixedVisitors) addVisitor(group, visitor);
    else for (let i = start; i < end; i++) addVisitor(group, visitors[i] as number);
  }
  return newVisitors;
}

/** Per session slot, 1 where it is of the site and passes every filter on a session dimension (null: all do). */
function passingSessions(index: VisitorIndex, scope: ScanScope, site: number, count: number): Uint8Array | null {
  const { sessions } = index;
  const tests: { column: Uint32Array; passes: Uint8Array }[] = [];
  for (const dimension of new Set(scope.filters.map((filter) => filter.dimension))) {
    if (dimension === 'page') continue;
    const passes = tableOf(
      index,
      scope.filters.filter((filter) => filter.dimension === dimension),
    ) as Uint8Array;
    tests.push({ column: sessions.column(dimension as SessionDimension), passes });
  }
  if (tests.length === 0 && site < 0) return null;
  // One tight pass per condition: a lookup each, no loop over the tests per session.
  const passing = new Uint8Array(count).fill(1);
  if (site >= 0) {
    const sites = sessions.site.data;
    for (let slot = 0; slot < count; slot++) if (sites[slot] !== site) passing[slot] = 0;
  }
  for (const { column, passes } of tests) {
    for (let slot = 0; slot < count; slot++) if (passes[column[slot] as number] === 0) passing[slot] = 0;
  }
  return passing;
}

/** Adds a visitor ordinal to a bitset; 1 when it was not in it yet. */
function addToSet(bits: Int32Array, visitor: number): number {
  const word = visitor >>> 5;
  const bit = 1 << (visitor & 31);
  if (((bits[word] as number) & bit) !== 0) return 0;
  bits[word] = (bits[word] as number) | bit;
  return 1;
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
