/*
 * Which rollup rows make up a span of time. The rollups hold UTC days (visitor bitmaps), hours and
 * quarter hours (visitor arrays) and minutes (everything); a span is covered greedily by the
 * largest unit aligned at its current position that still fits, and what is left at a sub-minute
 * edge is read from the raw events. Spans never cross a bucket boundary (the caller cuts them
 * there), so each piece belongs to the bucket its start falls in.
 */

export type CoverUnit = 'day' | 'hour' | 'quarter' | 'minute';

export interface CoverPiece {
  kind: CoverUnit | 'raw';
  start: number;
  end: number;
}

const unitMs: [CoverUnit, number][] = [
  ['day', 86_400_000],
  ['hour', 3_600_000],
  ['quarter', 900_000],
  ['minute', 60_000],
];
const minuteMs = 60_000;

/** The pieces of [start, end) in ms since the epoch, in order, each whole in one unit or raw. */
export function coverSpan(start: number, end: number): CoverPiece[] {
  const pieces: CoverPiece[] = [];
  let at = start;
  while (at < end) {
    if (at % minuteMs !== 0) {
      const next = Math.min(end, Math.ceil(at / minuteMs) * minuteMs);
      pieces.push({ kind: 'raw', start: at, end: next });
      at = next;
      continue;
    }
    const fit = unitMs.find(([, size]) => at % size === 0 && at + size <= end);
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
export function coverBuckets(start: number, end: number, cuts: number[]): CoverPiece[] {
  const inside = cuts.filter((cut) => cut > start && cut < end).sort((a, b) => a - b);
  const edges = [start, ...inside, end];
  return edges.slice(1).flatMap((edge, index) => coverSpan(edges[index] as number, edge));
}
