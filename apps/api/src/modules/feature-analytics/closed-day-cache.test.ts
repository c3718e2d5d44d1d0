import { describe, expect, it } from 'vitest';
import { ClosedDayCache, isClosedDay } from './closed-day-cache.ts';

describe('ClosedDayCache', () => {
  const now = Date.parse('2026-12-05T02:00:00Z');

  it('calls a day closed 73 hours after its end', () => {
    expect(isClosedDay('2026-12-01', now)).toBe(true);
    expect(isClosedDay('2026-12-02', Date.parse('2026-12-06T00:59:59Z'))).toBe(false);
    expect(isClosedDay('2026-12-02', Date.parse('2026-12-06T01:00:00Z'))).toBe(true);
  });

  it('reuses answers about closed days only, and forgets a failed load', async () => {
    const cache = new ClosedDayCache<number>(10, () => now);
    let loads = 0;
    const load = async () => {
      loads += 1;
      return loads;
    };
    expect(await cache.get('2026-12-01', 'a', load)).toBe(1);
    expect(await cache.get('2026-12-01', 'a', load)).toBe(1);
    expect(await cache.get('2026-12-04', 'b', load)).toBe(2);
    expect(await cache.get('2026-12-04', 'b', load)).toBe(3);
    await expect(cache.get('2026-11-30', 'c', () => Promise.reject(new Error('down')))).rejects.toThrow('down');
    expect(await cache.get('2026-11-30', 'c', load)).toBe(4);
  });
});
