import { ConflictError } from '@showfloor/contracts';
import { Prisma } from '@showfloor/db';

/**
 * Turns a unique-constraint violation into a 409 naming the field, so two concurrent writes of
 * the same email (say) give one success and one clear conflict, never a 500.
 */
export function rethrowUniqueViolation(error: unknown, fieldNames: Record<string, string>): never {
  if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2002') {
    const target = JSON.stringify(error.meta ?? {});
    const field = Object.keys(fieldNames).find((column) => target.includes(column));
    const name = field ? fieldNames[field] : 'value';
    throw new ConflictError(`That ${name} is already taken`, [{ field: name ?? '', message: 'already taken' }]);
  }
  throw error;
}

export function isRecordNotFound(error: unknown): boolean {
  return error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2025';
}
