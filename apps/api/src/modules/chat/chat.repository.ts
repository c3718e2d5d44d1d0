import type { PrismaClient } from '@showfloor/db';

export function createChatRepository(_prisma: PrismaClient) {
  return {};
}

export type ChatRepository = ReturnType<typeof createChatRepository>;
