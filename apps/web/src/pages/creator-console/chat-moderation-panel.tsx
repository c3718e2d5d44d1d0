import type { ChatMessageView, SessionDetailView } from '@showfloor/contracts/rest';
import { displayNameOf } from '@showfloor/contracts/rules';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { sessionKeys } from '../../live/session-query.ts';
import { useSessionChat } from '../../live/use-session-chat.ts';
import type { Room } from '../../platform/use-room.ts';
import { useApi } from '../../platform/web-client-context.tsx';
import { QueryState } from '../../ui/page-states.tsx';
import { ActionError } from './action-error.tsx';

/** The room's chat as it happens, each message with a delete button (moderation soft-deletes it for everyone). */
export function ChatModerationPanel({ session, room }: { session: SessionDetailView; room: Room }) {
  const api = useApi();
  const queryClient = useQueryClient();
  const chat = useSessionChat(session.id, room, session.status);
  const remove = useMutation({
    mutationFn: (messageId: string) => api.chat.delete({ params: { sessionId: session.id, messageId } }),
    // The room hears `message-deleted` too; this page does not wait for it, nor trust it came.
    onSuccess: ({ data }) =>
      queryClient.setQueryData<ChatMessageView[]>(sessionKeys.chat(session.id), (messages) =>
        messages?.filter((message) => message.id !== data.id),
      ),
    onError: () => queryClient.invalidateQueries({ queryKey: sessionKeys.chat(session.id) }),
  });

  return (
    <section className="card stack" aria-labelledby="console-chat-title">
      <h2 id="console-chat-title">Chat</h2>
      <QueryState query={chat} isEmpty={(messages) => messages.length === 0} empty="No messages yet.">
        {(messages) => (
          <ol className="console-chat" data-testid="chat-messages">
            {messages.map((message) => (
              <li key={message.id} data-testid="chat-message">
                <div>
                  <strong>{displayNameOf(message.user)}</strong> <span>{message.message}</span>
                </div>
                <button
                  type="button"
                  className="button button-small button-quiet"
                  disabled={remove.isPending && remove.variables === message.id}
                  aria-label={`Delete message from ${displayNameOf(message.user)}: ${message.message}`}
                  onClick={() => remove.mutate(message.id)}
                >
                  Delete
                </button>
              </li>
            ))}
          </ol>
        )}
      </QueryState>
      <ActionError error={remove.error} />
    </section>
  );
}
