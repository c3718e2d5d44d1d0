import { sendCommand } from '@showfloor/client';
import { chatMessageTextSchema, type SessionStatus } from '@showfloor/contracts/rest';
import { displayNameOf } from '@showfloor/contracts/rules';
import { type FormEvent, useLayoutEffect, useRef, useState } from 'react';
import { Link, useLocation } from 'react-router';
import { useSessionChat } from '../../live/use-session-chat.ts';
import { useAuth } from '../../platform/auth-context.tsx';
import { useRealtime } from '../../platform/realtime-context.tsx';
import type { Room } from '../../platform/use-room.ts';
import { QueryState, signInPath } from '../../ui/page-states.tsx';
import { refusalText } from './refusal-text.ts';

/** Within this many pixels of the bottom, new messages keep the list scrolled to the newest. */
const stickyPx = 48;

function ChatComposer({ sessionId, inRoom }: { sessionId: string; inRoom: boolean }) {
  const { socket } = useRealtime();
  const [text, setText] = useState('');
  const [refusal, setRefusal] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function send(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const message = chatMessageTextSchema.safeParse(text);
    if (!message.success) {
      setRefusal(message.error.issues[0]?.message ?? 'Write a message first');
      return;
    }
    if (!socket) return;
    setBusy(true);
    try {
      // The room broadcasts it back with its stored id; it appears in the list from there.
      await sendCommand(socket, 'send-message', { sessionId, message: message.data });
      setText('');
      setRefusal(null);
    } catch (error) {
      setRefusal(refusalText(error));
    } finally {
      setBusy(false);
    }
  }

  return (
    <form className="chat-composer" onSubmit={send}>
      <input
        aria-label="Message"
        placeholder={inRoom ? 'Say something…' : 'Reconnecting…'}
        value={text}
        maxLength={500}
        onChange={(event) => setText(event.target.value)}
      />
      <button type="submit" className="button button-primary" disabled={busy || !inRoom || text.trim() === ''}>
        Send
      </button>
      {refusal ? (
        <p className="form-error chat-refusal" role="alert">
          {refusal}
        </p>
      ) : null}
    </form>
  );
}

/** The room's chat: history, live messages, deletions; signed-in viewers write over the socket. */
export function ChatPanel({ sessionId, status, room }: { sessionId: string; status: SessionStatus; room: Room }) {
  const chat = useSessionChat(sessionId, room, status);
  const inRoom = room.joined !== null;
  const { state } = useAuth();
  const location = useLocation();
  const list = useRef<HTMLOListElement>(null);
  const atBottom = useRef(true);
  const count = chat.data?.length ?? 0;

  // biome-ignore lint/correctness/useExhaustiveDependencies: runs when a message arrives or goes.
  useLayoutEffect(() => {
    const element = list.current;
    if (element && atBottom.current) element.scrollTop = element.scrollHeight;
  }, [count]);

  return (
    <section className="card chat-panel" aria-label="Chat">
      <h2>Chat</h2>
      <QueryState query={chat} isEmpty={(messages) => messages.length === 0} empty="No messages yet. Say hello!">
        {(messages) => (
          <ol
            className="chat-messages"
            ref={list}
            aria-live="polite"
            onScroll={(event) => {
              const element = event.currentTarget;
              atBottom.current = element.scrollHeight - element.scrollTop - element.clientHeight < stickyPx;
            }}
          >
            {messages.map((message) => (
              <li key={message.id} className="chat-message" data-testid="chat-message">
                <span className="chat-author">{displayNameOf(message.user)}</span>{' '}
                <time className="muted small" dateTime={message.createdAt.toISOString()}>
                  {message.createdAt.toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit' })}
                </time>
                <p className="chat-text">{message.message}</p>
              </li>
            ))}
          </ol>
        )}
      </QueryState>
      {status === 'ended' ? (
        <p className="muted small">The chat closed with the stream.</p>
      ) : state.status === 'signed-in' ? (
        <ChatComposer sessionId={sessionId} inRoom={inRoom} />
      ) : state.status === 'guest' ? (
        <p className="chat-sign-in">
          <Link to={signInPath(location.pathname)} className="button">
            Sign in to chat
          </Link>
        </p>
      ) : null}
    </section>
  );
}
