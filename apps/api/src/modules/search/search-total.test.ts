import { describe, expect, it } from 'vitest';
import { boundedCount, countLimitFor } from './search-total.ts';

describe('search totals', () => {
  it('count up to the bound, or to the end of a page beyond it', () => {
    expect(countLimitFor({ limit: 20, offset: 0 }, 1_000)).toBe(1_000);
    expect(countLimitFor({ limit: 20, offset: 980 }, 1_000)).toBe(1_000);
    expect(countLimitFor({ limit: 20, offset: 1_000 }, 1_000)).toBe(1_020);
  });

  it('is exact up to the limit and a lower bound past it', () => {
    expect(boundedCount(0, 1_000)).toEqual({ total: 0, exact: true });
    expect(boundedCount(1_000, 1_000)).toEqual({ total: 1_000, exact: true });
    expect(boundedCount(1_001, 1_000)).toEqual({ total: 1_000, exact: false });
  });
});
