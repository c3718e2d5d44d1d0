import { ConflictError } from '@showfloor/contracts';
import { Prisma } from '@showfloor/db';
import { describe, expect, it } from 'vitest';
import { isForeignKeyViolation, isRecordNotFound, isUniqueViolation, rethrowUniqueViolation } from './prisma-errors.ts';

const knownError = (code: string, meta?: Record<string, unknown>) =>
  new Prisma.PrismaClientKnownRequestError(`failed with ${code}`, { code, clientVersion: 'test', meta });

describe('prisma errors', () => {
  it.each([
    ['P2002', [true, false, false]],
    ['P2003', [false, true, false]],
    ['P2025', [false, false, true]],
    ['P2034', [false, false, false]],
  ] as const)('%s is a unique / foreign-key / not-found failure: %o', (code, expected) => {
    const error = knownError(code);
    expect([isUniqueViolation(error), isForeignKeyViolation(error), isRecordNotFound(error)]).toEqual(expected);
  });

  it('answers no for anything that is not a known Prisma error, whatever its code', () => {
    const lookalike = Object.assign(new Error('duplicate'), { code: 'P2002' });
    for (const error of [lookalike, new Error('P2025'), 'P2003', undefined]) {
      expect([isUniqueViolation(error), isForeignKeyViolation(error), isRecordNotFound(error)]).toEqual([
        false,
        false,
        false,
      ]);
    }
  });

  it('turns a unique violation into a 409 naming the field, and rethrows anything else as it is', () => {
    const fields = { email: 'email', username: 'username' };
    const thrown = (error: unknown) => {
      try {
        rethrowUniqueViolation(error, fields);
      } catch (rethrown) {
        return rethrown;
      }
    };
    const conflict = thrown(knownError('P2002', { target: ['username'] }));
    expect(conflict).toBeInstanceOf(ConflictError);
    expect(conflict).toMatchObject({
      code: 'conflict',
      message: 'That username is already taken',
      details: [{ field: 'username', message: 'already taken' }],
    });
    const other = knownError('P2025');
    expect(thrown(other)).toBe(other);
  });
});
