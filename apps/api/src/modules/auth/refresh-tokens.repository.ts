import type { PrismaClient } from '@showfloor/db';

export function createRefreshTokensRepository(prisma: PrismaClient) {
  return {
    insert(token: { userId: string; familyId: string; tokenHash: string; expiresAt: Date }) {
      return prisma.refreshToken.create({ data: token });
    },
    /**
     * Marks a live token used, atomically: of two concurrent refreshes with the same token only
     * one wins; the other sees a used token (and is treated as reuse).
     */
    async consume(tokenHash: string, now: Date): Promise<boolean> {
      const { count } = await prisma.refreshToken.updateMany({
        where: { tokenHash, usedAt: null, revokedAt: null, expiresAt: { gt: now } },
        data: { usedAt: now },
      });
      return count === 1;
    },
    findByHash(tokenHash: string) {
      return prisma.refreshToken.findUnique({ where: { tokenHash }, include: { user: true } });
    },
    async revokeFamily(familyId: string, now: Date): Promise<void> {
      await prisma.refreshToken.updateMany({ where: { familyId, revokedAt: null }, data: { revokedAt: now } });
    },
    /** Whether the login (family) was ended: logout and detected reuse revoke every token in it. */
    async isFamilyRevoked(familyId: string): Promise<boolean> {
      const revoked = await prisma.refreshToken.findFirst({
        where: { familyId, revokedAt: { not: null } },
        select: { id: true },
      });
      return revoked !== null;
    },
    /** After a password change: every other login of the user ends. */
    async revokeOtherFamilies(userId: string, keepFamilyId: string, now: Date): Promise<void> {
      await prisma.refreshToken.updateMany({
        where: { userId, familyId: { not: keepFamilyId }, revokedAt: null },
        data: { revokedAt: now },
      });
    },
  };
}

export type RefreshTokensRepository = ReturnType<typeof createRefreshTokensRepository>;
