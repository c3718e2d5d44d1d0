import type { AccessTokenIdentity } from '@showfloor/access-tokens';
import {
  type ChatListQuery,
  type ChatMessageView,
  type ChatPageMeta,
  ConflictError,
  chatMessageTextSchema,
  displayNameOf,
  ForbiddenError,
  NotFoundError,
  UnauthorizedError,
  ValidationError,
} from '@showfloor/contracts';
import type { Logger } from '@showfloor/server-kit';
import type { RoomPushes } from '../../integrations/room-pushes.ts';
import { canModerateChat } from '../../shared/authorization.ts';
import type { ActivityRecorder } from '../feeds/activity-recorder.ts';
import { activityTexts } from '../feeds/activity-texts.ts';
import type { ChatMessageRecord, ChatRepository } from './chat.repository.ts';
import type { ChatRateLimiter } from './chat-rate-limiter.ts';

export interface ChatServiceDeps {
  repository: ChatRepository;
  pushes: Pick<RoomPushes, 'send'>;
  logger: Logger;
  rateLimiter: ChatRateLimiter;
  /** The author's feed: "sent a chat message", written without holding up the message. */
  activities?: ActivityRecorder;
  /** Told after a message was stored or moderated away (the newest page's cached answer). */
  chatChanged?: (sessionId: string) => Promise<void>;
}

export interface SendChatMessage {
  sessionId: string;
  /** From a verified token (REST) or the realtime service's authenticated socket — never a payload. */
  userId: string;
  message: string;
}

function toChatMessageView(record: ChatMessageRecord): ChatMessageView {
  return { ...record, user: { id: record.user.id, name: record.user.name, username: record.user.username } };
}

export function createChatService({
  repository,
  pushes,
  logger,
  rateLimiter,
  activities,
  chatChanged,
}: ChatServiceDeps) {
  async function existingSession(sessionId: string) {
    const session = await repository.findSession(sessionId);
    if (!session) throw new NotFoundError('Session');
    return session;
  }

  return {
    /** Newest first; `before` (+ `beforeId`) pages towards older messages. Deleted ones never show. */
    async list(sessionId: string, query: ChatListQuery): Promise<{ items: ChatMessageView[]; meta: ChatPageMeta }> {
      const [, page] = await Promise.all([
        existingSession(sessionId),
        repository.listPage(sessionId, {
          limit: query.limit,
          before: query.before === undefined ? undefined : new Date(query.before),
          beforeId: query.beforeId,
        }),
      ]);
      const oldest = page.items.at(-1);
      return {
        items: page.items.map(toChatMessageView),
        meta: {
          count: page.items.length,
          limit: query.limit,
          hasMore: page.hasMore,
          next: page.hasMore && oldest ? { before: oldest.createdAt, beforeId: oldest.id } : null,
        },
      };
    },

    async count(sessionId: string): Promise<{ sessionId: string; count: number }> {
      const [, count] = await Promise.all([existingSession(sessionId), repository.count(sessionId)]);
      return { sessionId, count };
    },

    /**
     * The one way a chat message is stored, for REST and (through an internal route) sockets:
     * trimmed 1–500 chars, into a session that exists and has not ended, within the author's
     * rate limit; then broadcast as `new-message` with its stored id — unless the caller announces
     * it itself (`announce: false`: the realtime node that received it over a socket emits it).
     */
    async send(input: SendChatMessage, options: { announce?: boolean } = {}): Promise<ChatMessageView> {
      const text = chatMessageTextSchema.safeParse(input.message);
      if (!text.success) {
        throw new ValidationError('Invalid message: must be 1–500 characters after trimming', [
          { field: 'message', message: text.error.issues[0]?.message ?? 'is invalid' },
        ]);
      }
      // Checked before the rate limit so a message that cannot be stored does not use up a slot.
      const session = await existingSession(input.sessionId);
      if (session.status === 'ended') throw new ConflictError('This stream has ended; its chat is closed');
      await rateLimiter.take(input.userId);

      const result = await repository.insertIntoOpenSession({ ...input, message: text.data });
      await chatChanged?.(input.sessionId);
      if (result.outcome === 'session-missing') throw new NotFoundError('Session');
      if (result.outcome === 'session-ended') throw new ConflictError('This stream has ended; its chat is closed');
      if (result.outcome === 'author-missing') throw new UnauthorizedError('Your account no longer exists');

      const stored = result.message;
      activities?.record(activityTexts.chatMessage(stored));
      if (options.announce === false) return toChatMessageView(stored);
      // Never waited for: the message is committed, and viewers hearing it a moment later changes
      // nothing the sender's next request could see. Queued in order, retried, never rejects.
      void pushes.send({
        event: 'new-message',
        payload: {
          id: stored.id,
          message: stored.message,
          userId: stored.userId,
          userName: displayNameOf(stored.user),
          sessionId: stored.sessionId,
          createdAt: stored.createdAt.toISOString(),
        },
      });
      return toChatMessageView(stored);
    },

    /**
     * Moderation: admins, moderators and the session's creator. Authors cannot delete their own
     * messages (the issue names only moderators). Ended sessions stay moderatable.
     */
    async delete(
      actor: AccessTokenIdentity,
      input: { sessionId: string; messageId: string },
    ): Promise<{ id: string; sessionId: string }> {
      const session = await existingSession(input.sessionId);
      if (!canModerateChat(actor, session)) {
        throw new ForbiddenError("Only an admin, a moderator or the session's creator can delete messages");
      }
      const deleted = await repository.softDelete({ ...input, deletedBy: actor.userId, at: new Date() });
      await chatChanged?.(input.sessionId);
      if (!deleted) throw new NotFoundError('Message');
      logger.info({ actorId: actor.userId, ...input }, 'chat message deleted by moderation');
      void pushes.send({ event: 'message-deleted', payload: input });
      return { id: input.messageId, sessionId: input.sessionId };
    },
  };
}

export type ChatService = ReturnType<typeof createChatService>;
