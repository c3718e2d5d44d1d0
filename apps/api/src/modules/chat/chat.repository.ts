import type { Prisma, PrismaClient } from '@showfloor/db';
import { isForeignKeyViolation } from '../../shared/prisma-errors.ts';

/** Only the author's public fields are ever read, so an email cannot reach a response by mistake. */
const messageFields = {
  id: true,
  sessionId: true,
  userId: true,
  message: true,
  createdAt: true,
  user: { select: { id: true, name: true, username: true } },
} as const satisfies Prisma.ChatMessageSelect;

export type ChatMessageRecord = Prisma.ChatMessageGetPayload<{ select: typeof messageFields }>;

export interface ChatPageRequest {
  limit: number;
  before?: Date | undefined;
  beforeId?: string | undefined;
}

export type ChatInsertOutcome =
  | { outcome: 'created'; message: ChatMessageRecord }
  | { outcome: 'session-missing' }
  | { outcome: 'session-ended' }
  | { outcome: 'author-missing' };

const visible = (sessionId: string) => ({ sessionId, deletedAt: null });

export function createChatRepository(prisma: PrismaClient) {
  return {
    findSession(id: string) {
      return prisma.session.findUnique({ where: { id }, select: { id: true, creatorId: true, status: true } });
    },

    /**
     * One page, newest first, ordered by (createdAt, id) so the order is total even when several
     * messages share a millisecond; asks for one extra row to learn whether an older page exists.
     */
    async listPage(sessionId: string, page: ChatPageRequest) {
      const cursor: Prisma.ChatMessageWhereInput = page.before
        ? page.beforeId
          ? { OR: [{ createdAt: { lt: page.before } }, { createdAt: page.before, id: { lt: page.beforeId } }] }
          : { createdAt: { lt: page.before } }
        : {};
      const rows = await prisma.chatMessage.findMany({
        where: { ...visible(sessionId), ...cursor },
        orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
        take: page.limit + 1,
        select: messageFields,
      });
      return { items: rows.slice(0, page.limit), hasMore: rows.length > page.limit };
    },

    count(sessionId: string) {
      return prisma.chatMessage.count({ where: visible(sessionId) });
    },

    /**
     * Stores a message unless the session is missing or ended. The session row is read FOR SHARE,
     * so a stream ending at the same moment either commits first (and the message is refused) or
     * waits until the message is in: no message ever lands after the end.
     */
    async insertIntoOpenSession(data: {
      sessionId: string;
      userId: string;
      message: string;
    }): Promise<ChatInsertOutcome> {
      try {
        return await prisma.$transaction(async (tx) => {
          const [session] = await tx.$queryRaw<{ status: string }[]>`
            SELECT status::text AS status FROM sessions WHERE id = ${data.sessionId}::uuid FOR SHARE`;
          if (!session) return { outcome: 'session-missing' as const };
          if (session.status === 'ended') return { outcome: 'session-ended' as const };
          const message = await tx.chatMessage.create({ data, select: messageFields });
          return { outcome: 'created' as const, message };
        });
      } catch (error) {
        // The session is locked, so a foreign-key failure can only be the author: deleted while
        // their access token still verifies.
        if (isForeignKeyViolation(error)) {
          return { outcome: 'author-missing' };
        }
        throw error;
      }
    },

    /** Soft delete; false when the message is not in this session or is already deleted. */
    async softDelete(input: { sessionId: string; messageId: string; deletedBy: string; at: Date }): Promise<boolean> {
      const { count } = await prisma.chatMessage.updateMany({
        where: { id: input.messageId, ...visible(input.sessionId) },
        data: { deletedAt: input.at, deletedBy: input.deletedBy },
      });
      return count === 1;
    },
  };
}

export type ChatRepository = ReturnType<typeof createChatRepository>;
