import { describe, expect, it } from 'vitest';
import { changeDashboardParams, readDashboardQuery } from './dashboard-query.ts';

describe('readDashboardQuery', () => {
  it('takes the contract’s defaults, the reader’s zone and no dates for a plain visit', () => {
    expect(readDashboardQuery(new URLSearchParams(), 'Europe/Paris')).toEqual({
      age: 'all',
      gender: 'all',
      tz: 'Europe/Paris',
      interval: 'day',
    });
  });

  it('reads every field the address bar holds, under the API’s names', () => {
    const params = new URLSearchParams(
      'start_date=2026-02-01&end_date=2026-02-28&age=18-40&gender=Female&feature=cart.add&tz=Asia/Tokyo&interval=week&compare=previous',
    );
    expect(readDashboardQuery(params, 'UTC')).toEqual({
      start_date: '2026-02-01',
      end_date: '2026-02-28',
      age: '18-40',
      gender: 'Female',
      feature: 'cart.add',
      tz: 'Asia/Tokyo',
      interval: 'week',
      compare: 'previous',
    });
  });

  it('leaves a field the contract refuses to its default instead of failing the page', () => {
    const params = new URLSearchParams(
      'start_date=yesterday&age=teen&gender=x&feature=Not A Slug&tz=Mars/Olympus&interval=hour&compare=next',
    );
    expect(readDashboardQuery(params, 'UTC')).toEqual({ age: 'all', gender: 'all', tz: 'UTC', interval: 'day' });
  });
});

describe('changeDashboardParams', () => {
  it('sets what changed, keeps the rest, and leaves defaults out of the URL', () => {
    const current = new URLSearchParams('age=<18&feature=cart.add&interval=week');
    const next = changeDashboardParams(current, { age: 'all', gender: 'Other', interval: 'day', compare: 'previous' });
    expect(Object.fromEntries(next)).toEqual({ feature: 'cart.add', gender: 'Other', compare: 'previous' });
    expect(Object.fromEntries(current)).toEqual({ age: '<18', feature: 'cart.add', interval: 'week' });
  });

  it('keeps a feature called "all" (only the age and gender filters default to it)', () => {
    expect(changeDashboardParams(new URLSearchParams(), { feature: 'all' }).get('feature')).toBe('all');
  });
});
