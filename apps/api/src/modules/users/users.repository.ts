import type { PaginationQuery, UserRole } from '@showfloor/contracts';
import type { Prisma, PrismaClient } from '@showfloor/db';
import { rethrowUniqueViolation } from '../../shared/prisma-errors.ts';

const uniqueFields = { email: 'email', username: 'username' };

export type UserRecord = NonNullable<Awaited<ReturnType<PrismaClient['user']['findUnique']>>>;
export type UserWrite = Prisma.UserUncheckedCreateInput;

export function createUsersRepository(prisma: PrismaClient) {
  return {
    findById(id: string) {
      return prisma.user.findUnique({ where: { id } });
    },
    /** Emails and usernames are stored lower-cased, so this lookup is case-insensitive. */
    findByLogin(login: { email?: string | undefined; username?: string | undefined }) {
      if (login.email) return prisma.user.findUnique({ where: { email: login.email.toLowerCase() } });
      if (login.username) return prisma.user.findUnique({ where: { username: login.username.toLowerCase() } });
      return Promise.resolve(null);
    },
    async create(data: UserWrite) {
      try {
        return await prisma.user.create({ data });
      } catch (error) {
        rethrowUniqueViolation(error, uniqueFields);
      }
    },
    /**
     * Applies an account change; null when there is no such user. When it changes the role, or
     * `endSessions` asks for it (a new password), the user's token version moves on in the same
     * transaction, so every access token issued before stops working. The row is locked first:
     * two concurrent role changes cannot both compare against the old role.
     */
    async update(
      id: string,
      data: Prisma.UserUncheckedUpdateInput,
      options: { endSessions?: boolean } = {},
    ): Promise<{ user: UserRecord; sessionsEnded: boolean } | null> {
      try {
        return await prisma.$transaction(async (tx) => {
          const [current] = await tx.$queryRaw<{ role: UserRole }[]>`
            SELECT role::text AS role FROM users WHERE id = ${id}::uuid FOR UPDATE`;
          if (!current) return null;
          const sessionsEnded = options.endSessions === true || (data.role !== undefined && data.role !== current.role);
          const user = await tx.user.update({
            where: { id },
            data: sessionsEnded ? { ...data, tokenVersion: { increment: 1 } } : data,
          });
          return { user, sessionsEnded };
        });
      } catch (error) {
        rethrowUniqueViolation(error, uniqueFields);
      }
    },
    /** The user's current token version, or null when the user no longer exists. */
    async findTokenVersion(id: string): Promise<number | null> {
      const user = await prisma.user.findUnique({ where: { id }, select: { tokenVersion: true } });
      return user?.tokenVersion ?? null;
    },
    /** What feature analytics files a user's events under, or null when the user no longer exists. */
    findTrackingUser(id: string) {
      return prisma.user.findUnique({ where: { id }, select: { ordinal: true, age: true, gender: true } });
    },
    async delete(id: string): Promise<boolean> {
      const { count } = await prisma.user.deleteMany({ where: { id } });
      return count === 1;
    },
    async list(page: PaginationQuery) {
      const [items, total] = await prisma.$transaction([
        prisma.user.findMany({ orderBy: [{ createdAt: 'desc' }, { id: 'asc' }], take: page.limit, skip: page.offset }),
        prisma.user.count(),
      ]);
      return { items, total };
    },
    /** Users with a live session, newest start first (one entry per live session). */
    listLive() {
      return prisma.session.findMany({
        where: { status: 'live' },
        orderBy: [{ startedAt: { sort: 'desc', nulls: 'last' } }, { id: 'asc' }],
        include: { creator: true },
      });
    },
  };
}

export type UsersRepository = ReturnType<typeof createUsersRepository>;
