import { ConflictError } from '@showfloor/contracts';
import { Prisma } from '@showfloor/db';

/**
 * The one place Prisma's error codes (its error reference's P2xxx) are read; repositories ask these
 * questions and turn the answer into an outcome of their own.
 */
const prismaErrorCodes = {
  uniqueViolation: 'P2002',
  foreignKeyViolation: 'P2003',
  recordNotFound: 'P2025',
} as const;

function hasCode(error: unknown, code: string): error is Prisma.PrismaClientKnownRequestError {
  return error instanceof Prisma.PrismaClientKnownRequestError && error.code === code;
}

/** A unique constraint refused the write (say, the same email twice, or a product linked twice). */
export function isUniqueViolation(error: unknown): error is Prisma.PrismaClientKnownRequestError {
  return hasCode(error, prismaErrorCodes.uniqueViolation);
}

/** A row the write points at (an author, a seller, a session) did not exist when it ran. */
export function isForeignKeyViolation(error: unknown): error is Prisma.PrismaClientKnownRequestError {
  return hasCode(error, prismaErrorCodes.foreignKeyViolation);
}

/** An update or delete by key found no row. */
export function isRecordNotFound(error: unknown): error is Prisma.PrismaClientKnownRequestError {
  return hasCode(error, prismaErrorCodes.recordNotFound);
}

/**
 * Turns a unique-constraint violation into a 409 naming the field, so two concurrent writes of
 * the same email (say) give one success and one clear conflict, never a 500.
 */
export function rethrowUniqueViolation(error: unknown, fieldNames: Record<string, string>): never {
  if (isUniqueViolation(error)) {
    const target = JSON.stringify(error.meta ?? {});
    const field = Object.keys(fieldNames).find((column) => target.includes(column));
    const name = field ? fieldNames[field] : 'value';
    throw new ConflictError(`That ${name} is already taken`, [{ field: name ?? '', message: 'already taken' }]);
  }
  throw error;
}
