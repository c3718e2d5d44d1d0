/*
 * Which rollup rows make up a span of time. The rollups hold UTC days (visitor bitmaps), hours and
 * quarter hours (visitor arrays) and minutes (everything); a span is covered greedily by the
 * largest unit aligned at its current position that still fits, and what is left at an edge finer
 * than the smallest unit (a minute; a quarter for the breakdown rollups) is read from the raw events. Spans never cross a bucket boundary (the caller cuts them
 * there), so each piece belongs to the bucket its start falls in.
 */

export type CoverUnit = 'day' | 'hour' | 'quarter' | 'minute';

export interface CoverPiece {
  kind: CoverUnit | 'raw';
  start: number;
  end: number;
}

/** The units of the visitor rollups, largest first; the last is the finest (below it: raw rows). */
export const minuteUnits: [CoverUnit, number][] = [
  ['day', 86_400_000],
  ['hour', 3_600_000],
  ['quarter', 900_000],
  ['minute', 60_000],
];
/** The breakdown rollups' units (visitor_breakdowns has no minutes). */
export const quarterUnits: [CoverUnit, number][] = minuteUnits.slice(0, 3);

/** The pieces of [start, end) in ms since the epoch, in order, each whole in one of `units` or raw. */
export function coverSpan(start: number, end: number, units: [CoverUnit, number][] = minuteUnits): CoverPiece[] {
  const finest = (units[units.length - 1] as [CoverUnit, number])[1];
  const pieces: CoverPiece[] = [];
  let at = start;
  while (at < end) {
    if (at % finest !== 0) {
      const next = Math.min(end, Math.ceil(at / finest) * finest);
      pieces.push({ kind: 'raw', start: at, end: next });
      at = next;
      continue;
    }
    const fit = units.find(([, size]) => at % size === 0 && at + size <= end);
    if (!fit) {
      pieces.push({ kind: 'raw', start: at, end });
      break;
    }
    pieces.push({ kind: fit[0], start: at, end: at + fit[1] });
    at += fit[1];
  }
  return pieces;
}

/** coverSpan over each span between consecutive cuts (the bucket starts inside [start, end)). */
export function coverBuckets(
  start: number,
  end: number,
  cuts: number[],
  units: [CoverUnit, number][] = minuteUnits,
): CoverPiece[] {
  const inside = cuts.filter((cut) => cut > start && cut < end).sort((a, b) => a - b);
  const edges = [start, ...inside, end];
  return edges.slice(1).flatMap((edge, index) => coverSpan(edges[index] as number, edge, units));
}
