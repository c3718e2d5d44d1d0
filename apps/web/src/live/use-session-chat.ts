import type { ChatMessageView, SessionStatus } from '@showfloor/contracts/rest';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef } from 'react';
import { useSocketEvent } from '../platform/realtime-context.tsx';
import type { Room } from '../platform/use-room.ts';
import { useApi } from '../platform/web-client-context.tsx';
import { sessionKeys } from './session-query.ts';

/** Most recent messages kept on the page; older ones stay on the server. */
const keptMessages = 200;

/**
 * A session's chat, oldest first: the latest page over REST, then each `new-message` appended
 * (once, even if REST and the socket both brought it) and each `message-deleted` removed.
 *
 * Until a session ends its chat can grow, so the page is read only once the page is in the room
 * and again after every rejoin: a page read before joining misses a message sent between the read
 * and the join, since that broadcast reached nobody here. A refused join still shows the history.
 */
export function useSessionChat(sessionId: string, room: Room, status: SessionStatus) {
  const api = useApi();
  const queryClient = useQueryClient();
  const key = sessionKeys.chat(sessionId);
  const inRoom = room.joined !== null;
  const query = useQuery({
    queryKey: key,
    queryFn: async () => (await api.chat.list({ params: { sessionId }, query: { limit: 50 } })).data.toReversed(),
    enabled: inRoom || status === 'ended' || room.error !== null,
  });
  const joins = useRef(0);
  // biome-ignore lint/correctness/useExhaustiveDependencies: runs on each join, not on each render.
  useEffect(() => {
    if (!inRoom) return;
    joins.current += 1;
    if (joins.current > 1) void queryClient.invalidateQueries({ queryKey: key });
  }, [inRoom]);
  const update = (change: (messages: ChatMessageView[]) => ChatMessageView[]) =>
    queryClient.setQueryData<ChatMessageView[]>(key, (messages) => (messages ? change(messages) : messages));

  useSocketEvent('new-message', (event) => {
    if (event.sessionId !== sessionId) return;
    const message: ChatMessageView = {
      id: event.id,
      sessionId: event.sessionId,
      message: event.message,
      userId: event.userId,
      user: { id: event.userId, name: event.userName, username: null },
      createdAt: new Date(event.createdAt),
    };
    if (queryClient.getQueryData(key) === undefined) {
      // The first page is still on its way and may have been read before this message was stored:
      // read it again (a message is stored before it is broadcast), or the message would be lost.
      void queryClient.invalidateQueries({ queryKey: key });
      return;
    }
    update((messages) =>
      messages.some((kept) => kept.id === message.id) ? messages : [...messages, message].slice(-keptMessages),
    );
  });
  useSocketEvent('message-deleted', (event) => {
    if (event.sessionId === sessionId) update((messages) => messages.filter((kept) => kept.id !== event.messageId));
  });
  return query;
}
