import type { PaginationQuery } from '@showfloor/contracts';
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
    async update(id: string, data: Prisma.UserUncheckedUpdateInput) {
      try {
        return await prisma.user.update({ where: { id }, data });
      } catch (error) {
        rethrowUniqueViolation(error, uniqueFields);
      }
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
