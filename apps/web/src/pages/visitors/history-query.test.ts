import { describe, expect, it } from 'vitest';
import {
  filterParam,
  historyApiQuery,
  historyControlsParams,
  intervalsFor,
  readFilterParam,
  readHistoryControls,
} from './history-query.ts';

describe('the history controls', () => {
  it('write filters as the API reads them, values with colons kept whole', () => {
    expect(filterParam({ dimension: 'page', operator: 'contains', value: '/blog' })).toBe('page:contains:/blog');
    expect(readFilterParam('referrer:is:https://x.test:8080')).toEqual({
      dimension: 'referrer',
      operator: 'is',
      value: 'https://x.test:8080',
    });
    expect(readFilterParam('planet:is:Mars')).toBeNull();
    expect(readFilterParam('page:is:')).toBeNull();
  });

  it('survive the address bar: the same controls come back, and a plain visit has a plain URL', () => {
    const controls = readHistoryControls(
      new URLSearchParams('range=7d&interval=hour&compare=previous&dimension=country&filter=device:is_not:mobile'),
      'Europe/Paris',
    );
    expect(controls).toEqual({
      range: '7d',
      interval: 'hour',
      tz: 'Europe/Paris',
      compare: true,
      dimension: 'country',
      filters: [{ dimension: 'device', operator: 'is_not', value: 'mobile' }],
    });
    expect(readHistoryControls(historyControlsParams(controls, 'Europe/Paris'), 'Europe/Paris')).toEqual(controls);
    expect(historyControlsParams(readHistoryControls(new URLSearchParams(), 'UTC'), 'UTC').toString()).toBe('');
  });

  it('never asks for more minutes than the API counts: a week is counted in hours or days', () => {
    expect(intervalsFor('1h')).toEqual(['minute', 'hour']);
    expect(intervalsFor('7d')).toEqual(['hour', 'day']);
    expect(readHistoryControls(new URLSearchParams('range=30d&interval=minute'), 'UTC').interval).toBe('day');
  });

  it('asks for a range ending on the next whole minute, with every filter and the comparison', () => {
    const controls = readHistoryControls(
      new URLSearchParams('range=1h&compare=previous&filter=country:is:India&filter=page:contains:/p'),
      'UTC',
    );
    const query = historyApiQuery(controls, Date.parse('2026-12-02T10:15:30Z'));
    expect(query).toEqual({
      from: '2026-12-02T09:16:00.000Z',
      to: '2026-12-02T10:16:00.000Z',
      tz: 'UTC',
      filter: ['country:is:India', 'page:contains:/p'],
      compare: 'previous',
    });
  });
});
