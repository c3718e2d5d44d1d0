import { describe, expect, it } from 'vitest';
import { MinuteWindow } from './minute-window.ts';

const sessionA = '11111111-1111-4111-8111-111111111111';
const sessionB = '22222222-2222-4222-8222-222222222222';

describe('MinuteWindow', () => {
  it('summarises samples per session: last, average, peak, min, count', () => {
    const window = new MinuteWindow(Date.UTC(2026, 10, 23, 10, 0));
    for (const viewers of [2, 5, 3, 0, 4]) window.record(sessionA, viewers);
    window.record(sessionB, 7);
    expect(window.toSnapshots('node-1')).toEqual([
      {
        sessionId: sessionA,
        minute: '2026-11-23T10:00:00.000Z',
        viewerCount: 4,
        avgViewers: 2.8,
        peakViewers: 5,
        minViewers: 0,
        sampleCount: 5,
        nodeId: 'node-1',
      },
      {
        sessionId: sessionB,
        minute: '2026-11-23T10:00:00.000Z',
        viewerCount: 7,
        avgViewers: 7,
        peakViewers: 7,
        minViewers: 7,
        sampleCount: 1,
        nodeId: 'node-1',
      },
    ]);
  });

  it('rounds the average to two decimals', () => {
    const window = new MinuteWindow(0);
    for (const viewers of [1, 1, 2]) window.record(sessionA, viewers);
    expect(window.toSnapshots('n')[0]?.avgViewers).toBe(1.33);
  });
});
