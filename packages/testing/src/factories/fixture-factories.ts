import { randomUUID } from 'node:crypto';
import type { PrismaClient } from '@showfloor/db';

type UserData = Parameters<PrismaClient['user']['create']>[0]['data'];
type SessionData = Parameters<PrismaClient['session']['create']>[0]['data'];

/** A user with a unique email; the password hash is a placeholder that never verifies. */
export function createUser(prisma: PrismaClient, overrides: Partial<UserData> = {}) {
  const suffix = randomUUID().slice(0, 8);
  return prisma.user.create({
    data: {
      email: `user-${suffix}@example.test`,
      username: `user_${suffix}`,
      name: `User ${suffix}`,
      passwordHash: 'not-a-real-hash',
      role: 'creator',
      ...overrides,
    } as UserData,
  });
}

/** A session owned by `creatorId` (a new creator when omitted). */
export async function createSession(
  prisma: PrismaClient,
  overrides: Partial<Omit<SessionData, 'creator'>> & { creatorId?: string } = {},
) {
  const { creatorId, ...rest } = overrides;
  const creator = creatorId ?? (await createUser(prisma, { role: 'creator' })).id;
  return prisma.session.create({
    data: { title: 'Test session', status: 'live', startedAt: new Date(), ...rest, creatorId: creator } as SessionData,
  });
}
