import type { ChatMessageView } from '@showfloor/contracts/rest';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useSocketEvent } from '../platform/realtime-context.tsx';
import { useApi } from '../platform/web-client-context.tsx';
import { sessionKeys } from './session-query.ts';

/** Most recent messages kept on the page; older ones stay on the server. */
const keptMessages = 200;

/**
 * A session's chat, oldest first: the latest page over REST, then each `new-message` appended
 * (once, even if REST and the socket both brought it) and each `message-deleted` removed.
 */
export function useSessionChat(sessionId: string) {
  const api = useApi();
  const queryClient = useQueryClient();
  const key = sessionKeys.chat(sessionId);
  const query = useQuery({
    queryKey: key,
    queryFn: async () => (await api.chat.list({ params: { sessionId }, query: { limit: 50 } })).data.toReversed(),
  });
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
