import { describe, expect, it } from 'vitest';
import { coverBuckets, coverSpan } from './rollup-cover.ts';

const at = (iso: string) => Date.parse(iso);
const shown = (pieces: ReturnType<typeof coverSpan>) =>
  pieces.map((piece) => `${piece.kind} ${new Date(piece.start).toISOString().slice(11, 23)}`);

describe('coverSpan', () => {
  it('takes the largest aligned unit that fits, and raw rows only at sub-minute ends', () => {
    const pieces = coverSpan(at('2026-07-01T22:43:30.500Z'), at('2026-07-03T00:16:10Z'));
    expect(shown(pieces)).toEqual([
      'raw 22:43:30.500',
      'minute 22:44:00.000',
      'quarter 22:45:00.000',
      'hour 23:00:00.000',
      'day 00:00:00.000',
      'quarter 00:00:00.000',
      'minute 00:15:00.000',
      'raw 00:16:00.000',
    ]);
    // Pieces tile the span exactly.
    for (let index = 1; index < pieces.length; index++) {
      expect(pieces[index]?.start).toBe(pieces[index - 1]?.end);
    }
    expect(pieces.at(-1)?.end).toBe(at('2026-07-03T00:16:10Z'));
  });

  it('is one raw piece inside a single minute', () => {
    expect(coverSpan(at('2026-07-01T10:00:10Z'), at('2026-07-01T10:00:50Z'))).toEqual([
      { kind: 'raw', start: at('2026-07-01T10:00:10Z'), end: at('2026-07-01T10:00:50Z') },
    ]);
  });
});

describe('coverBuckets', () => {
  it('never lets a piece cross a bucket start (Kolkata days start at 18:30 UTC)', () => {
    const cut = at('2026-07-01T18:30:00Z');
    const pieces = coverBuckets(at('2026-07-01T18:00:00Z'), at('2026-07-01T19:00:00Z'), [cut]);
    expect(shown(pieces)).toEqual([
      'quarter 18:00:00.000',
      'quarter 18:15:00.000',
      'quarter 18:30:00.000',
      'quarter 18:45:00.000',
    ]);
    expect(pieces.every((piece) => piece.end <= cut || piece.start >= cut)).toBe(true);
  });
});
