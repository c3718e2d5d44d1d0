import { describe, expect, it } from 'vitest';
import { sessionStatusSchema } from '../rest/sessions.ts';
import { isOnAir, onAirStatuses } from './on-air.ts';

describe('on air', () => {
  it.each([
    ['scheduled', false],
    ['live', true],
    ['paused', true],
    ['ended', false],
  ] as const)('a %s session is on air: %s', (status, expected) => {
    expect(isOnAir(status)).toBe(expected);
  });

  it('lists exactly the statuses isOnAir accepts, in lifecycle order', () => {
    expect(onAirStatuses).toEqual(sessionStatusSchema.options.filter(isOnAir));
    expect(onAirStatuses.join(' or ')).toBe('live or paused');
  });
});
