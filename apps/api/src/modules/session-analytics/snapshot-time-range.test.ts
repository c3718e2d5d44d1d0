import { describe, expect, it } from 'vitest';
import { snapshotWindowStart } from './snapshot-time-range.ts';

const now = new Date('2026-11-20T12:30:00.000Z');

describe('snapshotWindowStart', () => {
  it('keeps everything for `all`', () => {
    expect(snapshotWindowStart('all', now, null)).toBeNull();
  });

  it.each([
    ['1h', '2026-11-20T11:30:00.000Z'],
    ['6h', '2026-11-20T06:30:00.000Z'],
    ['24h', '2026-11-19T12:30:00.000Z'],
    ['7d', '2026-11-13T12:30:00.000Z'],
  ] as const)('reaches %s back from now while the session has not ended', (range, start) => {
    expect(snapshotWindowStart(range, now, null)?.toISOString()).toBe(start);
  });

  it("reaches back from the stream's end once it has ended", () => {
    const endedAt = new Date('2026-11-19T20:00:00.000Z');
    expect(snapshotWindowStart('1h', now, endedAt)?.toISOString()).toBe('2026-11-19T19:00:00.000Z');
  });
});
