import { describe, expect, it } from 'vitest';
import { badgeText, countsAfterRead, feedsChangedBy } from './unread-counts.ts';

describe('unread counts', () => {
  const read = { notifications: 0, activities: 4 };
  const pushed = { notifications: 1, activities: 4 };

  it('keeps a push that arrived while a read was on its way rather than the possibly older read', () => {
    expect(countsAfterRead(read, { data: pushed, updatedAt: 2_000 }, 1_500)).toEqual(pushed);
  });

  it('takes the read when nothing was pushed since it started', () => {
    expect(countsAfterRead(read, { data: pushed, updatedAt: 1_000 }, 1_500)).toEqual(read);
    expect(countsAfterRead(read, undefined, 1_500)).toEqual(read);
    expect(countsAfterRead(read, { data: undefined, updatedAt: 0 }, 1_500)).toEqual(read);
  });

  it('tells which feed another tab changed from the counts it pushed', () => {
    expect(feedsChangedBy({ notifications: 3, activities: 2 }, { notifications: 0, activities: 2 })).toEqual({
      notifications: true,
      activities: false,
    });
    expect(feedsChangedBy({ notifications: 3, activities: 2 }, { notifications: 3, activities: 0 })).toEqual({
      notifications: false,
      activities: true,
    });
  });

  it('takes both feeds as changed when no count moved (a read item deleted) or none was known', () => {
    const same = { notifications: 1, activities: 1 };
    expect(feedsChangedBy(same, same)).toEqual({ notifications: true, activities: true });
    expect(feedsChangedBy(undefined, same)).toEqual({ notifications: true, activities: true });
  });

  it('shows no badge at zero and caps a large count', () => {
    expect(badgeText(0)).toBeNull();
    expect(badgeText(7)).toBe('7');
    expect(badgeText(100)).toBe('99+');
  });
});
